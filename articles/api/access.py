"""
Who may call the API how often: anonymous clients by address, partners by key.

Partner keys are djangorestframework-api-key's API keys, made and revoked in the
admin (only their hashes are stored). A partner sends ``Authorization: Api-Key
<key>``; a key that is unknown, revoked or expired is refused (401) rather than
quietly treated as anonymous, so the partner notices. Rates come from
NEWSROOM_API_RATES, read on each request.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling
from rest_framework_api_key.models import APIKey

KEYWORD = "Api-Key"


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        keyword, _space, key = header.partition(" ")
        if keyword != KEYWORD:
            return None
        try:
            partner_key = APIKey.objects.get_from_key(key.strip())
        except APIKey.DoesNotExist:
            partner_key = None
        if partner_key is None or partner_key.has_expired:
            raise exceptions.AuthenticationFailed(_("This API key is unknown, revoked or expired."))
        return (None, partner_key)

    def authenticate_header(self, request):
        return KEYWORD


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes partner keys."""

    target_class = PartnerKeyAuthentication
    name = "PartnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": f"A partner key, sent as `{KEYWORD} <key>`; optional.",
        }


class ConfiguredRateThrottle(throttling.SimpleRateThrottle):
    def get_rate(self):
        return settings.NEWSROOM_API_RATES[self.scope]


class AnonymousThrottle(ConfiguredRateThrottle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerThrottle(ConfiguredRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
