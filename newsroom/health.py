from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For load balancers: the app server answers. Touches no database or cache."""
    return HttpResponse("ok\n", content_type="text/plain")
