"""The site's icons (NEWSROOM_FAVICON, NEWSROOM_APPLE_TOUCH_ICON), named in every page head."""

from django.conf import settings
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control


def url(value):
    """A full URL or an absolute path as given; otherwise a path among the static files."""
    return value if value.startswith(("/", "http://", "https://")) else static(value)


@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for without reading the page head."""
    return redirect(url(settings.NEWSROOM_FAVICON))
