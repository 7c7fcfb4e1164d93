"""
Which language the interface speaks.

The admin speaks each staff member's own choice (StaffPreference), or else what their
browser asks for. Readers' lists speak the site's language (LANGUAGE_CODE); an article
page speaks its article's language (the view switches to it), whatever the browser says.
"""

from django.conf import settings
from django.utils import translation

ADMIN_PREFIX = "/admin/"


def staff_language(request):
    preference = getattr(request.user, "newsroom_preference", None)
    if preference is not None:
        return preference.language
    return translation.get_language_from_request(request)


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX) and request.user.is_authenticated:
            language = staff_language(request)
        elif request.path.startswith(ADMIN_PREFIX):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            return self.get_response(request)
