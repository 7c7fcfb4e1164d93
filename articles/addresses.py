"""
Reader addresses, reversed once per process: a page links to a dozen articles, authors and
sections, and reverse() costs more than anything else in a link. The same URLconf, script
prefix, name and arguments always give the same path, so a remembered one is never stale.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse


def path(name, **kwargs):
    """``reverse(name, kwargs=kwargs)``, remembered."""
    return _reversed(get_urlconf(), get_script_prefix(), name, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=16384)
def _reversed(urlconf, script_prefix, name, kwargs):
    return reverse(name, urlconf=urlconf, kwargs=dict(kwargs))
