import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importers import ImportFailed, html, interchange, text
from articles.sanitize import clean_html

PAGES = Path(__file__).parent / "fixtures" / "pages"
HEADLINE = "Busan's tidal power pilot enters a decisive two-year trial"
CAPTION = "Turbine blades are lowered onto a barge at Gamcheon port"
PARSERS = [pytest.param(text.parse, id="text"), pytest.param(html.parse, id="html")]


def text_page():
    return text.parse((PAGES / "tidal-pilot.txt").read_text(encoding="utf-8"))


def html_page():
    return html.parse((PAGES / "tidal-pilot.html").read_text(encoding="utf-8"))


def headings(document):
    return [section["heading"] for section in document["sections"]]


def bodies(document):
    return "".join(section["body"] for section in document["sections"])


def everything_readers_see(document):
    return json.dumps(document, ensure_ascii=False)


def note(document, key):
    return next(note for note in document["footnotes"] if note["key"] == key)


# -- The text page ------------------------------------------------------------


def test_text_page_gives_headline_dek_and_lead_image():
    document = text_page()
    assert document["format"] == "newsroom.article/1"
    assert document["headline"] == HEADLINE
    assert document["dek"].startswith("The next two winters will show")
    assert document["lead_image"] == {"caption": CAPTION, "alt": CAPTION, "credit": "", "src": None}
    assert document["language"] == "en"
    assert document["status"] == "draft"


def test_caption_and_headline_printed_again_are_not_in_the_body():
    text_of_bodies = bodies(text_page())
    assert CAPTION not in text_of_bodies
    assert HEADLINE not in text_of_bodies


def test_short_lines_between_paragraphs_start_sections():
    assert headings(text_page()) == [
        "",
        "How the turbines work",
        "The maintenance problem",
        "Key points",
    ]


def test_references_line_becomes_numbered_footnotes():
    footnotes = text_page()["footnotes"]
    assert [(n["number"], n["key"]) for n in footnotes] == [
        (1, "park2022"),
        (2, "moon2023"),
        (3, "ortega2023"),
        (4, "han2021"),
    ]
    assert footnotes[2] == {
        "key": "ortega2023",
        "number": 3,
        "citation": "Ortega, M., & Lee, H. (2023). Biofouling on Submerged Rotors: "
        "A Five-Year Record. Retrieved from https://example.org/journals/biofouling-rotors",
        "authors": "Ortega, M., & Lee, H.",
        "year": 2023,
        "title": "Biofouling on Submerged Rotors: A Five-Year Record",
        "url": "https://example.org/journals/biofouling-rotors",
    }
    assert footnotes[3]["title"] == "Tides, Grids and Storage"
    assert footnotes[3]["url"] == "https://example.org/books/tides-grids-storage"


def test_numbered_markers_become_footnote_markers():
    first_section = text_page()["sections"][0]["body"]
    assert "the south coast[^park2022].</p>" in first_section
    assert "at capacity[^moon2023].</p>" in first_section
    assert "[1]" not in first_section


def test_author_year_mentions_cite_their_note():
    text_of_bodies = bodies(text_page())
    assert "described by Park (2022)[^park2022]." in text_of_bodies
    assert "as Han (2021)[^han2021] has argued" in text_of_bodies


def test_author_year_mention_with_its_marker_is_cited_once():
    text_of_bodies = bodies(text_page())
    assert "Ortega and Lee (2023)[^ortega2023] recorded" in text_of_bodies
    assert "[^ortega2023][^ortega2023]" not in text_of_bodies


def test_numbered_points_become_a_key_points_list():
    key_points = text_page()["sections"][-1]
    assert key_points["heading"] == "Key points"
    assert key_points["body"].startswith("<ol><li>The city will publish")
    assert key_points["body"].endswith("</li></ol>")
    assert key_points["body"].count("<li>") == 3
    assert "by Moon (2023)[^moon2023] covers" in key_points["body"]


