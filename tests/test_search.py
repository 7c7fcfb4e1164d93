import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from articles import search
from articles.models import Article

from .archive_edits import EDITS, edit
from .factories import add_section, make_article
from .html import page

# The query language, without a database


def test_words_phrases_exclusions_and_alternatives_are_understood():
    query = search.parse('chips "framework law" -korea gpu or npu')
    assert [[(t.words, t.negated) for t in group] for group in query.groups] == [
        [(["chips"], False)],
        [(["framework", "law"], False)],
        [(["korea"], True)],
        [(["gpu"], False), (["npu"], False)],
    ]


def test_hangul_words_become_their_two_letter_pieces():
    assert search.parse("인공지능").groups[0][0].expanded() == ["인공", "공지", "지능"]
    assert search.parse("정책").groups[0][0].expanded() == ["정책"]


def test_indexable_text_adds_pieces_of_every_hangul_run():
    assert search.indexable("AI 인공지능은 정책") == "AI 인공지능은 정책 인공 공지 지능 능은 정책"


@pytest.mark.parametrize("text", ["", "   ", '""', "-", "-alone", "or", "!!! ???", "***"])
def test_queries_with_nothing_to_look_for_are_empty(text):
    assert search.parse(text).is_empty


def test_highlight_escapes_and_marks():
    query = search.parse("law")
    assert (
        search.highlight("<b>Law</b> & order", query)
        == "&lt;b&gt;<mark>Law</mark>&lt;/b&gt; &amp; order"
    )


def test_snippet_is_cut_around_the_first_match_on_word_boundaries():
    text = "word " * 100 + "the regulator spoke " + "word " * 100
    snippet = search.highlight(text, search.parse("regulator"), width=80)
    assert "<mark>regulator</mark>" in snippet
    assert snippet.startswith("…word") and snippet.endswith("…")
    assert len(snippet) < 120


@given(st.text(max_size=300))
def test_any_input_gives_a_safe_query_or_none(text):
    query = search.parse(text)
    fts = query.as_fts5()
    websearch = query.as_websearch()
    if query.is_empty:
        return
    # Only quoted phrases of word characters, joined by the engine's own operators.
    for phrase in fts.replace("(", " ").replace(")", " ").split('"')[1::2]:
        assert all(ch.isalnum() or ch in " _" for ch in phrase)
    assert websearch.count('"') % 2 == 0


# Searching the database (runs on SQLite and on PostgreSQL)


db = pytest.mark.django_db


def results(client, text):
    soup = page(client.get("/search/", {"q": text}))
    return [a.get_text() for a in soup.select(".card-headline a")]


@db
def test_headline_match_ranks_above_body_match(client):
    body_match = make_article("Budget talks resume", hours_ago=1)
    add_section(body_match, "<p>The semiconductor subsidy was discussed at length.</p>")
    make_article("Semiconductor exports climb", hours_ago=5)
    assert results(client, "semiconductor") == [
        "Semiconductor exports climb",
        "Budget talks resume",
    ]


@db
def test_dek_match_ranks_between_headline_and_body(client):
    add_section(make_article("Body only", hours_ago=1), "<p>Watermark rules explained.</p>")
    make_article("Dek only", dek="Watermark rules explained.", hours_ago=2)
    make_article("Watermark rules in the headline", hours_ago=3)
    assert results(client, "watermark") == [
        "Watermark rules in the headline",
        "Dek only",
        "Body only",
    ]


@db
def test_english_words_match_their_other_forms(client):
    make_article("Regulators meet chipmakers")
    assert results(client, "regulator") == ["Regulators meet chipmakers"]


@db
def test_korean_noun_finds_the_word_with_a_particle(client):
    article = make_article("교실의 변화", language="ko")
    add_section(article, "<p>학교에서 인공지능은 이제 일상이 되었다.</p>")
    make_article("Unrelated")
    assert results(client, "인공지능") == ["교실의 변화"]
    assert results(client, "일상") == ["교실의 변화"]


@db
def test_phrases_exclusions_and_alternatives(client):
    make_article("Framework law passes")
    make_article("Law of the sea")
    make_article("Chip framework")
    assert results(client, '"framework law"') == ["Framework law passes"]
    assert sorted(results(client, "law -sea")) == ["Framework law passes"]
    assert sorted(results(client, "sea or chip")) == ["Chip framework", "Law of the sea"]


@db
def test_only_published_articles_are_found(client):
    make_article("Visible semiconductor story")
    make_article("Draft semiconductor story", published=False)
    make_article("Scheduled semiconductor story", hours_ago=-3)
    make_article("Pulled semiconductor story", status=Article.Status.UNPUBLISHED)
    assert results(client, "semiconductor") == ["Visible semiconductor story"]


@db
def test_changes_to_a_section_are_searchable_at_once(client):
    article = make_article("Quiet story")
    section = add_section(article, "<p>Nothing here.</p>")
    section.body = "<p>Now about lithography.</p>"
    section.save()
    assert results(client, "lithography") == ["Quiet story"]


@db
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        '"',
        "-",
        "or or or",
        "' OR 1=1 --",
        '" NEAR(',
        "a" * 5000,
        "<script>alert(1)</script>",
        "*:*",
        "\x00",
    ],
)
def test_empty_or_hostile_queries_get_a_clear_page(client, text):
    make_article("Anything")
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    soup = page(response)
    assert soup.select_one(".search-help, [role=status]") is not None
    assert "<script>alert(1)</script>" not in response.content.decode()


