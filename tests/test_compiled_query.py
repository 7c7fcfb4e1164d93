"""The article page's lookup, compiled once, finds what published() finds, and nothing else."""

import datetime
from unittest import mock

import pytest
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.compiled_query import CompiledQuery
from articles.models import Article

from .factories import make_article

pytestmark = pytest.mark.django_db


def orm_lookup(slug):
    return Article.objects.published().for_parts().filter(slug=slug).first()


def test_finds_a_published_article_with_the_columns_that_name_its_pieces(
    django_assert_num_queries,
):
    article = make_article("Council passes the budget")
    with django_assert_num_queries(1):
        found = Article.objects.get_published_for_parts(article.slug)
    assert found == article
    assert (found.published_at, found.updated_at, found.content_version) == (
        article.published_at,
        article.updated_at,
        article.content_version,
    )
    assert "body_html" in found.get_deferred_fields()


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.UNPUBLISHED]
)
def test_readers_never_get_an_article_that_is_not_published(status):
    article = make_article(published=False, status=status)
    with pytest.raises(Article.DoesNotExist):
        Article.objects.get_published_for_parts(article.slug)


def test_a_scheduled_article_is_found_once_its_time_has_come():
    article = make_article(hours_ago=-2)
    with pytest.raises(Article.DoesNotExist):
        Article.objects.get_published_for_parts(article.slug)
    later = timezone.now() + datetime.timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert Article.objects.get_published_for_parts(article.slug) == article


def test_a_slug_that_reads_like_a_value_of_the_query_finds_its_own_article():
    """A slug equal to the status the query compares with is still only the slug."""
    published = make_article(slug="published")
    make_article(slug="draft", published=False)
    assert Article.objects.get_published_for_parts("published") == published
    with pytest.raises(Article.DoesNotExist):
        Article.objects.get_published_for_parts("draft")


def test_a_second_lookup_reuses_the_compiled_sql(django_assert_num_queries):
    first, second = make_article(), make_article()
    Article.objects.get_published_for_parts(first.slug)
    with django_assert_num_queries(1) as captured:
        assert Article.objects.get_published_for_parts(second.slug) == second
    assert second.slug in captured.captured_queries[0]["sql"]


def test_a_value_the_query_does_not_use_is_refused_when_compiled():
    lookup = CompiledQuery(lambda slug: Article.objects.filter(pk=1), slug=str)
    with pytest.raises(ValueError, match="slug stands 0 times"):
        lookup.first(DEFAULT_DB_ALIAS, slug="anything")


@pytest.fixture
def archive():
    """Articles readers may and may not see, with slugs that quote, escape and mix scripts."""
    make_article(slug="budget-vote")
    make_article(slug="인공지능-법")
    make_article(slug="it's-100%-true")
    make_article(slug="tomorrow", hours_ago=-1)
    make_article(slug="held-back", published=False, status=Article.Status.REVIEW)
    return ["budget-vote", "인공지능-법", "it's-100%-true", "tomorrow", "held-back"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_finds_exactly_what_published_finds(archive, data):
    # What an article's address can carry: no slash, no NUL (articles/converters.py), no lone
    # surrogate (Django decodes paths as UTF-8).
    address_text = st.characters(exclude_characters="/\x00", exclude_categories=["Cs"])
    any_text = st.text(address_text, max_size=40)
    slug = data.draw(st.one_of(st.sampled_from(archive), any_text))
    expected = orm_lookup(slug)
    try:
        found = Article.objects.get_published_for_parts(slug)
    except Article.DoesNotExist:
        found = None
    assert found == expected