def test_read_also_titles_become_related_entries():
    assert text_page()["related"] == [
        {"title": "Seoul weighs offshore wind auction rules", "url": None, "article": None},
        {"title": "Can Korea's ports run on their own power?", "url": None, "article": None},
    ]


def test_page_furniture_is_dropped():
    document = everything_readers_see(text_page())
    for furniture in ["Skip to content", "Menu", "Latest", "Share this article", "Copy link"]:
        assert furniture not in document


def test_paragraph_printed_twice_in_a_row_is_kept_once():
    assert bodies(text_page()).count("Operators can lift a rotor") == 1


# -- The same article as an HTML page -----------------------------------------


def test_html_page_gives_the_same_document_as_the_text_page():
    from_html, from_text = html_page(), text_page()
    assert from_html["headline"] == from_text["headline"]
    assert from_html["dek"] == from_text["dek"]
    assert from_html["lead_image"] == from_text["lead_image"]
    assert headings(from_html) == headings(from_text)
    assert from_html["sections"] == from_text["sections"]
    assert [n["key"] for n in from_html["footnotes"]] == [n["key"] for n in from_text["footnotes"]]
    assert from_html["related"] == from_text["related"]


def test_html_sup_markers_become_footnote_markers():
    first_section = html_page()["sections"][0]["body"]
    assert "the south coast[^park2022].</p>" in first_section
    assert "at capacity[^moon2023].</p>" in first_section


def test_html_scripts_embeds_forms_and_handlers_never_reach_the_document():
    document = everything_readers_see(html_page())
    for unwanted in ["Injected", "tracker", "display: flex", "onclick", "alert", "iframe"]:
        assert unwanted not in document
    assert "morning briefing" not in document


def test_html_navigation_header_footer_and_other_asides_are_dropped():
    document = everything_readers_see(html_page())
    for furniture in ["Harbour Times", "Business", "Most read", "Bank of Korea", "About us"]:
        assert furniture not in document
    assert "Latest" not in document


def test_html_reference_with_javascript_url_keeps_no_url():
    han = note(html_page(), "han2021")
    assert han["url"] == ""
    assert han["title"] == "Tides, Grids and Storage"


def test_text_reference_with_javascript_url_keeps_no_url():
    document = text.parse(
        "Ferries to resume\n\nWinter timetables start on Monday.\n\n"
        "Crews are ready, the operator said [1].\n\n"
        "[1] Kim, J. (2021). Ferry Timetables. Retrieved from javascript:alert(1)\n"
    )
    assert note(document, "kim2021")["url"] == ""


def test_html_title_and_meta_description_stand_in_for_missing_headline_and_dek():
    document = html.parse(
        "<html><head><title>Ferries to resume | Harbour Times</title>"
        '<meta name="description" content="Winter timetables start on Monday."></head>'
        "<body><figure><img alt='A ferry'><figcaption>The morning ferry</figcaption></figure>"
        "<p>The operator said crews were ready.</p></body></html>"
    )
    assert document["headline"] == "Ferries to resume"
    assert document["dek"] == "Winter timetables start on Monday."
    assert document["lead_image"] == {
        "caption": "The morning ferry",
        "alt": "A ferry",
        "credit": "",
        "src": None,
    }
    assert document["sections"] == [
        {"heading": "", "body": "<p>The operator said crews were ready.</p>", "figure": None}
    ]


def test_html_figure_above_the_headline_is_the_lead_image():
    document = html.parse(
        "<figure><img alt='A ferry at dawn'><figcaption>The morning ferry</figcaption></figure>"
        "<h1>Ferries to resume</h1><p>Winter timetables start on Monday.</p>"
        "<p>The operator said crews were ready.</p>"
    )
    assert document["lead_image"]["caption"] == "The morning ferry"
    assert document["lead_image"]["alt"] == "A ferry at dawn"
    assert document["dek"] == "Winter timetables start on Monday."


