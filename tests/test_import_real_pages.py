"""Saved pages in the shapes real news sites give them, read into documents."""

import datetime
from pathlib import Path

import pytest

from articles.importers import ImportFailed, html, sources

PAGES = Path(__file__).parent / "fixtures" / "pages" / "real"
HEADLINE = "Jagalchi ferry terminal to close for repairs"
LEAD = "The harbour authority said on Tuesday that the ferry terminal at Jagalchi"
KST = datetime.timezone(datetime.timedelta(hours=9))


def read(name):
    return sources.read(name, (PAGES / name).read_bytes()).document


def text_of(document):
    return " ".join(section["heading"] + " " + section["body"] for section in document["sections"])


def test_page_wrapped_in_a_form_is_read():
    document = read("form-wrapper.html")
    assert document["headline"] == HEADLINE
    assert [section["heading"] for section in document["sections"]] == [
        "",
        "Why the work cannot wait",
    ]
    assert "port maintenance budget" in text_of(document)


def test_article_in_a_span_wrapper_is_body_not_dek():
    document = read("span-wrapper.html")
    assert document["dek"] == "Six weeks of work on the pontoons start in January."
    assert document["sections"][0]["body"].startswith(f"<p>{LEAD}")
    assert document["sections"][1]["heading"] == "Why the work cannot wait"


def test_comments_reply_form_and_recent_posts_are_not_article_text():
    text = text_of(read("comments-and-logo.html"))
    for furniture in ["Jae-won says", "wobbling", "Leave a Reply", "Recent posts", "night hall"]:
        assert furniture not in text


def test_site_logo_h1_is_not_the_headline():
    assert read("comments-and-logo.html")["headline"] == HEADLINE


def test_byline_line_gives_the_author_and_is_neither_dek_nor_body():
    document = read("comments-and-logo.html")
    assert document["authors"] == ["Min-ji Park"]
    assert "Posted by" not in document["dek"]
    assert "Posted by" not in text_of(document)


def test_all_caps_byline_is_dropped_from_the_body_and_declared_author_kept():
    document = read("credit-and-byline.html")
    assert document["authors"] == ["Min-ji Park"]
    assert "MIN-JI" not in text_of(document)


def test_credit_element_inside_the_caption_is_the_credit():
    assert read("credit-and-byline.html")["lead_image"] == {
        "caption": "The temporary pier near the fish market.",
        "alt": "The pier at dawn",
        "credit": "Ji-ho Kim/Getty Images",
        "src": None,  # the page does not say where it lives, so "pier.jpg" leads nowhere
    }


def test_photo_credit_printed_in_the_caption_is_split_off():
    image = read("json-ld.html")["lead_image"]
    assert image["caption"] == "The temporary pier near the fish market."
    assert image["credit"] == "Ji-ho Kim"


def test_opengraph_gives_dek_tags_and_publication_time():
    document = read("credit-and-byline.html")
    assert document["dek"] == "Six weeks of work on the pontoons start in January."
    assert document["tags"] == ["Ports", "Transport"]
    assert document["published_at"] == datetime.datetime(2019, 11, 19, 6, 21, tzinfo=KST)


def test_share_bar_and_newsletter_box_are_not_article_text():
    text = text_of(read("credit-and-byline.html"))
    assert "Share this article" not in text
    assert "morning briefing" not in text


def test_json_ld_alone_gives_headline_authors_in_order_time_kind_and_tags():
    document = read("json-ld.html")
    assert document["headline"] == HEADLINE
    assert document["authors"] == ["Min-ji Park", "Tom Lee"]
    assert document["published_at"] == datetime.datetime(2019, 11, 19, 6, 21, tzinfo=KST)
    assert document["kind"] == "opinion"
    assert document["tags"] == ["Ports", "Busan"]


def test_declared_headline_printed_in_other_words_is_the_headline_and_not_the_body():
    document = read("declared-headline.html")
    assert document["headline"] == "Jagalchi ferry terminal to close for \u2018urgent\u2019 repairs"
    assert "the terminal shuts in January" not in text_of(document)
    assert "Passengers will board at the temporary pier" in text_of(document)


def test_declared_title_loses_the_site_name_beside_it_and_a_section_label_h1_is_no_headline():
    document = read("social-title.html")
    assert document["headline"] == HEADLINE
    assert "Ports" not in text_of(document)


def test_printed_headline_matching_any_declared_title_is_kept():
    page = (PAGES / "declared-headline.html").read_text(encoding="utf-8")
    page = page.replace(
        "Ferries: the terminal shuts in January", "Ferry terminal at Jagalchi shuts for six weeks"
    )
    document = sources.read("page.html", page.encode()).document
    assert document["headline"] == "Ferry terminal at Jagalchi shuts for six weeks"


