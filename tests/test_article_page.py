import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ReadingList, ReadingListItem

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
from .html import first_focusable, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = make_article(
        "Korea faces a three-year test",
        dek="The next three years decide whether plans become practice.",
        kind="analysis",
    )
    add_byline(article, make_author("Park Seo-yeon"), order=0)
    add_byline(article, make_author("Daniel Whitford"), order=1)
    add_footnote(
        article,
        "zhang2021",
        title="Plan overview",
        authors="Zhang, Y.",
        year=2021,
        url="https://example.org/zhang",
    )
    add_footnote(article, "kim2021", title="Learning from abroad", authors="Kim, J.", year=2021)
    add_footnote(article, "unused", title="Background reading")
    add_section(article, "<p>Investment is large.[^kim2021] Plans are public.[^zhang2021]</p>")
    add_section(article, "<p>Kim (2021) says so again.[^kim2021]</p>", heading="What follows")
    add_link(article, target=make_article("An earlier story"))
    article.tags.add("ai policy", "korea")
    return article


def get(client, article):
    return client.get(article.get_absolute_url())


def test_page_has_one_h1_with_the_headline(client, article):
    soup = page(get(client, article))
    assert [h1.get_text() for h1 in soup.find_all("h1")] == ["Korea faces a three-year test"]


def test_skip_link_is_the_first_focusable_element(client, article):
    soup = page(get(client, article))
    skip = first_focusable(soup)
    assert skip["href"] == "#content"
    assert soup.find(id="content").name == "main"


def test_dek_appears_once(client, article):
    soup = page(get(client, article))
    assert soup.select_one("main").get_text().count(article.dek) == 1
    assert soup.find("meta", attrs={"name": "description"})["content"] == article.dek


def test_page_language_follows_the_article(client):
    article = make_article("인공지능 정책의 세 가지 과제", language="ko")
    assert page(get(client, article)).html["lang"] == "ko"


def test_byline_kind_and_time(client, article):
    soup = page(get(client, article))
    assert soup.select_one(".article-header .kind").get_text() == "Analysis"
    assert [a.get_text() for a in soup.select(".byline .author")] == [
        "Park Seo-yeon",
        "Daniel Whitford",
    ]
    assert soup.select_one(".article-header time")["datetime"].startswith(
        article.published_at.astimezone().strftime("%Y")
    )


def test_sections_have_h2_subheads(client, article):
    soup = page(get(client, article))
    assert [h2.get_text() for h2 in soup.select(".article-body h2")] == ["What follows"]


def test_markers_become_numbered_note_references(client, article):
    soup = page(get(client, article))
    refs = soup.select('.article-body a[role="doc-noteref"]')
    assert [(a.get_text(), a["href"], a["id"]) for a in refs] == [
        ("1", "#note-1", "cite-1"),
        ("2", "#note-2", "cite-2"),
        ("1", "#note-1", "cite-1-2"),
    ]
    assert refs[0]["aria-label"] == "Note 1"


def test_notes_list_links_back_to_every_citation(client, article):
    soup = page(get(client, article))
    notes = soup.select_one('[role="doc-endnotes"]')
    items = notes.select("ol > li")
    assert [li["id"] for li in items] == ["note-1", "note-2", "note-3"]
    assert "Learning from abroad" in items[0].get_text()
    assert [(a["href"], a.get_text()) for a in items[0].select('a[role="doc-backlink"]')] == [
        ("#cite-1", "↩a"),
        ("#cite-1-2", "↩b"),
    ]
    assert [a["href"] for a in items[1].select('a[role="doc-backlink"]')] == ["#cite-2"]
    assert items[2].select('a[role="doc-backlink"]') == []
    assert items[1].select_one("a.citation-url")["href"] == "https://example.org/zhang"


def test_unknown_marker_is_shown_harmlessly(client):
    article = make_article()
    add_section(article, "<p>Claim.[^nobody]</p>")
    response = get(client, article)
    assert response.status_code == 200
    soup = page(response)
    assert "[^nobody]" in soup.select_one(".article-body").get_text()
    assert soup.select('[role="doc-noteref"]') == []
    assert soup.select('[role="doc-endnotes"]') == []


def test_read_also_and_tags(client, article):
    soup = page(get(client, article))
    assert [a.get_text() for a in soup.select(".read-also a")] == ["An earlier story"]
    assert [li.get_text() for li in soup.select(".tags li")] == ["ai policy", "korea"]


def test_read_also_hides_unpublished_targets(client, article):
    add_link(article, target=make_article("Secret draft", published=False))
    add_link(article, target=make_article("Embargoed", hours_ago=-3))
    content = get(client, article).content.decode()
    assert "Secret draft" not in content
    assert "Embargoed" not in content