def test_html_headline_repeated_in_the_body_is_dropped():
    document = html.parse(
        "<h1>Ferries to resume</h1><p>Winter timetables start on Monday.</p>"
        "<h2>FERRIES TO RESUME!</h2><p>The operator said crews were ready.</p>"
    )
    assert headings(document) == [""]
    assert "FERRIES" not in bodies(document)


def test_html_ordered_list_after_sources_heading_is_the_references():
    document = html.parse(
        "<h1>Ferries to resume</h1><p>Winter timetables start on Monday.</p>"
        "<p>Crews are ready<sup>[1]</sup>.</p>"
        "<h3>Sources</h3><ol><li>Harbour office notice, <a href='https://example.org/n'>online</a>"
        "</li></ol>"
    )
    assert document["footnotes"] == [
        {
            "key": "ref1",
            "number": 1,
            "citation": "Harbour office notice, online",
            "authors": "",
            "year": None,
            "title": "Harbour office notice, online",
            "url": "https://example.org/n",
        }
    ]
    assert headings(document) == [""]
    assert document["sections"][0]["body"] == "<p>Crews are ready[^ref1].</p>"


# -- Edge cases ---------------------------------------------------------------


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize("page", ["", "   \n\t\n  "])
def test_empty_page_is_refused(parse, page):
    with pytest.raises(ImportFailed):
        parse(page)


@pytest.mark.parametrize(
    "parse, page",
    [
        (text.parse, "Skip to content\n\nFerries to resume\n\nLatest\n"),
        (html.parse, "<nav>Menu</nav><h1>Ferries to resume</h1><footer>Latest</footer>"),
    ],
)
def test_page_with_only_a_headline_is_refused_with_a_clear_message(parse, page):
    with pytest.raises(ImportFailed, match="headline but no article text"):
        parse(page)


DANGLING = (
    "Ferries to resume\n\n"
    "Winter timetables start on Monday.\n\n"
    "Crews are ready [1], the operator said [7].\n\n"
    "[1] Kim, J. (2021). Ferry Timetables. Retrieved from https://example.org/ferries\n"
)


def test_marker_citing_a_missing_note_is_refused_naming_the_marker():
    with pytest.raises(ImportFailed, match=r"cites \[7\], but the page lists no reference 7"):
        text.parse(DANGLING)


def test_lenient_parse_drops_a_marker_citing_a_missing_note_with_a_warning():
    warnings = []
    document = text.parse(DANGLING, warnings)
    assert document["sections"][0]["body"] == "<p>Crews are ready[^kim2021], the operator said.</p>"
    assert warnings == ["the text cites [7], but the page lists no reference 7."]


def test_bracketed_number_on_a_page_without_references_is_kept_as_printed():
    document = text.parse(
        "Ferries to resume\n\nWinter timetables start on Monday.\n\nRoute [3] runs.\n"
    )
    assert document["sections"][0]["body"] == "<p>Route [3] runs.</p>"


def test_references_one_per_line_are_read():
    document = text.parse(
        "Ferries to resume\n\nWinter timetables start on Monday.\n\nCrews are ready [2].\n\n"
        "[1] Kim, J. (2021). Ferry Timetables. Retrieved from https://example.org/a\n"
        "[2] Lee, S. (2019). Crews at Sea. Retrieved from https://example.org/b\n"
    )
    assert [(n["number"], n["key"]) for n in document["footnotes"]] == [
        (1, "kim2021"),
        (2, "lee2019"),
    ]
    assert "Crews are ready[^lee2019].</p>" in bodies(document)


def test_notes_by_the_same_author_and_year_get_distinct_keys_and_mentions_stay_uncited():
    document = text.parse(
        "Ferries to resume\n\nWinter timetables start on Monday.\n\n"
        "As Kim (2021) wrote, crews are ready.\n\n"
        "[1] Kim, J. (2021). Ferry Timetables. [2] Kim, S. (2021). Winter Crossings.\n"
    )
    assert [n["key"] for n in document["footnotes"]] == ["kim2021", "kim2021b"]
    assert "As Kim (2021) wrote" in bodies(document)


