from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from .converters import PathTextConverter, YearConverter, ZeroPaddedConverter


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        register_converter(PathTextConverter, "text")
        register_converter(YearConverter, "yyyy")
        register_converter(ZeroPaddedConverter, "mm")
        register_converter(ZeroPaddedConverter, "dd")
