"""The content API under /api/v1/: what it lists, how it filters, pages, caches and limits."""

import base64
import datetime

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework_api_key.models import APIKey

from articles.importers import interchange
from articles.models import Article, Correction, ReadingList, ReadingListItem

from .factories import (
    add_byline,
    add_footnote,
    add_link,
    add_section,
    make_article,
    make_author,
    make_picture,
    png_upload,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content
    return response.json() if response.content else None


def headlines(data):
    return [item["headline"] for item in data["results"]]


@pytest.fixture
def newsroom():
    """Published articles beside one of every kind readers must never see."""
    park = make_author("Park Ji-ho", slug="park-ji-ho")
    older = make_article("Older budget story", hours_ago=5, kind="analysis")
    newer = make_article("Newer budget story", hours_ago=1, language="ko")
    for article in (older, newer):
        add_byline(article, park)
    older.tags.add("budget")
    newer.tags.add("budget", "seoul")
    hidden = {
        "draft": make_article("Secret draft", published=False),
        "review": make_article("Draft in review", published=False, status=Article.Status.REVIEW),
        "unpublished": make_article(
            "Withdrawn story", status=Article.Status.UNPUBLISHED, published_at=timezone.now()
        ),
        "scheduled": make_article("Embargoed story", hours_ago=-3),
    }
    ghost = make_author("Ghost Writer", slug="ghost-writer")
    for article in hidden.values():
        add_byline(article, ghost)
        article.tags.add("embargo")
    return {"older": older, "newer": newer, "hidden": hidden, "park": park}


# Listing


def test_articles_lists_published_articles_newest_first(client, newsroom):
    data = get(client, f"{API}/articles/")
    assert headlines(data) == ["Newer budget story", "Older budget story"]
    first = data["results"][0]
    assert first["url"] == "http://testserver" + newsroom["newer"].get_absolute_url()
    assert first["api_url"] == f"http://testserver{API}/articles/{newsroom['newer'].pk}/"
    assert first["authors"] == [{"name": "Park Ji-ho", "slug": "park-ji-ho"}]
    assert [tag["slug"] for tag in first["tags"]] == ["budget", "seoul"]
    assert first["lead_image"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag=seoul", ["Newer budget story"]),
        ("tag=budget", ["Newer budget story", "Older budget story"]),
        ("author=park-ji-ho", ["Newer budget story", "Older budget story"]),
        ("kind=analysis", ["Older budget story"]),
        ("language=ko", ["Newer budget story"]),
        ("language=en", ["Older budget story"]),
        ("q=newer", ["Newer budget story"]),
        ("q=budget -newer", ["Older budget story"]),
        ("q=budget&kind=news", ["Newer budget story"]),
        ("q=", ["Newer budget story", "Older budget story"]),
    ],
)
def test_articles_filters(client, newsroom, query, expected):
    assert headlines(get(client, f"{API}/articles/?{query}")) == expected


def test_updated_since_gives_articles_changed_since(client, newsroom):
    since = timezone.now()
    newsroom["older"].save()
    changed = get(client, f"{API}/articles/", data={"updated_since": since.isoformat()})
    assert headlines(changed) == ["Older budget story"]
    later = (timezone.now() + datetime.timedelta(minutes=1)).isoformat()
    assert headlines(get(client, f"{API}/articles/", data={"updated_since": later})) == []


def test_updated_since_takes_any_offset_python_reads(client, newsroom):
    """PostgreSQL refuses offsets past 15:59; the filter compares in UTC."""
    since = {"updated_since": "0556-07-14T16:15:22+18:41"}
    everything = headlines(get(client, f"{API}/articles/"))
    assert everything and headlines(get(client, f"{API}/articles/", data=since)) == everything


def test_search_finds_korean_words_inside_longer_words(client):
    make_article("인공지능은 교실을 바꿀까", language="ko")
    make_article("Unrelated story")
    assert headlines(get(client, f"{API}/articles/?q=인공지능")) == ["인공지능은 교실을 바꿀까"]