def test_most_read_headlines_are_dropped_up_to_the_next_heading():
    document = text.parse(
        "Ferries to resume\n\nWinter timetables start on Monday.\n\n"
        "Crews have trained all autumn.\n\n"
        "Most read\nRates on hold again\nA new bridge for Yeongdo\n\n"
        "What changes\n\nSailings start an hour earlier from December.\n"
    )
    assert headings(document) == ["", "What changes"]
    assert "Rates on hold" not in everything_readers_see(document)


def test_heading_right_before_numbered_points_names_them():
    document = text.parse(
        "Ferries to resume\n\nWinter timetables start on Monday.\n\n"
        "Crews have trained all autumn.\n\nWhat changes\n1. Earlier sailings.\n2) Fewer stops.\n"
    )
    assert document["sections"][-1] == {
        "heading": "What changes",
        "body": "<ol><li>Earlier sailings.</li><li>Fewer stops.</li></ol>",
        "figure": None,
    }


def test_korean_page_is_korean_and_korean_authors_get_numbered_keys():
    document = text.parse(
        "부산 조류 발전 시범 사업, 2년간의 시험대에 오른다\n\n"
        "항만 터빈이 보도자료 이상의 성과를 낼 수 있을지 앞으로 두 번의 겨울이 보여 줄 것이다.\n\n"
        "부산시는 지난달 항구 입구에 실험용 조류 터빈 네 기를 가동했다 [1].\n\n"
        "[1] 박서준 (2022). 좁은 해협의 조류 발전 실험. Retrieved from https://example.org/ko\n"
    )
    assert document["language"] == "ko"
    assert [n["key"] for n in document["footnotes"]] == ["ref1"]
    assert "가동했다[^ref1].</p>" in bodies(document)


def test_html_caption_printed_twice_is_one_caption():
    document = html.parse(
        "<h1>Ferries to resume</h1><p>Winter timetables start on Monday.</p>"
        "<figure><img alt='The morning ferry'>"
        "<figcaption>The morning ferry The morning ferry</figcaption></figure>"
        "<p>The morning ferry</p><p>Crews are ready.</p>"
    )
    assert document["lead_image"]["caption"] == "The morning ferry"
    assert document["lead_image"]["alt"] == "The morning ferry"
    assert bodies(document) == "<p>Crews are ready.</p>"


# -- Any input: a clean document or ImportFailed, nothing else ---------------


def assert_clean_document_or_refused(parse, page):
    try:
        document = parse(page)
    except ImportFailed:
        return
    for section in document["sections"]:
        assert section["body"] == clean_html(section["body"])
    pictures = [document["lead_image"]] + [section["figure"] for section in document["sections"]]
    for picture in filter(None, pictures):
        assert picture["src"] is None or re.match(r"https?://\S", picture["src"])
    # The pictures pass the format's checks (bodies are checked above, with their markers).
    interchange.validate(
        {**document, "sections": [{**s, "body": ""} for s in document["sections"]]}
    )
    numbers = [footnote["number"] for footnote in document["footnotes"]]
    keys = [footnote["key"] for footnote in document["footnotes"]]
    assert len(set(numbers)) == len(numbers)
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[\w-]+", key) for key in keys)


