"""
Uploaded pictures served by the application itself, for a site on one machine with no web
server in front (`make serve`). A web server's `location /media/` (docs/deploy.md) answers
first when there is one; with media on object storage their URLs point at the store.

Only what the storage holds under MEDIA_ROOT is served, never a path outside it, with the
headers of files whose names are never reused.
"""

import mimetypes

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

# Uploads are pictures and their renditions (articles/images.py); nothing else is served.
SERVED_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
YEAR = 365 * 24 * 3600


@require_safe
def media_file(request, path):
    content_type, _ = mimetypes.guess_type(path)
    if not settings.NEWSROOM_SERVE_MEDIA or content_type not in SERVED_TYPES:
        raise Http404
    try:
        if not default_storage.exists(path):
            raise Http404
        response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    except (SuspiciousFileOperation, ValueError, OSError):
        raise Http404 from None
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
