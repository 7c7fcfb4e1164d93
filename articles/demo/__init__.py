"""
Demo content for a fresh site: the articles in ``articles.json`` with their images.

Loading is idempotent: articles and authors are matched by slug and brought
back to what the file says, so running it again changes nothing readers see.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .. import workflow
from ..models import (
    Article,
    Author,
    Byline,
    Footnote,
    Picture,
    ReadingList,
    ReadingListItem,
    RelatedLink,
    Section,
)

DEMO_DIR = Path(__file__).resolve().parent


@dataclass
class DemoSummary:
    created: int = 0
    updated: int = 0


def read_demo_content():
    with open(DEMO_DIR / "articles.json", encoding="utf-8") as file:
        return json.load(file)


@transaction.atomic
def load_demo(progress=lambda article: None, now=None):
    """Load the demo, its publication times counted back from ``now`` (the current hour)."""
    content = read_demo_content()
    summary = DemoSummary()
    authors = {
        data["slug"]: Author.objects.update_or_create(
            slug=data["slug"], defaults={"name": data["name"], "bio": data["bio"]}
        )[0]
        for data in content["authors"]
    }
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    articles = {}
    for data in content["articles"]:
        article, created = _load_article(data, authors, now)
        articles[article.slug] = article
        summary.created += created
        summary.updated += not created
        progress(article)
    for data in content["articles"]:
        _load_related(articles[data["slug"]], data["related"], articles)
    for data in content["reading_lists"]:
        _load_reading_list(data, articles, now)
    return summary


def _load_article(data, authors, now):
    published_at = now - datetime.timedelta(hours=data["published_hours_ago"])
    image = data["lead_image"]
    article = Article.objects.filter(slug=data["slug"]).first()
    created = article is None
    if created:
        article = Article(slug=data["slug"])
    article.headline = data["headline"]
    article.dek = data["dek"]
    article.kind = data["kind"]
    article.language = data["language"]
    workflow.move(article, workflow.PUBLISH, at=published_at)
    texts = {"alt": image["alt"], "caption": image["caption"], "credit": image["credit"]}
    if article.lead_picture is None:
        with open(DEMO_DIR / "images" / image["file"], "rb") as file:
            # Assigned, not stored directly: saving the picture cleans it and makes renditions.
            article.lead_picture = Picture(file=File(file, name=image["file"]), **texts)
            article.lead_picture.save()
    else:
        Picture.objects.filter(pk=article.lead_picture_id).update(**texts)
    # The body is rendered once, below, after its parts.
    article.save(render=False)
    article.tags.set(data["tags"], clear=True)

    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author=authors[slug], order=order)
        for order, slug in enumerate(data["authors"])
    )
    with article.rendering_once():
        _load_parts(article, data)
    # Demo articles read as never edited after publication.
    article.backdate(published_at)
    return article, created


def _load_parts(article, data):
    article.sections.all().delete()
    article.footnotes.all().delete()
    for order, section in enumerate(data["sections"]):
        Section(
            article=article, order=order, heading=section["heading"], body=section["body"]
        ).save()
    for order, note in enumerate(data["footnotes"]):
        Footnote(
            article=article,
            order=order,
            key=note["key"],
            authors=note["authors"],
            year=note["year"],
            title=note["title"],
            container=note["container"],
            url=note["url"],
            accessed=note["accessed"],
            note=note["note"],
        ).save()


def _load_reading_list(data, articles, now):
    reading_list, _ = ReadingList.objects.update_or_create(
        slug=data["slug"], defaults={"name": data["name"], "description": data["description"]}
    )
    reading_list.items.all().delete()
    ReadingListItem.objects.bulk_create(
        ReadingListItem(reading_list=reading_list, article=articles[slug], order=order)
        for order, slug in enumerate(data["articles"])
    )
    for slug in data["attached_to"]:
        articles[slug].reading_lists.add(reading_list)
    ReadingList.objects.filter(pk=reading_list.pk).update(updated_at=now)


def _load_related(article, links, articles):
    article.related_links.all().delete()
    for order, link in enumerate(links):
        target = articles.get(link.get("article"))
        RelatedLink(
            article=article,
            order=order,
            target=target,
            title=link.get("title", ""),
            url=link.get("url", ""),
        ).save()