def test_declared_title_cut_short_is_not_the_headline():
    page = (PAGES / "declared-headline.html").read_text(encoding="utf-8")
    page = page.replace("&#8216;urgent&#8217; repairs", "&#8216;urgent&#8217;…")
    document = sources.read("page.html", page.encode()).document
    assert document["headline"] == "Ferries: the terminal shuts in January"


def test_long_intro_paragraph_in_the_article_text_is_its_lead_not_the_dek():
    document = read("lead-and-copy.html")
    assert document["dek"] == ""
    assert text_of(document).count(LEAD) == 1


def test_long_first_paragraph_on_a_page_declaring_no_summary_is_the_lead_not_the_dek():
    page = (PAGES / "lead-and-copy.html").read_text(encoding="utf-8")
    document = sources.read("page.html", page.replace(' class="intro"', "").encode()).document
    assert document["dek"] == ""
    assert LEAD in text_of(document)


def test_copy_of_the_article_text_later_on_the_page_is_not_read_twice():
    document = read("lead-and-copy.html")
    assert text_of(document).count("The repairs will cost about 4 billion won") == 1
    assert len(document["sections"]) == 1


def test_read_also_links_keep_their_urls_made_absolute_against_base_href():
    assert read("json-ld.html")["related"] == [
        {
            "title": "Fish market opens a night hall",
            "url": "https://harbour.example/news/night-hall",
            "article": None,
        },
        {
            "title": "Bus fares rise in March",
            "url": "https://harbour.example/news/bus-fares",
            "article": None,
        },
    ]


def test_euc_kr_page_is_read_as_korean():
    document = read("euc-kr.html")
    assert document["headline"] == "자갈치 여객터미널, 보수 공사로 6주간 폐쇄"
    assert document["language"] == "ko"
    assert "셔틀버스" in text_of(document)


def test_text_file_in_a_legacy_encoding_is_still_refused():
    with pytest.raises(ImportFailed, match="not UTF-8 text"):
        sources.read("notes.txt", "Café society\n\nA paragraph.".encode("latin-1"))


def test_dangling_marker_on_a_page_with_references_is_refused_unless_lenient():
    page = (
        "<h1>Ferries to resume</h1><p>Winter timetables start on Monday.</p>"
        "<p>Crews are ready<sup>1</sup>, the operator said<sup>7</sup>.</p>"
        "<h2>References</h2><ol><li>Kim, J. (2021). Ferry Timetables.</li></ol>"
    )
    with pytest.raises(ImportFailed, match=r"\[7\]"):
        html.parse(page)
    warnings = []
    document = html.parse(page, warnings)
    assert document["sections"][0]["body"] == "<p>Crews are ready[^kim2021], the operator said.</p>"
    assert warnings == ["the text cites [7], but the page lists no reference 7."]


def test_update_time_the_page_declares_is_kept_when_later_than_publication():
    assert read("json-ld.html")["updated_at"] == datetime.datetime(2019, 11, 20, 10, tzinfo=KST)
    page = (PAGES / "credit-and-byline.html").read_text()
    assert read("credit-and-byline.html")["updated_at"] is None
    modified = '<meta property="article:modified_time" content="2019-11-19T09:30:00+09:00">'
    later = sources.read("page.html", page.replace("</head>", modified + "</head>").encode())
    assert later.document["updated_at"] == datetime.datetime(2019, 11, 19, 9, 30, tzinfo=KST)
    earlier = modified.replace("2019-11-19T09:30", "2019-11-18T09:30")
    before = sources.read("page.html", page.replace("</head>", earlier + "</head>").encode())
    assert before.document["updated_at"] is None


def test_a_data_table_is_kept_as_table_markup_and_a_layout_table_is_not():
    body = read("table.html")["sections"][0]["body"]
    assert body.count("<table>") == 1
    table = body[body.index("<table>") : body.index("</table>") + len("</table>")]
    assert table == (
        "<table><caption>Fares from March (won)</caption><thead><tr>"
        '<th scope="col">Route</th><th scope="col">Adult</th><th scope="col">Child</th>'
        '</tr></thead><tbody><tr><th scope="row">Jagalchi–Yeongdo</th><td>1,400</td>'
        '<td>700</td></tr><tr><th scope="row">Jagalchi–Songdo</th>'
        '<td colspan="2">2,000 for everyone</td></tr></tbody></table>'
    )
    assert body.index("first increase since") < body.index("<table>") < body.index("monthly pass")
