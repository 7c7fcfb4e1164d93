"""
What the OpenAPI schema says beyond the serializers: every error answer with its body and
headers, so that a client (or Schemathesis) can hold each answer to the schema.

A 400 names the parameters that are wrong; every other error has a ``detail``.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

PARAMETER_ERRORS = {
    "type": "object",
    "description": "Each wrong parameter, with what is wrong with it.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "minProperties": 1,
}

DETAIL = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}},
}


def _detail(name, description, example):
    return OpenApiResponse(
        DETAIL, description, examples=[OpenApiExample(name, {"detail": example})]
    )


BAD_PARAMETER = OpenApiResponse(
    PARAMETER_ERRORS,
    "A parameter is wrong; the answer names it.",
    examples=[
        OpenApiExample(
            "Page size out of range",
            {"page_size": ["Give a whole number from 1 to 100."]},
        )
    ],
)
UNKNOWN_KEY = _detail(
    "Unknown key",
    "The API key is unknown, revoked or expired.",
    "This API key is unknown, revoked or expired.",
)
THROTTLED = _detail(
    "Throttled",
    "Too many requests from this client; Retry-After says when to try again.",
    "Request was throttled. Expected available in 12 seconds.",
)
NOT_FOUND = _detail(
    "Not found",
    "Nothing published answers to this address.",
    "No ReadingList matches the given query.",
)
UNKNOWN_NAME = _detail(
    "Unknown tag",
    "No published article has this tag or author, or the cursor names no page.",
    "No published article has the tag “gossip”.",
)

ERRORS = {400: BAD_PARAMETER, 401: UNKNOWN_KEY, 429: THROTTLED}


def _header(name, kind, status, description):
    """A header every answer of ``status`` carries."""
    return OpenApiParameter(
        name,
        kind,
        OpenApiParameter.HEADER,
        required=True,
        response=[status],
        description=description,
    )


HEADERS = [
    _header("Retry-After", OpenApiTypes.INT, 429, "Seconds until this client may call again."),
    _header("WWW-Authenticate", OpenApiTypes.STR, 401, "`Api-Key`: how to send a partner key."),
]


def listing(page_schema):
    """The answers of a paginated list: a page, or an error."""
    return {
        "responses": {200: page_schema, 404: UNKNOWN_NAME, **ERRORS},
        "parameters": HEADERS,
    }


def document(serializer):
    """The answers of one document by its id or slug."""
    return {
        "responses": {200: serializer, 404: NOT_FOUND, 401: UNKNOWN_KEY, 429: THROTTLED},
        "parameters": HEADERS,
    }