def test_nothing_unpublished_appears_anywhere(client, newsroom):
    reading_list = ReadingList.objects.create(name="Budget", slug="budget-list")
    for order, article in enumerate([newsroom["older"], *newsroom["hidden"].values()]):
        ReadingListItem.objects.create(reading_list=reading_list, article=article, order=order)
    for hidden in newsroom["hidden"].values():
        add_link(newsroom["older"], target=hidden)
    newsroom["older"].reading_lists.add(reading_list)
    newsroom["older"].translation_of = newsroom["hidden"]["draft"]
    newsroom["older"].save()

    pages = [
        f"{API}/articles/",
        f"{API}/articles/?page_size=100",
        f"{API}/articles/{newsroom['older'].pk}/",
        f"{API}/tags/",
        f"{API}/authors/",
        f"{API}/reading-lists/budget-list/",
    ]
    words = ["Secret draft", "Draft in review", "Withdrawn story", "Embargoed story"]
    words += ["embargo", "Ghost Writer"]
    words += [hidden.slug for hidden in newsroom["hidden"].values()]
    for url in pages:
        text = client.get(url).content.decode()
        for word in words:
            assert word not in text, (url, word)
    for hidden in newsroom["hidden"].values():
        get(client, f"{API}/articles/{hidden.pk}/", status=404)
    for name, value in [("tag", "embargo"), ("author", "ghost-writer")]:
        error = get(client, f"{API}/articles/?{name}={value}", status=404)
        assert value in error["detail"]


# Pages


def test_cursor_pages_cover_every_article_once(client):
    for n in range(7):
        make_article(f"Story {n}", hours_ago=n + 1)
    seen, url = [], f"{API}/articles/?page_size=3"
    while url:
        data = get(client, url)
        assert len(data["results"]) <= 3
        seen += headlines(data)
        url = data["next"]
    assert seen == [f"Story {n}" for n in range(7)]


def test_cursor_pages_stay_put_when_an_article_is_published(client):
    for n in range(4):
        make_article(f"Story {n}", hours_ago=n + 1)
    first = get(client, f"{API}/articles/?page_size=2")
    make_article("Breaking news", hours_ago=0)
    second = get(client, first["next"])
    assert headlines(first) + headlines(second) == [f"Story {n}" for n in range(4)]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("kind=gossip", "kind"),
        ("language=fr", "language"),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=2026-13-45T99:00:00Z", "updated_since"),
        ("updated_since=2026-11-29T09:00:00", "updated_since"),
        ("updated_since=11/29/2026 09:00:00", "updated_since"),
        ("updated_since=", "updated_since"),
        ("kind=", "kind"),
        ("tag=", "tag"),
        ("author=", "author"),
        ("q=a%00b", "q"),
        ("author=a%00b", "author"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=ten", "page_size"),
        ("page_size=%C2%B9", "page_size"),  # a superscript one: a digit to str.isdigit()
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(client, newsroom, query, parameter):
    errors = get(client, f"{API}/articles/?{query}", status=400)
    assert list(errors) == [parameter]
    assert errors[parameter][0]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("tag=no-such-tag", "no-such-tag"),
        ("author=nobody", "nobody"),
        ("tag=no-such-tag&author=nobody", "nobody"),
        ("cursor=not-a-cursor", "cursor"),
        # Well-formed base64 naming a position that is not a time.
        ("cursor=" + base64.b64encode(b"p=tomorrow").decode(), "cursor"),
        ("cursor=" + base64.b64encode(b"o=-4").decode(), "cursor"),
    ],
)
def test_a_tag_author_or_cursor_naming_nothing_is_not_found(client, newsroom, query, named):
    """Any text fits these parameters' schema: one naming nothing stored is a 404, not a 400."""
    error = get(client, f"{API}/articles/?{query}", status=404)
    assert named in error["detail"]


def test_a_wrong_parameter_beside_an_unknown_tag_is_still_a_400(client, newsroom):
    errors = get(client, f"{API}/articles/?tag=no-such-tag&kind=gossip", status=400)
    assert list(errors) == ["tag", "kind"]


def test_search_text_with_no_word_to_look_for_matches_nothing(client, newsroom):
    assert get(client, f"{API}/articles/?q=%2B%2B%2B")["results"] == []
    assert get(client, f"{API}/articles/?q=")["results"]


@pytest.mark.parametrize(
    ("moment", "found"),
    [("0001-01-01T00:00:00%2B18:00", True), ("9999-12-31T23:59:59-05:00", False)],
)
def test_a_time_just_beyond_the_years_python_knows_still_filters(client, newsroom, moment, found):
    """0001-01-01 east of UTC is before every change; 9999-12-31 west of it after all."""
    data = get(client, f"{API}/articles/?updated_since={moment}")
    assert bool(data["results"]) is found


