"""Random sequences of what editors do to an archive, for property tests of what the writes keep."""

import datetime

from django.utils import timezone
from hypothesis import strategies as st

from articles.models import Article

from .factories import add_section, make_article
from .machine_reading import UNPUBLISHED

# What an editor can do to the articles of an archive, as (what, which article).
EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "write",
                "publish",
                "schedule",
                "unpublish",
                "edit",
                "add section",
                "delete",
                "delete with the next",
                "backdate",
            ]
        ),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=12,
)


def edit(articles, what, which):
    if what == "write" or not articles:
        articles.append(make_article(published=False))
        return
    article = articles[which % len(articles)]
    now = timezone.now()
    if what in ("publish", "schedule", "unpublish"):
        article.status = UNPUBLISHED if what == "unpublish" else Article.Status.PUBLISHED
        article.published_at = now + datetime.timedelta(hours=1 if what == "schedule" else -1)
        article.save()
    elif what == "edit":
        article.headline += " (updated)"
        article.save()
    elif what == "add section":
        add_section(article, "<p>More to the story.</p>")
    elif what == "backdate":
        article.backdate(now - datetime.timedelta(days=which + 1))
    elif what == "delete":
        articles.remove(article)
        article.delete()
    else:  # two at once, as the admin's "delete selected" does
        pair = Article.objects.filter(pk__gte=article.pk).order_by("pk")[:2]
        Article.objects.filter(pk__in=list(pair.values_list("pk", flat=True))).delete()
        articles[:] = [kept for kept in articles if Article.objects.filter(pk=kept.pk).exists()]
