"""
The editorial admin, one module per concern: ``articles`` (the article's change form and
list), ``permissions`` (who may do what, per role), ``inlines``, ``importing``, ``previews``,
``publishing`` (bulk actions), ``revisions``, ``curation`` (authors, reading lists, tags,
read-also links) and ``pictures`` (the picture library). The registrations are here.
"""

from django.contrib import admin
from taggit.models import Tag

from ..models import Article, Author, Picture, ReadingList
from .articles import ArticleAdmin
from .curation import AuthorAdmin, NewsroomTagAdmin, ReadingListAdmin
from .pictures import PictureAdmin

admin.site.register(Author, AuthorAdmin)
admin.site.register(ReadingList, ReadingListAdmin)
admin.site.unregister(Tag)
admin.site.register(Tag, NewsroomTagAdmin)
admin.site.register(Article, ArticleAdmin)
admin.site.register(Picture, PictureAdmin)

__all__ = ["ArticleAdmin", "AuthorAdmin", "NewsroomTagAdmin", "PictureAdmin", "ReadingListAdmin"]
