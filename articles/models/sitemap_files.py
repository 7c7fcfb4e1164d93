"""
The article sitemap's files, each with when it last changed, kept by the writes that change it.

Run N of ``file_size()`` ids (run 1 holds ids 1 to ``file_size()``) makes a file of the
published articles whose ids it holds: a file is found through the primary key, with no
count, and keeps its articles whatever is added or deleted (articles/sitemaps.py numbers the
files from the first article's run). Its lastmod is the newest
``Article.last_changed`` of its articles. Worked out when the sitemap index is asked, that
reads every published article, half a second at a million; so saving, publishing,
unpublishing or deleting an article works out its one file again (at most ``file_size()``
rows), and the index reads one row per file.

A row counts scheduled articles as well, so that one appearing at its time needs no write:
a lastmod still in the future means the file holds a scheduled article, and that file is
worked out from its articles when the index is asked. Bulk loads, which save no article one
by one, end with ``SitemapFile.objects.rebuild()``.
"""

import functools
import operator

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from .querysets import Status, newest_change

# A file is made from a bounded number of rows, in well under a second.
ARTICLES_PER_FILE = 5_000


def file_size():
    """Articles per file: the protocol's limit (NEWSROOM_SITEMAP_LIMIT), at most 5,000."""
    return min(settings.NEWSROOM_SITEMAP_LIMIT, ARTICLES_PER_FILE)


def file_of(pk):
    return (pk - 1) // file_size() + 1


def in_files(*numbers):
    """The condition on an article that one of the files ``numbers`` holds its id."""
    size = file_size()
    ranges = (Q(pk__gt=(number - 1) * size, pk__lte=number * size) for number in numbers)
    return functools.reduce(operator.or_, ranges)


def newest_changes(articles):
    """``{file number: its newest change}`` over ``articles``, in one grouped aggregate."""
    files = articles.order_by().annotate(file=(F("pk") - 1) / file_size() + 1).values("file")
    return dict(files.annotate(lastmod=newest_change()).values_list("file", "lastmod"))


def _listed():
    """The articles a file lists now or will list at their time: published ones."""
    from .articles import Article

    return Article.objects.filter(status=Status.PUBLISHED)


class SitemapFileQuerySet(models.QuerySet):
    def lastmods(self):
        """``[(number, lastmod)]`` of every file that lists a published article, in order."""
        from .articles import Article

        rows = dict(self.filter(size=file_size()).values_list("number", "lastmod"))
        if not rows:  # never worked out at this size: the aggregate gives the same
            rows = newest_changes(Article.objects.published())
        now = timezone.now()
        if pending := [number for number, lastmod in rows.items() if lastmod > now]:
            rows.update(dict.fromkeys(pending))
            rows.update(newest_changes(Article.objects.published().filter(in_files(*pending))))
        return sorted((number, lastmod) for number, lastmod in rows.items() if lastmod)

    def articles_changed(self, ids):
        """Work out again the files of the articles ``ids``, which are or were published."""
        numbers = sorted({file_of(pk) for pk in ids})
        if not numbers:
            return
        size = file_size()
        with transaction.atomic():
            if not self.filter(size=size).exists():
                return self.rebuild()
            for number in numbers:
                # Locked first, so that of two saves in one file the later one sees the other.
                row = self.select_for_update().filter(size=size, number=number).first()
                lastmod = newest_changes(_listed().filter(in_files(number))).get(number)
                if lastmod is None:
                    self.filter(size=size, number=number).delete()
                elif row is None:  # a new file, which another save may be making too
                    self.update_or_create(size=size, number=number, defaults={"lastmod": lastmod})
                else:
                    row.lastmod = lastmod
                    row.save(update_fields=["lastmod"])

    def rebuild(self):
        """Work out every file again, from the articles: after a bulk load, or a new size."""
        size = file_size()
        with transaction.atomic():
            self.all().delete()
            self.bulk_create(
                SitemapFile(size=size, number=number, lastmod=lastmod)
                for number, lastmod in newest_changes(_listed()).items()
            )


class SitemapFile(models.Model):
    size = models.PositiveIntegerField()
    number = models.PositiveIntegerField()
    lastmod = models.DateTimeField()

    objects = SitemapFileQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["size", "number"], name="one_row_per_sitemap_file")
        ]

    def __str__(self):
        return f"sitemap file {self.number} ({self.size} ids): {self.lastmod:%Y-%m-%d %H:%M}"