def test_an_unknown_address_under_the_api_is_a_json_404(client):
    for address in (
        f"{API}/articles/not-a-number/",
        f"{API}/nothing/",
        f"{API}/reading-lists/a/b/",
    ):
        response = client.get(address)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


# One article


@pytest.fixture
def full_article(newsroom):
    article = make_article(
        "A story with everything",
        lead_picture=make_picture(
            png_upload("lead.png", size=(1300, 800)),
            alt="A crowded council chamber",
            caption="Councillors vote on the budget.",
        ),
    )
    add_byline(article, newsroom["park"])
    with article.rendering_once():
        add_section(article, "<p>First claim.[^kim] Second claim.[^lee]</p>", heading="")
        add_section(article, "<p>Again.[^kim]</p>", heading="Background")
        add_footnote(article, "lee", title="Lee's report", authors="Lee, S.", year=2024)
        add_footnote(article, "kim", title="Kim's study", url="https://example.org/kim")
    add_link(article, target=newsroom["older"])
    add_link(article, target=newsroom["hidden"]["draft"])
    add_link(article, title="A page elsewhere", url="https://example.com/elsewhere")
    Correction.objects.create(article=article, text="An earlier version misspelled a name.")
    return Article.objects.get(pk=article.pk)


def test_article_document_extends_the_interchange_document(client, full_article):
    data = get(client, f"{API}/articles/{full_article.pk}/")
    exported = interchange.export(
        full_article,
        related_links=full_article.related_links.exclude(target__status="draft"),
    )
    for name in ["format", "headline", "dek", "slug", "kind", "language", "status"]:
        assert data[name] == exported[name]
    assert data["format"] == "newsroom.article/1"
    assert data["footnotes"] == exported["footnotes"]
    assert data["related"] == exported["related"]
    assert [(s["heading"], s["body"]) for s in data["sections"]] == [
        (s["heading"], s["body"]) for s in exported["sections"]
    ]
    assert data["url"] == "http://testserver" + full_article.get_absolute_url()


def test_article_document_numbers_footnotes_in_section_html(client, full_article):
    data = get(client, f"{API}/articles/{full_article.pk}/")
    first, second = data["sections"]
    assert 'href="#note-1"' in first["html"] and 'href="#note-2"' in first["html"]
    assert "[^kim]" in first["body"] and "[^kim]" not in first["html"]
    assert 'href="#note-1"' in second["html"]
    assert {note["key"]: note["number"] for note in data["footnotes"]} == {"kim": 1, "lee": 2}
    assert data["body_html"] == full_article.body_html
    assert 'id="note-2"' in data["notes_html"]


def test_article_document_gives_picture_renditions_that_exist(client, full_article, media_root):
    image = get(client, f"{API}/articles/{full_article.pk}/")["lead_image"]
    assert image["alt"] == "A crowded council chamber"
    assert image["caption"] == "Councillors vote on the budget."
    picture = image["picture"]
    assert (picture["width"], picture["height"]) == (1300, 800)
    assert [r["width"] for r in picture["webp"]] == [480, 800, 1200, 1300]
    assert picture["crops"]["social"]["width"] == 1200
    urls = [picture["src"], *(r["url"] for r in picture["webp"] + picture["jpeg"])]
    urls += [crop["url"] for crop in picture["crops"].values()]
    for url in urls:
        assert url.startswith("http://testserver/media/")
        assert (media_root / url.removeprefix("http://testserver/media/")).is_file()


def test_article_document_shows_corrections_and_read_also(client, full_article, newsroom):
    data = get(client, f"{API}/articles/{full_article.pk}/")
    assert [(c["kind"], c["text"]) for c in data["corrections"]] == [
        ("correction", "An earlier version misspelled a name.")
    ]
    assert data["read_also"] == [
        {
            "title": "Older budget story",
            "url": "http://testserver" + newsroom["older"].get_absolute_url(),
            "source": "link",
            "external": False,
            "article_id": newsroom["older"].pk,
        },
        {
            "title": "A page elsewhere",
            "url": "https://example.com/elsewhere",
            "source": "link",
            "external": True,
            "article_id": None,
        },
    ]


def test_article_document_links_published_translations(client, newsroom):
    korean = make_article("번역된 기사", language="ko", translation_of=newsroom["older"])
    data = get(client, f"{API}/articles/{newsroom['older'].pk}/")
    assert [(t["id"], t["language"]) for t in data["translations"]] == [(korean.pk, "ko")]