@db
def test_results_show_highlighted_snippets_and_are_paginated(client, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    for n in range(3):
        add_section(make_article(f"Story {n}", hours_ago=n + 1), "<p>The lithography plant.</p>")
    soup = page(client.get("/search/", {"q": "lithography"}))
    assert soup.select_one(".snippet mark").get_text() == "lithography"
    assert "3 articles found." in soup.get_text()
    second = page(client.get("/search/", {"q": "lithography", "page": 2}))
    assert len(second.select(".card-headline")) == 1
    assert second.select_one('.pagination a[rel="prev"]')["href"] == "?q=lithography"


@db
def test_a_common_word_ranks_the_newest_matches_and_says_there_are_more(client, monkeypatch):
    monkeypatch.setattr(search, "RANKED", 3)
    make_article("Lithography lithography lithography", hours_ago=10)
    for n in range(4):
        add_section(make_article(f"Story {n}", hours_ago=n + 1), "<p>The lithography plant.</p>")
    soup = page(client.get("/search/", {"q": "lithography"}))
    assert [a.get_text() for a in soup.select(".card-headline a")] == [
        "Story 0",
        "Story 1",
        "Story 2",
    ]
    assert "More than 3 articles found" in soup.get_text()


@db
@pytest.mark.parametrize("look_back", [4, 6, 100])
def test_the_newest_matches_are_found_however_far_back_they_are(client, monkeypatch, look_back):
    """Looked for among the newest articles first, then the whole archive: the same results."""
    monkeypatch.setattr(search, "RANKED", 2)
    monkeypatch.setattr(search, "LOOK_BACK", look_back)
    for n in range(5):
        make_article(f"Other news {n}", hours_ago=n + 1)
    for n in range(3):
        add_section(make_article(f"Story {n}", hours_ago=n + 10), "<p>The lithography plant.</p>")
    soup = page(client.get("/search/", {"q": "lithography plant"}))
    assert [a.get_text() for a in soup.select(".card-headline a")] == ["Story 0", "Story 1"]
    assert "More than 2 articles found" in soup.get_text()


@db
@pytest.mark.parametrize(("asked", "status"), [("1", 301), ("02", 301), ("x", 404), ("9", 404)])
def test_result_pages_have_one_address(client, asked, status):
    make_article("Lithography today")
    response = client.get("/search/", {"q": "lithography", "page": asked})
    assert response.status_code == status
    if status == 301:
        assert response["Location"] == "/search/?q=lithography" + (
            "&page=2" if asked == "02" else ""
        )


# The search window: the newest articles, searched first, kept by the writes


def window_results(client, at=None):
    """The search page's results for a word every article has, and whether it says more."""
    with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
        soup = page(client.get("/search/", {"q": "dek"}))
    headlines = {a.get_text() for a in soup.select(".card-headline a")}
    return headlines, "More than" in soup.get_text()


def expected_results(at=None):
    """What any search of every article finds: the newest RANKED that readers see."""
    shown = Article.objects.published(at=at or timezone.now()).order_by("-published_at", "-pk")
    headlines = list(shown.values_list("headline", flat=True)[: search.RANKED + 1])
    return set(headlines[: search.RANKED]), len(headlines) > search.RANKED


def marked_window():
    return set(Article.objects.filter(in_search_window=True).values_list("pk", flat=True))


def expected_window():
    """The newest LOOK_BACK articles readers see and every scheduled one: no more, or a
    search would read more than the newest, and no fewer."""
    shown = Article.objects.published().order_by("-published_at", "-pk")
    newest = list(shown.values_list("published_at", flat=True)[: search.LOOK_BACK])
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    if len(newest) == search.LOOK_BACK:
        published = published.filter(published_at__gte=newest[-1])
    return set(published.values_list("pk", flat=True))


@examples(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS)
@pytest.mark.django_db
def test_whatever_editors_do_a_search_finds_the_newest_matches(client, settings, edits):
    settings.NEWSROOM_PAGE_CACHE = False
    # A window that can hold the two newest matches while missing a newer one.
    with mock.patch.object(search, "RANKED", 2), mock.patch.object(search, "LOOK_BACK", 5):
        articles = [make_article(hours_ago=2 + n) for n in range(6)]
        for what, which in edits:
            edit(articles, what, which)
            assert window_results(client) == expected_results(), (what, which)
            assert marked_window() == expected_window(), (what, which)
        later = timezone.now() + datetime.timedelta(hours=2)
        assert window_results(client, at=later) == expected_results(at=later)


@pytest.mark.django_db
def test_bulk_loaded_articles_are_searched_in_the_window(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    with mock.patch.object(search, "RANKED", 2), mock.patch.object(search, "LOOK_BACK", 3):
        call_command("seed_bulk", "8")
        window = Article.objects.filter(in_search_window=True)
        assert window.count() == 3
        soup = page(client.get("/search/", {"q": "regulators"}))
        shown = Article.objects.published().order_by("-published_at", "-pk")
        newest = shown.filter(pk__in=search.only_matching(shown, search.parse("regulators")))
        assert {a.get_text() for a in soup.select(".card-headline a")} == set(
            newest.values_list("headline", flat=True)[:2]
        )


@pytest.mark.django_db
def test_rebuilding_the_search_index_marks_the_window_of_articles_loaded_past_save():
    with mock.patch.object(search, "LOOK_BACK", 3):
        for n in range(5):
            make_article(hours_ago=n + 1)
        Article.objects.update(in_search_window=False)
        output = io.StringIO()
        call_command("rebuild_search_index", stdout=output)
        assert marked_window() == expected_window() and len(marked_window()) == 3
    assert "Search index rebuilt: 5 articles." in output.getvalue()
