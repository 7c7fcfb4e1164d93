import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles import sanitize
from articles.sanitize import clean_html, safe_url

from .factories import make_article


def test_allowed_markup_survives():
    html = (
        "<p><strong>Bold</strong>, <em>italic</em> and a "
        '<a href="/2026/01/02/slug/">link</a>.</p><ul><li>one</li></ul><blockquote>q</blockquote>'
    )
    assert clean_html(html) == html


def test_scripts_and_handlers_are_removed():
    cleaned = clean_html(
        '<p onclick="steal()">Hi<script>alert(1)</script><img src=x onerror=alert(1)></p>'
    )
    assert cleaned == "<p>Hi</p>"


def test_javascript_links_lose_their_href():
    assert clean_html('<a href="javascript:alert(1)">x</a>') == "<a>x</a>"
    assert clean_html('<a href=" JaVaScRiPt:alert(1)">x</a>') == "<a>x</a>"


def test_external_links_get_noopener_noreferrer():
    assert clean_html('<a href="https://example.org" rel="opener">x</a>') == (
        '<a href="https://example.org" rel="noopener noreferrer">x</a>'
    )


def test_internal_links_get_no_rel():
    assert clean_html('<a href="/about/">x</a>') == '<a href="/about/">x</a>'


def test_footnote_markers_pass_through():
    assert clean_html("<p>Claim.[^kim-2021]</p>") == "<p>Claim.[^kim-2021]</p>"


def test_safe_url_keeps_only_absolute_http_urls():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url(" http://example.org ") == "http://example.org"
    for url in [
        "javascript:alert(1)",
        "data:text/html,x",
        "//example.org",
        "/local",
        "ftp://x.org",
        "http://",
    ]:
        assert safe_url(url) == ""


def test_tables_keep_their_structure_spans_and_header_scope():
    html = (
        '<table><caption>Fares</caption><thead><tr><th scope="col">Route</th>'
        '<th scope="col" colspan="2">Fare</th></tr></thead><tbody><tr><th scope="row">A</th>'
        '<td rowspan="2">1,400</td><td>won</td></tr></tbody>'
        "<tfoot><tr><td>x</td></tr></tfoot></table>"
    )
    assert clean_html(html) == html


def test_table_cells_lose_styles_handlers_and_odd_values():
    cleaned = clean_html(
        '<table border="1" style="width:100%" class="x"><tr><th scope="everything" abbr="R"'
        ' onclick="x()">R</th><td colspan="0" rowspan="2x" scope="row" style="color:red">1</td>'
        '<td colspan="1000">2</td><td colspan="3">3</td></tr></table>'
    )
    assert cleaned == (
        '<table><tbody><tr><th>R</th><td>1</td><td>2</td><td colspan="3">3</td></tr>'
        "</tbody></table>"
    )


_TABLE_PIECES = st.sampled_from(
    ["<table>", "</table>", "<tr>", "</tr>", "<td", "<th", "</td>", "<caption>", "<thead>", ">"]
    + [" colspan=", " rowspan=", " scope=", " style=", " onclick=", " href=", '"', "'"]
    + ["2", "row", "javascript:x()", "alert(1)", " ", "x"]
)


@given(st.lists(_TABLE_PIECES, max_size=40).map("".join))
def test_table_markup_keeps_only_spans_and_scope(text):
    cleaned = clean_html(text)
    assert clean_html(cleaned) == cleaned
    for attributes in re.findall(r"<t[hd]((?:\s[^>]*)?)>", cleaned):
        for name, value in re.findall(r'(\w+)="([^"]*)"', attributes):
            assert name in {"colspan", "rowspan", "scope"}
            assert re.fullmatch(r"[1-9][0-9]{0,2}|row|col|rowgroup|colgroup", value)
    assert not re.search(r"<(table|tr|caption|thead|tbody|tfoot)\s", cleaned)


@given(st.text())
def test_cleaning_is_idempotent(text):
    once = clean_html(text)
    assert clean_html(once) == once


@given(
    st.text(
        alphabet=st.sampled_from(list("<>/=\"' abcdefghijklmnopqrstuvwxyzscriptonerrorhref:javas"))
    )
)
def test_cleaned_output_never_holds_scripts_or_handlers(text):
    cleaned = clean_html(text).lower()
    assert "<script" not in cleaned
    assert " onerror=" not in cleaned
    assert 'href="javascript' not in cleaned


BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@given(st.text(alphabet=st.sampled_from(list(BIDI) + ["a", "ب", " "])))
def test_only_paired_bidi_controls_survive_and_nothing_else_changes(text):
    kept = sanitize.paired_bidi_only(text)
    assert sanitize.paired_bidi_only(kept) == kept
    assert sanitize.without_bidi_controls(kept) == sanitize.without_bidi_controls(text)
    depth = 0
    for char in kept:
        depth += char in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068"
        depth -= char in "\u202c\u2069"
        assert depth >= 0
    assert depth == 0


@pytest.mark.django_db
def test_a_right_to_left_override_cannot_disguise_a_headline():
    article = make_article("Leaked memo \u202egpj.exe", slug="memo\u202e-\u2066x")
    article.refresh_from_db()
    assert article.headline == "Leaked memo gpj.exe"
    assert article.slug == "memo-x"


@pytest.mark.django_db
def test_an_isolated_right_to_left_quote_keeps_its_controls():
    headline = "Minister says \u2067شكرا\u2069 to Seoul"
    assert make_article(headline).headline == headline


def test_addresses_lose_every_bidi_control():
    assert sanitize.safe_url("https://example.org/\u202efdp.exe") == "https://example.org/fdp.exe"
