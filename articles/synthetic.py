"""
Realistic articles made in bulk, for benchmarks: headlines, deks, three sections
with a cited footnote, authors, tags, about one in ten in Korean. Rows are
inserted with bulk_create and rendered and indexed the same way saving does.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from . import planner_statistics, rendering, search
from .models import (
    Article,
    Author,
    Byline,
    Footnote,
    Section,
    SitemapFile,
    SiteVersion,
    TaggedArticle,
)

SUBJECTS = [
    "Seoul",
    "The ministry",
    "Chipmakers",
    "Regulators",
    "Startups",
    "Universities",
    "The central bank",
    "Carmakers",
    "Hospitals",
    "Local councils",
]
ACTIONS = ["weigh", "unveil", "delay", "expand", "question", "fund", "test", "rethink"]
OBJECTS = [
    "AI rules",
    "data centres",
    "a chip subsidy",
    "export controls",
    "a language model",
    "grid upgrades",
    "school pilots",
    "robotaxi permits",
    "cloud contracts",
]
SENTENCES = [
    "Officials said the plan would be reviewed again before the end of the year.",
    "Industry groups welcomed the move but asked for clearer definitions.",
    "Analysts expect the cost to rise as demand for computing power grows.",
    "The proposal has divided lawmakers along familiar lines.",
    "Smaller firms say compliance work is taking time away from products.",
    "The figures were published alongside a consultation that closes next month.",
]
KOREAN = [
    "인공지능은 산업 전반에서 빠르게 확산되고 있다.",
    "정부는 반도체 지원 정책을 다시 검토하기로 했다.",
    "전문가들은 데이터센터 전력 수요가 늘어날 것으로 본다.",
    "학교 현장에서는 인공지능의 활용을 둘러싼 논의가 이어지고 있다.",
]
KOREAN_SUBJECTS = ["정부", "업계", "학계"]
KOREAN_TOPICS = ["인공지능", "반도체", "데이터센터"]
TAGS = ["ai policy", "semiconductors", "startups", "korea", "china", "energy", "education"]


def _article(rng, n, now):
    korean = n % 10 == 0
    sentences = KOREAN if korean else SENTENCES
    if korean:
        headline = f"{rng.choice(KOREAN_SUBJECTS)} {rng.choice(KOREAN_TOPICS)} 정책 점검 {n}"
    else:
        headline = f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} ({n})"
    article = Article(
        headline=headline,
        slug=f"bulk-{n}",
        dek=" ".join(rng.sample(sentences, 2)),
        kind=rng.choice(Article.Kind.values),
        language="ko" if korean else "en",
        status=Article.Status.PUBLISHED,
        published_at=now - datetime.timedelta(minutes=n * 7),
    )
    sections = [
        Section(
            heading="" if i == 0 else f"Part {i + 1}",
            body="".join(f"<p>{s}</p>" for s in rng.sample(sentences, 3))
            + ("[^src]" if i == 0 else ""),
            order=i,
        )
        for i in range(3)
    ]
    notes = [
        Footnote(
            key="src",
            authors="Kim, J.",
            year=2025,
            title="A report on the subject",
            url="https://example.org/report",
            order=0,
        )
    ]
    article.apply_rendering(rendering.render_body(article, sections, notes, corrections=[]))
    return article, sections, notes


def create_articles(count, batch_size=1000, progress=lambda done: None, seed=1):
    """
    ``count`` published articles, then their sitemap files and the search window
    (bulk_create saves none of them) and fresh planner statistics for the filled tables.
    """
    _create_articles(count, batch_size, progress, seed)
    SitemapFile.objects.rebuild()
    search.keep_window(Article)
    planner_statistics.refresh()
    return count


@transaction.atomic
def _create_articles(count, batch_size, progress, seed):
    rng = random.Random(seed)
    now = timezone.now()
    start = Article.objects.count()
    authors = Author.objects.bulk_create(
        Author(name=f"Bulk Reporter {start + i}", slug=f"bulk-reporter-{start + i}")
        for i in range(20)
    )
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
    for first in range(0, count, batch_size):
        built = [
            _article(rng, start + n, now) for n in range(first, min(first + batch_size, count))
        ]
        articles = Article.objects.bulk_create([article for article, _s, _n in built])
        sections, notes, bylines, taggings = [], [], [], []
        for article, article_sections, article_notes in built:
            for part in article_sections + article_notes:
                part.article = article
            sections += article_sections
            notes += article_notes
            bylines.append(Byline(article=article, author=rng.choice(authors)))
            taggings += [
                TaggedArticle(content_object=article, tag=tag) for tag in rng.sample(tags, 2)
            ]
        Section.objects.bulk_create(sections)
        Footnote.objects.bulk_create(notes)
        Byline.objects.bulk_create(bylines)
        TaggedArticle.objects.bulk_create(taggings)
        search.index_many(articles)
        progress(first + len(built))
    SiteVersion.changed()
    return count
