"""
Reader pages cached whole, and never stale.

SiteVersion (articles/models/site_state.py) names what readers see site-wide: editors' changes
that readers can see move it on, and so does a scheduled article's time coming, with no
job and no write. A page's cache key carries it, so such a change makes every cached
page unreachable at once; nothing is deleted by pattern, and any cache backend shared by
the app servers works. The key also carries everything else the page depends on: the
scheme and host it was asked for (its canonical and social links are absolute), the
path, and the query parameters its view reads.

The same key gives the ETag, and the state's time the Last-Modified, so browsers and a
CDN in front revalidate with conditional requests and get 304 answers, for pages that
exist (django.utils.cache.get_conditional_response, as ConditionalGetMiddleware does).

Reader pages are answered by PageCacheMiddleware, near the top of the middleware
stack: a page in the cache is sent with the headers the whole stack gave it when it
was made, without running the stack again. The API answers through respond() inside
its views, after its rate limits.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, urlencode

from .models import SiteVersion

# Set on every answer from the state of the moment, never kept with a page.
_ANSWER_HEADERS = {"date", "etag", "last-modified", "cache-control", "expires"}


def origin(request):
    """What absolute links on a page start with: the scheme and host it was asked for."""
    return f"{request.scheme}://{request.get_host()}"


def _headers(response, etag, state):
    """Every answer of the cache, whoever made it, says the same about how long it holds."""
    response["ETag"] = etag
    response["Last-Modified"] = http_date(state.changed_at.timestamp())
    s_maxage = min(settings.NEWSROOM_CDN_MAX_AGE, state.seconds_until_next_publication())
    patch_cache_control(response, public=True, max_age=0, s_maxage=s_maxage)
    return response


def _storable(response):
    return response.status_code == 200 and not response.streaming and not response.cookies


def respond(request, produce, namespace, address=None):
    """
    The answer to ``request`` from the cache, or 304 when the client's copy is current;
    otherwise ``produce()``'s response, stored with its headers when it is a 200 without
    cookies. ``namespace`` keeps answers made at different depths of the stack apart;
    ``address`` is what tells pages of one host apart (the full path unless given).
    The state read is left on the request as ``site_state`` for the view.
    """
    if request.method not in ("GET", "HEAD"):
        return produce()
    state = request.site_state = SiteVersion.current()
    seed = f"{state.key} {origin(request)}{address or request.get_full_path()}"
    fingerprint = hashlib.sha256(seed.encode()).hexdigest()[:32]
    key = f"{namespace}:{fingerprint}"
    stored = cache.get(key) if settings.NEWSROOM_PAGE_CACHE else None
    if stored is not None:
        content, headers = stored
        response = HttpResponse(content, headers=headers)
    else:
        response = produce()
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not _storable(response):
            return response
        if settings.NEWSROOM_PAGE_CACHE:
            headers = {k: v for k, v in response.items() if k.lower() not in _ANSWER_HEADERS}
            cache.set(key, (response.content, headers), state.cache_seconds())
    etag = f'"{fingerprint}"'
    _headers(response, etag, state)
    return get_conditional_response(
        request, etag=etag, last_modified=int(state.changed_at.timestamp()), response=response
    )


def cached_page(view=None, *, query=()):
    """
    Mark a reader view as served through the page cache (PageCacheMiddleware). ``query``
    names the parameters the view reads: others (utm_source, fbclid, a cache-buster)
    give the same page, not another one to make and keep.
    """
    if view is None:
        return functools.partial(cached_page, query=query)

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    cached_view.page_cache_query = tuple(query)
    return cached_view


@functools.lru_cache(maxsize=4096)
def _page_cache_query(urlconf, path):
    """The parameters that tell the view's pages apart, or None when it is not cached."""
    try:
        return getattr(resolve(path, urlconf).func, "page_cache_query", None)
    except Resolver404:
        return None


def keep_only(request, query):
    """
    Let the view see only the parameters in ``query``, so that the page it makes (and the
    absolute links on it) is the same for every address that names them alike; returns that
    address. Others (utm_source, fbclid, a cache-buster) give the same page, not another one
    to make and keep.
    """
    kept = QueryDict(
        urlencode([(name, value) for name in query for value in request.GET.getlist(name)])
    )
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()
    return f"{request.path}?{kept.urlencode()}" if kept else request.path


class PageCacheMiddleware:
    """
    Serve reader pages (views marked with cached_page) from the page cache. Placed
    after SecurityMiddleware, so every answer still gets its headers, and before the
    rest, whose work a stored page already carries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = _page_cache_query(settings.ROOT_URLCONF, request.path_info)
        if request.method not in ("GET", "HEAD") or query is None:
            return self.get_response(request)
        return respond(
            request,
            lambda: self.get_response(request),
            namespace="page",
            address=keep_only(request, query),
        )