words = st.lists(
    st.sampled_from(
        ["tidal", "Busan", "port", "Kim", "and Lee", "grid", "2021", "(2021)", "Kim (2021)"]
        + ["[1]", "[2]", "[9]", "[^x]", "<b>", "&amp;", '"', "부산", "\x00", "\t", "…"]
    ),
    min_size=1,
    max_size=10,
).map(" ".join)
reference_lines = st.builds(
    "[{}] {}, J. ({}). {}. Retrieved from {}".format,
    st.integers(0, 12),
    st.sampled_from(["Kim", "Lee", "박", ""]),
    st.integers(1990, 2030),
    words,
    st.sampled_from(["https://example.org/a", "javascript:alert(1)", "ftp://example.org", ""]),
)
page_lines = st.one_of(
    words,
    words.map("{}.".format),
    reference_lines,
    st.lists(reference_lines, min_size=2, max_size=4).map(" ".join),
    st.builds("  {}{} {}".format, st.integers(0, 12), st.sampled_from([".", ")"]), words),
    st.sampled_from(
        ["Skip to content", "Menu", "Share this article", "Most read", "Read also:", "Related"]
        + ["See also", "Latest", "References", "Key points", ""]
    ),
)
text_pages = st.lists(page_lines, max_size=30).map("\n".join)

TAGS = ["p", "div", "h1", "h2", "h3", "ol", "ul", "li", "sup", "a", "figure", "figcaption"]
TAGS += ["aside", "nav", "header", "footer", "article", "script", "style", "span", "em"]
ATTRIBUTES = ["", ' onclick="steal()"', ' href="javascript:alert(1)"', ' class="read-also"']
ATTRIBUTES += [' start="3"', ' start="x"', ' alt="A ferry"']
html_lists = st.builds(
    "<{0}>{1}</{0}>".format,
    st.sampled_from(["ol", "ul"]),
    st.lists(st.one_of(words, reference_lines).map("<li>{}</li>".format), max_size=4).map("".join),
)
html_figures = st.builds(
    "<figure><img alt='{}'><figcaption>{}</figcaption></figure>".format, words, words
)
html_leaves = st.one_of(
    words,
    words.map("{}.".format),
    reference_lines,
    html_lists,
    html_figures,
    st.sampled_from(["<img alt='A ferry'>", "<br>", "<sup>1</sup>", "Read also", "References"]),
    st.sampled_from(
        [
            "<img src='/a.jpg' srcset='/a.jpg 1x, /b.jpg 2x'>",
            "<img data-src='//c.example/x.png'>",
            "<img src='https://x.example/p.gif' width='1' height='1'>",
            "<p class='caption'>Lee</p>",
            "<picture><source srcset='/w.webp 640w'><img src='javascript:x'></picture>",
        ]
    ),  # fmt: skip
)


def element(tag, attributes, children, closed):
    return f"<{tag}{attributes}>{''.join(children)}" + (f"</{tag}>" if closed else "")


html_trees = st.recursive(
    html_leaves,
    lambda children: st.builds(
        element,
        st.sampled_from(TAGS),
        st.sampled_from(ATTRIBUTES),
        st.lists(children, max_size=4),
        st.sampled_from([True, True, True, False]),  # mostly closed, as pages mostly are
    ),
    max_leaves=20,
)
html_pages = st.lists(html_trees, min_size=1, max_size=8).map("".join)
html_articles = st.builds("<h1>{}</h1><p>{}.</p>{}".format, words, words, html_pages)


# No deadline: parsing and sanitising a page can outlast the default on a busy machine.
@settings(deadline=None)
@given(st.text())
def test_text_parse_of_any_text_is_a_clean_document_or_refused(page):
    assert_clean_document_or_refused(text.parse, page)


@settings(deadline=None)
@given(text_pages)
def test_text_parse_of_page_like_lines_is_a_clean_document_or_refused(page):
    assert_clean_document_or_refused(text.parse, page)


@settings(deadline=None)
@given(st.text())
def test_html_parse_of_any_text_is_a_clean_document_or_refused(page):
    assert_clean_document_or_refused(html.parse, page)


@settings(deadline=None)
@given(st.one_of(html_pages, html_articles))
def test_html_parse_of_nested_tags_is_a_clean_document_or_refused(page):
    assert_clean_document_or_refused(html.parse, page)
