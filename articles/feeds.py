from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .models import Article, TagRedirect

FEED_LENGTH = 30
SUMMARY_WORDS = 80  # for articles without a dek


class LatestArticlesFeed(Feed):
    description = _("The latest articles, newest first.")

    def title(self):
        return settings.NEWSROOM_SITE_NAME

    def link(self):
        return reverse("articles:home")

    def articles(self):
        return Article.objects.published().for_listing().prefetch_related("tags")

    def items(self):
        return self.articles()[:FEED_LENGTH]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.dek or Truncator(article.body_text).words(SUMMARY_WORDS)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_changed

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.ordered_authors) or None

    def item_categories(self, article):
        return [tag.name for tag in article.tag_list]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        # Subscribers to a merged tag keep getting the tag that absorbed it.
        merged = TagRedirect.objects.filter(old_slug=slug).select_related("tag").first()
        return merged.tag if merged else get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{settings.NEWSROOM_SITE_NAME}: {tag.name}"

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return _("The latest articles tagged “%(tag)s”.") % {"tag": tag.name}

    def items(self, tag):
        return self.articles().filter(tags=tag)[:FEED_LENGTH]
