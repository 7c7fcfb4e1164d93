"""The site's URLs plus one page that fails, to see what an error leaves behind."""

from django.urls import path

from newsroom.urls import urlpatterns as site


def broken(request):
    raise RuntimeError("the printer is on fire")


urlpatterns = [path("broken/", broken), *site]
