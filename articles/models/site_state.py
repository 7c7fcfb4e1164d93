"""Rows readers see, and what readers see site-wide: the state every cached page is keyed by."""

import dataclasses
import datetime
import functools

from django.conf import settings
from django.db import models
from django.db.models import F, Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ShownToReaders(models.Model):
    """
    A row readers may see on some page. Saving or deleting it changes what they see only
    while they can see it (before or after the change): then every cached page is stale.
    A draft's rows, a scheduled article's before its time, an unpublished one's, change
    nothing cached for readers.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        shown_before = self.pk is not None and self.was_shown_to_readers()
        super().save(*args, **kwargs)
        self.shown_changed(shown_before or self.is_shown_to_readers())

    def delete(self, *args, **kwargs):
        shown = self.is_shown_to_readers()
        result = super().delete(*args, **kwargs)
        self.shown_changed(shown)
        return result

    def is_shown_to_readers(self):
        """Rows that cannot tell count as shown: a change of theirs makes pages stale."""
        return True

    def was_shown_to_readers(self):
        """Whether readers could see the row as stored, before this save."""
        stored = type(self)._default_manager.filter(pk=self.pk).first()
        return stored is not None and stored.is_shown_to_readers()

    def shown_changed(self, shown):
        """The row changed; ``shown`` when readers could see it before or can see it now."""
        if shown:
            SiteVersion.changed()


class ShownWithArticle(ShownToReaders):
    """A row of one article's: readers see it while they see the article."""

    class Meta:
        abstract = True

    def is_shown_to_readers(self):
        return self.article.is_visible_to_readers

    def was_shown_to_readers(self):
        return self.is_shown_to_readers()


class SiteVersion(models.Model):
    """
    What readers see site-wide: one row whose version every change readers can see moves
    on (editors' saves, through ShownToReaders), with the next moment a scheduled article
    becomes visible. Reader requests only read it (SiteVersion.current()), so they can run
    on a replica or with read-only credentials. See docs/architecture.md, "Caching".
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    next_publication = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("site version")

    def __str__(self):
        return str(self.version)

    @classmethod
    def changed(cls):
        """Something readers see has changed: every cached page is out of date."""
        cls._write(version=F("version") + 1, changed_at=timezone.now())

    @classmethod
    def schedule_changed(cls):
        """An article was scheduled, moved or taken off the schedule; readers see nothing yet."""
        cls._write()

    @classmethod
    def _write(cls, **changes):
        from .articles import Article  # Article builds on this module

        upcoming = Article.objects.scheduled().aggregate(first=Min("published_at"))["first"]
        if not cls.objects.filter(pk=1).update(next_publication=upcoming, **changes):
            cls.objects.get_or_create(pk=1, defaults={"next_publication": upcoming})

    @classmethod
    def current(cls):
        """
        The SiteState readers get now. Reads only: one query, and two more once per process
        when a scheduled article's time has come.
        """
        version, changed_at, upcoming = next(iter(_stored().all()), (0, _EPOCH, None))
        now = timezone.now()
        if upcoming is not None and upcoming <= now:
            changed_at, upcoming = _since_schedule(version, changed_at, upcoming, now)
        return SiteState(version, changed_at, upcoming)


_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@functools.cache
def _stored():
    """
    What current() reads, defined once: building it was half the cost of a cached page. Each
    read runs a copy (.all()), so this one never holds rows, and the database is chosen then
    (newsroom/replica.py). The table holds one row: no filter or order.
    """
    return SiteVersion.objects.values_list("version", "changed_at", "next_publication")


@dataclasses.dataclass(frozen=True)
class SiteState:
    """
    What readers see site-wide at one moment: the version, the last change readers saw
    (an editor's, or a scheduled article's time coming) and the next scheduled publication.
    """

    version: int
    changed_at: datetime.datetime
    next_publication: datetime.datetime | None

    @property
    def key(self):
        """
        Names this state in cache keys and ETags. The time as well as the version: a
        database restored from a backup counts again from an earlier number, and a
        scheduled article's time coming changes the time alone.
        """
        return f"{self.version}.{self.changed_at.timestamp()}"

    def seconds_until_next_publication(self):
        if self.next_publication is None:
            return settings.NEWSROOM_PAGE_CACHE_SECONDS
        return max(1, int((self.next_publication - timezone.now()).total_seconds()))

    def cache_seconds(self):
        """How long what is made in this state may be kept: not past the next publication."""
        return min(settings.NEWSROOM_PAGE_CACHE_SECONDS, self.seconds_until_next_publication())


# The stored state whose time came, and what readers see since, per process: it holds
# until the next scheduled time comes or an editor writes the row again.
_schedule_seen = {}


def _since_schedule(version, changed_at, stored_next, now):
    """
    The last scheduled publication readers see by ``now`` (the change they saw last) and
    the next one, when the stored next publication has passed. Readers never write the row,
    so they work this out, once per process and scheduled time.
    """
    from .articles import Article  # Article builds on this module

    stored = (version, changed_at, stored_next)
    seen = _schedule_seen.get(stored)
    if seen is None or (seen[1] is not None and seen[1] <= now):
        came = Article.objects.published(at=now).filter(published_at__gt=changed_at)
        seen = (
            came.aggregate(last=Max("published_at"))["last"] or changed_at,
            Article.objects.scheduled(at=now).aggregate(first=Min("published_at"))["first"],
        )
        _schedule_seen.clear()
        _schedule_seen[stored] = seen
    return seen