def test_lead_image_is_a_figure_with_caption_and_credit(client):
    article = make_article(
        lead_picture=make_picture(
            png_upload(),
            alt="A crowded server hall",
            caption="Servers in Pangyo.",
            credit="Photo: Lee",
        ),
    )
    figure = page(get(client, article)).select_one("figure.lead-image")
    img = figure.img
    assert (img["alt"], img["width"], img["height"]) == ("A crowded server hall", "64", "48")
    assert figure.figcaption.get_text(" ", strip=True) == "Servers in Pangyo. Photo: Lee"


def test_caption_repeated_as_alt_text_is_read_once(client):
    words = "Korea's AI examination poses a challenge"
    article = make_article(lead_picture=make_picture(png_upload(), alt=words, caption=words))
    figure = page(get(client, article)).select_one("figure.lead-image")
    assert figure.img["alt"] == ""
    assert words in figure.figcaption.get_text()


def test_caption_repeating_the_dek_is_not_printed_again(client):
    dek = "The next three years decide it."
    article = make_article(
        dek=dek, lead_picture=make_picture(png_upload(), alt="A map", caption=dek)
    )
    soup = page(get(client, article))
    assert soup.select_one("figure.lead-image").get_text().count(dek) == 0
    assert soup.select_one("figure.lead-image img")["alt"] == "A map"


def test_draft_is_404(client):
    assert get(client, make_article(published=False)).status_code == 404


def test_future_article_is_404(client):
    assert get(client, make_article(hours_ago=-1)).status_code == 404


def test_wrong_date_redirects_to_the_article(client, article):
    response = client.get(f"/2001/1/1/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_impossible_date_is_404(client, article):
    assert client.get(f"/2026/2/31/{article.slug}/").status_code == 404


def test_hangul_slug_url_works(client):
    article = make_article("교실에 들어온 인공지능", language="ko")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200


def build_article(size):
    article = make_article(f"Article of size {size}")
    reading_list = ReadingList.objects.create(name=f"List {size}", slug=f"list-{size}")
    article.reading_lists.add(reading_list)
    make_article(f"Translation of size {size}", language="ko", translation_of=article)
    for n in range(size):
        ReadingListItem.objects.create(reading_list=reading_list, article=make_article(), order=n)
        add_byline(article, make_author(), order=n)
        add_footnote(article, f"n{n}")
        add_section(article, f"<p>Part {n}[^n{n}]</p>", heading=f"Part {n}")
        add_link(article, target=make_article())
        add_link(article, title=f"External {n}", url=f"https://example.org/{n}")
        article.tags.add(f"tag-{n}")
    return article


def test_query_count_does_not_grow_with_the_article(client):
    small, large = build_article(1), build_article(12)
    counts = []
    for article in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert get(client, article).status_code == 200
        counts.append(len(queries))
    # The site's state (page cache); the article; its links, translations and reading-list
    # items; latest; its bylines and tags (corrections are stored with the article).
    assert counts[0] == counts[1] == 8


def test_an_article_without_reading_lists_or_translations_looks_for_neither(client):
    """Found for its page with what says whether either exists: most articles have neither."""
    plain, listed = make_article("On its own"), build_article(1)
    add_link(plain, target=make_article())
    assert queries_for(client, plain) == queries_for(client, listed) - 2 == 6
    assert [
        a.get_text() for a in page(client.get(plain.get_absolute_url())).select(".read-also a")
    ] == [plain.related_links.get().target.headline]


def queries_for(client, article):
    with CaptureQueriesContext(connection) as queries:
        assert get(client, article).status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [1, 12])
def test_page_made_again_reuses_its_own_parts(client, settings, size):
    settings.NEWSROOM_PAGE_CACHE = False  # every view makes the page again, from its parts
    article = build_article(size)
    assert queries_for(client, article) == 8
    # Nothing changed: the site's state, then every piece from the cache.
    assert queries_for(client, article) == 1
    # Another article changed: the pieces showing other articles are made again, with the
    # article's row, but not the article's own (its bylines and tags).
    make_article("Elsewhere on the site")
    assert queries_for(client, article) == 6


def test_a_table_scrolls_in_a_focusable_region_named_for_its_caption(client):
    story = make_article("Ferry fares rise in March")
    add_section(
        story,
        "<p>Fares rise.</p><table><caption>Fares <em>from</em> March</caption>"
        "<tr><td>1,400</td></tr></table><table><tr><td>2</td></tr></table>",
    )
    regions = page(client.get(story.get_absolute_url())).select(".article-body .table-scroll")
    assert [(r["role"], r["tabindex"], r["aria-label"]) for r in regions] == [
        ("region", "0", "Fares from March"),
        ("region", "0", "Table"),
    ]
    assert [r.table.find("td").get_text() for r in regions] == ["1,400", "2"]
