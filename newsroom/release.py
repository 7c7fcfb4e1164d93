"""
Which release of the code is running, for the cache's key prefix: pages and parts kept
in a shared cache (Redis) were made by one release's templates, code and catalogues,
and a deploy of another must not serve them.
"""

import hashlib
from pathlib import Path

# What shapes a page: code, templates and the compiled catalogues.
SHAPING_FILES = ("*.py", "*.html", "*.txt", "*.xml", "*.mo")


def fingerprint(*folders):
    """A short hash of every page-shaping file under ``folders``, by path and content."""
    digest = hashlib.sha256()
    for folder in folders:
        files = sorted(path for pattern in SHAPING_FILES for path in Path(folder).rglob(pattern))
        for path in files:
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
