"""
The admin's Content-Security-Policy (readers' pages get django-csp's, in settings), and
the client address the login lockout counts by.
"""

from django.conf import settings
from rest_framework.throttling import BaseThrottle


def admin_policy(media_origins):
    """The admin's policy; pictures of the library are shown from where media are stored."""
    return "; ".join(
        [
            "default-src 'self'",
            # The rich-text editor loads its modules through an inline import map, and the admin
            # writes a few inline scripts of its own: only these need 'unsafe-inline'.
            "script-src 'self' 'unsafe-inline'",
            "style-src 'self' 'unsafe-inline'",
            " ".join(["img-src 'self' data: blob:", *media_origins]),
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class AdminContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = admin_policy(settings.MEDIA_ORIGINS)

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response.setdefault("Content-Security-Policy", self.policy)
        return response


def client_address(request):
    """
    The client's address for the login lockout, found as the API's rate limits find it:
    behind NUM_PROXIES trusted proxies, the address the outermost one saw, so one client
    cannot lock a username for everyone sharing the load balancer's address.
    """
    return BaseThrottle().get_ident(request)
