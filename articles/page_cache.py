"""
Reader pages cached whole, and never stale.

One row (SiteVersion) counts every change readers could see anywhere: saving an
article or one of its parts, a correction, a read-also link or list, a tag merge.
A page's cache key carries that count, so a change makes every cached page
unreachable at once; nothing is deleted by pattern, and any cache backend shared
by the app servers works. The row also holds the next moment a scheduled article
becomes visible: when it has come, the count moves on by itself, with no job.

The same count gives the ETag, and its time the Last-Modified, so browsers and a
CDN in front revalidate with conditional requests and get 304 answers.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from .models import SiteVersion


def _fingerprint(request, state):
    # The time as well as the count: a database restored from a backup counts again from
    # an earlier number, but never at the same microsecond.
    seed = f"{state.version}:{state.changed_at.timestamp()}:{request.get_full_path()}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def _not_modified(request, etag, last_modified):
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(last_modified.timestamp()) <= since


def _headers(response, etag, state):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(state.changed_at.timestamp())
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=min(settings.NEWSROOM_CDN_MAX_AGE, state.seconds_until_next_publication()),
    )
    return response


def respond(request, produce):
    """
    The answer to ``request`` from the page cache, or 304 when the client's copy is
    current; otherwise ``produce()``'s response, stored when it is a 200.
    """
    if request.method not in ("GET", "HEAD"):
        return produce()
    state = SiteVersion.current()
    fingerprint = _fingerprint(request, state)
    etag = f'"{fingerprint}"'
    if _not_modified(request, etag, state.changed_at):
        return _headers(HttpResponseNotModified(), etag, state)
    key = f"page:{fingerprint}"
    stored = cache.get(key) if settings.NEWSROOM_PAGE_CACHE else None
    if stored is not None:
        content, content_type = stored
        return _headers(HttpResponse(content, content_type=content_type), etag, state)
    response = produce()
    if response.status_code != 200 or response.streaming:
        return response
    if hasattr(response, "render"):
        response.render()
    if settings.NEWSROOM_PAGE_CACHE:
        timeout = min(settings.NEWSROOM_PAGE_CACHE_SECONDS, state.seconds_until_next_publication())
        cache.set(key, (response.content, response["Content-Type"]), timeout)
    return _headers(response, etag, state)


def cached_page(view):
    """Serve a reader view from the page cache, with ETag and Last-Modified."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        return respond(request, lambda: view(request, *args, **kwargs))

    return cached_view