# Tags, authors, reading lists


def test_tags_and_authors_count_only_published_articles(client, newsroom):
    tags = get(client, f"{API}/tags/")["results"]
    assert [(t["slug"], t["articles"]) for t in tags] == [("budget", 2), ("seoul", 1)]
    assert tags[0]["url"] == "http://testserver/tags/budget/"
    authors = get(client, f"{API}/authors/")["results"]
    assert [(a["slug"], a["articles"]) for a in authors] == [("park-ji-ho", 2)]
    assert authors[0]["url"] == "http://testserver/authors/park-ji-ho/"


def test_reading_list_keeps_the_curators_order(client, newsroom):
    reading_list = ReadingList.objects.create(name="Budget", slug="budget-list", description="All")
    ReadingListItem.objects.create(reading_list=reading_list, article=newsroom["older"], order=0)
    ReadingListItem.objects.create(reading_list=reading_list, article=newsroom["newer"], order=1)
    data = get(client, f"{API}/reading-lists/budget-list/")
    assert (data["name"], data["description"]) == ("Budget", "All")
    assert headlines({"results": data["articles"]}) == ["Older budget story", "Newer budget story"]
    get(client, f"{API}/reading-lists/no-such-list/", status=404)


# Caching


def test_answers_carry_validators_and_answer_304(client, newsroom):
    url = f"{API}/articles/{newsroom['older'].pk}/"
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert response["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_a_change_is_shown_at_once(client, newsroom):
    url = f"{API}/articles/{newsroom['older'].pk}/"
    etag = client.get(url)["ETag"]
    listed = get(client, f"{API}/articles/")
    add_section(newsroom["older"], "<p>A new paragraph.</p>", heading="New")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["sections"][-1]["heading"] == "New"
    newsroom["newer"].status = Article.Status.UNPUBLISHED
    newsroom["newer"].save()
    assert headlines(get(client, f"{API}/articles/")) != headlines(listed)
    assert headlines(get(client, f"{API}/articles/")) == ["Older budget story"]


# Rate limits and partner keys


@pytest.fixture
def rates(settings):
    settings.NEWSROOM_API_RATES = {"anonymous": "3/minute", "partner": "6/minute"}


def test_anonymous_clients_are_limited_by_address(client, newsroom, rates):
    for _ in range(3):
        get(client, f"{API}/articles/", REMOTE_ADDR="10.0.0.1")
    refused = client.get(f"{API}/articles/", REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()
    get(client, f"{API}/articles/", REMOTE_ADDR="10.0.0.2")


def test_partner_keys_get_the_higher_limit(client, newsroom, rates):
    _key, secret = APIKey.objects.create_key(name="Partner app")
    auth = {"HTTP_AUTHORIZATION": f"Api-Key {secret}", "REMOTE_ADDR": "10.0.0.1"}
    for _ in range(3):
        get(client, f"{API}/articles/", REMOTE_ADDR="10.0.0.1")
    assert client.get(f"{API}/articles/", REMOTE_ADDR="10.0.0.1").status_code == 429
    for _ in range(6):
        get(client, f"{API}/articles/", **auth)
    assert client.get(f"{API}/articles/", **auth).status_code == 429


def test_revoked_expired_and_unknown_keys_are_refused(client, newsroom):
    revoked, revoked_secret = APIKey.objects.create_key(name="Old partner")
    revoked.revoked = True
    revoked.save()
    _expired, expired_secret = APIKey.objects.create_key(
        name="Trial", expiry_date=timezone.now() - datetime.timedelta(days=1)
    )
    for secret in [revoked_secret, expired_secret, "abcdefgh.not-the-secret", "nonsense"]:
        response = client.get(f"{API}/articles/", HTTP_AUTHORIZATION=f"Api-Key {secret}")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Api-Key"


def test_admin_makes_a_key_that_works_and_shows_it_once(admin_client, client, newsroom):
    response = admin_client.post(
        "/admin/rest_framework_api_key/apikey/add/", {"name": "Partner site"}, follow=True
    )
    message = next(str(m) for m in response.context["messages"])
    secret = message.split(" is: ")[1].split(". ")[0]
    get(client, f"{API}/articles/", HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert APIKey.objects.get().hashed_key != secret


# Browsers on other sites


def test_cors_allows_only_configured_origins(client, newsroom, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example"]
    allowed = client.get(f"{API}/articles/", HTTP_ORIGIN="https://partner.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://partner.example"
    other = client.get(f"{API}/articles/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other
    page = client.get("/", HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in page


# Query counts


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return len(captured)


def rich_article(n):
    article = make_article(f"Rich story {n}", hours_ago=n + 1)
    add_byline(article, make_author())
    add_byline(article, make_author())
    article.tags.add(f"topic {n}", f"theme {n}", "shared")
    return article


def test_article_list_costs_the_same_for_1_or_100_results(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    for n in range(100):
        rich_article(n)
    one = queries(client, f"{API}/articles/?page_size=1")
    assert queries(client, f"{API}/articles/?page_size=100") == one
    assert queries(client, f"{API}/articles/?page_size=100&tag=shared&q=rich") == one + 1
    assert queries(client, f"{API}/tags/?page_size=1") == queries(
        client, f"{API}/tags/?page_size=100"
    )
    assert queries(client, f"{API}/authors/?page_size=1") == queries(
        client, f"{API}/authors/?page_size=100"
    )


def grow(article, n):
    with article.rendering_once():
        for i in range(n):
            add_section(article, f"<p>Part {i}.[^n{i}]</p>", heading=f"Part {i}")
            add_footnote(article, f"n{i}")
    for i in range(n):
        add_link(article, target=make_article(f"Linked {article.pk} {i}"))
        add_byline(article, make_author())
        Correction.objects.create(article=article, text=f"Correction {i}")
        article.tags.add(f"tag {article.pk} {i}")


def test_article_document_costs_the_same_however_long(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    small, large = make_article("Small"), make_article("Large")
    grow(small, 1)
    grow(large, 12)
    assert queries(client, f"{API}/articles/{small.pk}/") == queries(
        client, f"{API}/articles/{large.pk}/"
    )


def test_reading_list_costs_the_same_however_long(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    short = ReadingList.objects.create(name="Short", slug="short")
    long = ReadingList.objects.create(name="Long", slug="long")
    for n in range(12):
        article = rich_article(n)
        ReadingListItem.objects.create(reading_list=long, article=article, order=n)
        if n == 0:
            ReadingListItem.objects.create(reading_list=short, article=article)
    assert queries(client, f"{API}/reading-lists/short/") == queries(
        client, f"{API}/reading-lists/long/"
    )


def test_a_cached_answer_costs_one_query(client, newsroom):
    url = f"{API}/articles/{newsroom['older'].pk}/"
    get(client, url)
    assert queries(client, url) == 1


# Schema and documentation


def test_schema_is_openapi_3(client):
    response = client.get(f"{API}/schema/", HTTP_ACCEPT="application/json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        f"{API}/articles/",
        f"{API}/articles/{{id}}/",
        f"{API}/tags/",
        f"{API}/authors/",
        f"{API}/reading-lists/{{slug}}/",
    }


def test_documentation_uses_only_local_assets(client):
    response = client.get(f"{API}/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "https://" not in html and "http://" not in html and "//cdn" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for asset in ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"]:
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{asset}")
    script = client.get(f"{API}/docs/?script=")
    assert script["Content-Type"] == "application/javascript"
    assert "/api/v1/schema/" in script.content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_article_document_costs_the_same_whatever_its_size(client, settings, size):
    settings.NEWSROOM_PAGE_CACHE = False
    original = make_article("Original")
    article = make_article(f"Document of size {size}", translation_of=original, language="ko")
    reading_list = ReadingList.objects.create(name=f"List {size}", slug=f"list-{size}")
    article.reading_lists.add(reading_list)
    for n in range(size):
        add_section(article, f"<p>Part {n}[^n{n}]</p>", heading=f"Part {n}")
        add_footnote(article, f"n{n}")
        add_byline(article, make_author())
        add_link(article, target=make_article())
        ReadingListItem.objects.create(reading_list=reading_list, article=make_article(), order=n)
        Correction.objects.create(article=article, text=f"Correction {n}.")
        article.tags.add(f"tag-{n}")
    with CaptureQueriesContext(connection) as queries:
        data = get(client, f"/api/v1/articles/{article.pk}/")
    assert [other["headline"] for other in data["translations"]] == ["Original"]
    # The site's state, the article, bylines, tags, links, sections, footnotes, corrections,
    # reading-list items, translations.
    assert len(queries) == 10
