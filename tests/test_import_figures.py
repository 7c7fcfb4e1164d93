"""The pictures inside a saved page's article text, read as its sections' figures and saved."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importers import ImportFailed, html, interchange, sources
from articles.models import Article, Picture

from .factories import add_section, make_article, make_picture
from .pictures import photo

PAGES = Path(__file__).parent / "fixtures" / "pages" / "real"
SITE = "https://news.example.com/images/"
WALKS = "https://walks.example.org/"


def read(name):
    return sources.read(name, (PAGES / name).read_bytes()).document


def figures(document):
    return [section["figure"] for section in document["sections"] if section["figure"]]


def pictures(document):
    return [document["lead_image"], *figures(document)]


def text_of(document):
    return " ".join(section["heading"] + " " + section["body"] for section in document["sections"])


PARAGRAPHS = [
    "The harbour authority said on Tuesday that the terminal would close for six weeks "
    "from January while engineers replace the pontoons damaged in the autumn storms.",
    "Passengers will board at the temporary pier near the fish market, where a shuttle bus "
    "will run every ten minutes between the pier and the subway station.",
    "Inspectors found cracks in three of the five floating sections last month, and the "
    "authority would rather close the terminal in the quiet season than risk an accident.",
    "The repairs will cost about four billion won, paid from the port maintenance budget "
    "that the city council approved in its December session after a short debate.",
    "Ferry operators said they had been told of the closure in good time and would print "
    "new timetables for the winter, with the first boats leaving half an hour earlier.",
    "Fishermen who moor along the terminal's outer wall will move to the east basin while "
    "the work goes on, the authority said, and may return once the pontoons are in place.",
]


def article_page(*parts, url="https://news.example.com/story/"):
    """A page with a headline, a lead figure and ``parts`` between paragraphs of the text."""
    body = "".join(
        f"{part}<p>{text}</p>"
        for part, text in zip(parts, PARAGRAPHS[1 : len(parts) + 1], strict=True)
    )
    return (
        f'<html><head><link rel="canonical" href="{url}"><title>Cranes go electric</title>'
        '<meta property="og:description" content="Six weeks of work."></head><body>'
        "<article><h1>Cranes go electric</h1>"
        '<figure><img src="/lead.jpg" alt="The lead"><figcaption>Lead</figcaption></figure>'
        f"<p>{PARAGRAPHS[0]}</p>{body}</article></body></html>"
    )


# -- Where figures go ---------------------------------------------------------------


def test_each_figure_in_the_text_is_the_figure_of_the_section_it_appears_in():
    sections = read("inline-figures.html")["sections"]
    assert [
        (s["heading"], s["body"][:15], s["figure"] and s["figure"]["caption"]) for s in sections
    ] == [
        ("", "<p>The port aut", "Night shifts on the quay will be quieter."),
        ("", "<p>Crane driver", None),
        (
            "Power from the tides",
            "<p>The terminal",
            "Engineers lower a turbine at the harbour mouth.",
        ),
        ("", "<p>Engineers sa", "The control room that balances the terminal's load"),
        ("", "<p>A control ro", None),
    ]


def test_a_second_figure_in_a_section_starts_a_section_without_heading_where_it_stood():
    """A section shows its figure after its text: the text after a figure goes on in a new
    section, so a reader meets each picture where the page put it."""
    document = html.parse(
        article_page('<figure><img src="/a.jpg" alt="A"></figure>', "<h2>Later</h2>")
    )
    assert [(s["heading"], bool(s["figure"])) for s in document["sections"]] == [
        ("", True),
        ("", False),
        ("Later", False),
    ]
    assert [s["body"][3:20] for s in document["sections"]] == [
        PARAGRAPHS[0][:17],
        PARAGRAPHS[1][:17],
        PARAGRAPHS[2][:17],
    ]


def test_figure_right_under_a_subhead_is_that_sections_figure():
    document = html.parse(
        article_page("<h2>Cranes</h2><figure><img src='/c.jpg' alt='C'></figure>")
    )
    cranes = document["sections"][1]
    assert (cranes["heading"], cranes["body"], cranes["figure"]["alt"]) == ("Cranes", "", "C")
    assert document["sections"][2]["heading"] == ""


def test_figures_after_the_last_of_the_article_text_are_none_of_its_figures():
    page = article_page().replace(
        "</article>",
        "</article><div><figure><img src='/gallery.jpg' alt='Elsewhere'></figure></div>",
    )
    assert figures(html.parse(page)) == []


def test_lead_printed_again_in_the_body_is_not_a_figure_too():
    document = html.parse(article_page("<figure><img src='/lead.jpg' alt='The lead'></figure>"))
    assert figures(document) == []
    assert document["lead_image"]["src"] == "https://news.example.com/lead.jpg"


# -- Words and files ----------------------------------------------------------------


def test_caption_alt_text_and_credit_are_split_as_for_the_lead_image():
    document = read("inline-figures.html")
    assert [(p["caption"], p["alt"], p["credit"]) for p in pictures(document)] == [
        (
            "The new cranes at Sinseondae terminal.",  # a credit element in the figcaption
            "Two gantry cranes against the evening sky",
            "Ji-ho Kim/Getty Images",
        ),
        (
            "Night shifts on the quay will be quieter.",  # a credit element beside it
            "The quay lit at night",
            "Busan Port Authority",
        ),
        (
            "Engineers lower a turbine at the harbour mouth.",  # "Photo: X"
            "Tidal turbines being lowered from a barge",
            "Seo-yeon Lee",
        ),
        (
            "The control room that balances the terminal's load",  # "(Photo by X)"
            "Operators at their screens",
            "Tae-hoon Choi",
        ),
    ]


def test_captions_and_credits_are_not_article_text():
    text = text_of(read("inline-figures.html"))
    for words in ["Night shifts", "Seo-yeon Lee", "Busan Port Authority", "control room that"]:
        assert words not in text


def test_the_file_is_the_largest_a_lazy_or_responsive_image_offers_made_absolute():
    assert [p["src"] for p in pictures(read("inline-figures.html"))] == [
        SITE + "cranes-at-dusk-1200.jpg",
        SITE + "quay-night-1600.jpg",  # data-srcset over the placeholder in src
        SITE + "turbines-640.jpg",  # the <img> of a <picture>, in the format every reader opens
        SITE + "control-room@2x.jpg",  # the densest of a 1x/2x srcset
    ]


def test_wordpress_images_alone_and_captioned_are_figures_with_their_files():
    document = read("wordpress-figures.html")
    assert document["lead_image"] == {
        "caption": "",
        "alt": "The trailhead sign above the beach",
        "credit": "",
        "src": WALKS + "wp-content/uploads/2019/10/trailhead-full.jpg",  # the file its link opens
    }
    assert figures(document) == [
        {
            "caption": "The bay from the signal station",  # a wp-caption, "– AP Photo/X" split off
            "alt": "The bay seen from the ridge",
            "credit": "AP Photo/Hye-jin Yoo",
            "src": WALKS + "2019/10/uploads/ridge-view.jpg",  # lazy, against <base href>
        },
        {
            "caption": "Grilled clams at Cheongsapo",  # the caption printed after the image
            "alt": "",
            "credit": "",
            "src": WALKS + "wp-content/uploads/2019/10/clams.jpg",
        },
    ]


def test_icons_trackers_avatars_ads_logos_and_teasers_never_become_figures():
    for name, count in [("inline-figures.html", 4), ("wordpress-figures.html", 3)]:
        found = [p["src"] for p in pictures(read(name))]
        assert len(found) == count
        for furniture in ["logo", "pixel", "avatar", "icons", "emoji", "ads.", "teaser", "header"]:
            assert not any(furniture in src for src in found), (name, furniture)
        assert not any("150x150" in src for src in found)  # related posts' thumbnails


def test_relative_image_on_a_page_that_says_nowhere_where_it_lives_has_no_file_address():
    page = article_page("<figure><img src='/b.jpg' alt='B'></figure>").replace(
        '<link rel="canonical" href="https://news.example.com/story/">', ""
    )
    assert [p["src"] for p in pictures(html.parse(page))] == [None, None]


@pytest.mark.parametrize(
    "figure",
    [
        '<figure><img src="/q.jpg" width="1" height="1" alt=""></figure>',
        '<figure><img src="/spacer.gif" alt=""></figure>',
        '<figure><img src="/q.jpg" role="presentation" alt=""></figure>',
        '<figure><img src="/q.jpg" class="wp-smiley" alt=":)"></figure>',
        '<p><img src="/q.jpg" height="0" alt=""></p>',
        '<p><img src="/stats/hit?id=3" style="position: absolute; visibility: hidden"></p>',
        '<div class="author-box"><img src="/jane.jpg" width="300" height="300" alt="Jane Doe">'
        "<p>Jane Doe writes about the port.</p></div>",
        '<p><img src="/img/social-sprite.png" alt="Follow us"></p>',
        '<p><a href="/other-story/"><img src="/q.jpg" alt="Another story"></a></p>',
        '<figure><iframe src="https://video.example/embed/1"></iframe>'
        "<figcaption>Watch the cranes</figcaption></figure>",
    ],
)
def test_decorative_images_and_videos_are_no_figures(figure):
    document = html.parse(article_page(figure))
    assert figures(document) == []
    assert "Watch the cranes" not in text_of(document)


def test_figure_of_a_quotation_is_no_picture():
    document = html.parse(
        article_page(
            "<figure><blockquote><p>We will be ready by spring.</p></blockquote>"
            "<figcaption>Kim Min-su, harbour master</figcaption></figure>"
        )
    )
    assert figures(document) == []


@pytest.mark.parametrize(
    "placeholder",
    ["<div class='placeholder'></div>", "<img src='/quay.jpg?w=20&amp;q=10' alt=''>"],
)
def test_figure_whose_image_a_script_puts_in_place_keeps_its_caption_without_a_file(placeholder):
    document = html.parse(
        article_page(f"<figure>{placeholder}<figcaption>The quay</figcaption></figure>")
    )
    assert figures(document) == [{"caption": "The quay", "alt": "", "credit": "", "src": None}]


def test_a_size_in_a_digit_python_reads_but_cannot_count_is_no_size():
    """A superscript two is a digit to str.isdigit(), and int() refuses it."""
    document = html.parse(article_page("<figure><img src='/quay.jpg?w=²' alt='The quay'></figure>"))
    assert [figure["src"] for figure in figures(document)] == [
        "https://news.example.com/quay.jpg?w=²"
    ]


# -- Open-ended pages ---------------------------------------------------------------

sizes = st.one_of(st.none(), st.integers(0, 2000).map(str), st.sampled_from(["100%", "auto", "x"]))
addresses = st.one_of(
    st.sampled_from(["/a.jpg", "b.png", "//cdn.example/c.webp", "https://x.example/d.jpg?w=1,2"]),
    st.sampled_from(["data:image/gif;base64,R0lGOD", "javascript:alert(1)", "", " ", "#"]),
    st.text(max_size=30),
)
attributes = st.fixed_dictionaries(
    {
        "src": addresses,
        "data-src": st.one_of(st.none(), addresses),
        "srcset": st.one_of(st.none(), st.text(max_size=60), addresses.map("{} 2x".format)),
        "width": sizes,
        "height": sizes,
        "alt": st.one_of(st.none(), st.text(max_size=400)),
        "class": st.sampled_from([None, "emoji", "avatar", "wp-image-3", "lazyload"]),
    }
)
wrappers = st.sampled_from(
    ["{}", "<p>{}</p>", "<figure>{}<figcaption>Photo: Lee</figcaption></figure>",
     "<a href='/elsewhere/'>{}</a>", "<div class='author-box'>{}</div>", "<picture>{}</picture>"]
)  # fmt: skip


def image_tag(attributes):
    quoted = (
        f' {name}="{value.replace(chr(34), "")}"'
        for name, value in attributes.items()
        if value is not None
    )
    return "<img" + "".join(quoted) + ">"


@settings(deadline=None, max_examples=80)
@given(st.lists(st.tuples(attributes, wrappers), min_size=1, max_size=5))
def test_any_images_give_figures_that_validate_with_http_file_addresses(drawn):
    page = article_page(*(wrapper.format(image_tag(found)) for found, wrapper in drawn))
    document = html.parse(page)
    assert interchange.validate(document)["sections"]
    for picture in pictures(document):
        assert picture["src"] is None or re.match(r"https?://[^/\s]", picture["src"])
        assert len(picture["alt"]) <= 300


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(sizes, sizes), min_size=1, max_size=5))
def test_an_image_100_pixels_or_less_either_way_is_never_a_figure(dimensions):
    def small(size):
        return size is not None and size.isdigit() and int(size) <= 100

    tags = [
        image_tag({"src": f"/photo-{index}.jpg", "width": width, "height": height, "alt": "P"})
        for index, (width, height) in enumerate(dimensions)
    ]
    found = [
        p["src"]
        for p in figures(html.parse(article_page(*map("<figure>{}</figure>".format, tags))))
    ]
    assert found == [
        f"https://news.example.com/photo-{index}.jpg"
        for index, (width, height) in enumerate(dimensions)
        if not small(width) and not small(height)
    ]


@settings(deadline=None, max_examples=60)
@given(st.lists(st.integers(1, 5000), min_size=1, max_size=6, unique=True), st.booleans())
def test_the_widest_file_of_any_srcset_is_the_figures_file(widths, spaced):
    separator = ", " if spaced else ","
    srcset = separator.join(f"/w_{w},h_{w}/p.jpg {w}w" for w in widths)  # commas in addresses too
    page = article_page(f'<figure><img src="/small.jpg" srcset="{srcset}" alt="P"></figure>')
    widest = max(widths)
    assert (
        figures(html.parse(page))[0]["src"]
        == f"https://news.example.com/w_{widest},h_{widest}/p.jpg"
    )


# -- Saving and the format ----------------------------------------------------------


@pytest.mark.django_db
def test_import_saves_each_figure_on_its_section_and_counts_the_pictures(tmp_path):
    (tmp_path / "page.html").write_bytes((PAGES / "inline-figures.html").read_bytes())
    out = io.StringIO()
    call_command("import_article", str(tmp_path), stdout=out)
    assert "4 pictures" in out.getvalue()
    article = Article.objects.get()
    assert [
        (s.heading, s.figure and (s.figure.caption, s.figure.credit, s.figure.alt))
        for s in article.sections.all()
    ] == [
        (
            "",
            (
                "Night shifts on the quay will be quieter.",
                "Busan Port Authority",
                "The quay lit at night",
            ),
        ),
        ("", None),
        (
            "Power from the tides",
            (
                "Engineers lower a turbine at the harbour mouth.",
                "Seo-yeon Lee",
                "Tidal turbines being lowered from a barge",
            ),
        ),
        (
            "",
            (
                "The control room that balances the terminal's load",
                "Tae-hoon Choi",
                "Operators at their screens",
            ),
        ),
        ("", None),
    ]
    assert Picture.objects.count() == 4


@pytest.mark.django_db
def test_dry_run_prints_each_sections_figure_with_its_file_address(capsys):
    call_command("import_article", str(PAGES / "inline-figures.html"), dry_run=True)
    document = json.loads(capsys.readouterr().out)
    assert document["sections"][0]["figure"]["src"] == SITE + "quay-night-1600.jpg"
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_importing_again_keeps_a_figures_file_and_gives_new_words_a_picture_of_their_own():
    article = make_article("Cranes")
    with_file = make_picture(file=photo(), caption="The quay", alt="The quay at night")
    section = add_section(article, "<p>Text.</p>")
    section.figure = with_file
    section.save()
    document = interchange.export(article)
    interchange.save(document)
    assert article.sections.get().figure == with_file  # the same words: the same picture

    document["sections"][0]["figure"]["caption"] = "The quay, before dawn"
    interchange.save(document)
    figure = Article.objects.get(pk=article.pk).sections.get().figure
    assert figure != with_file and figure.caption == "The quay, before dawn"
    assert figure.file.name == with_file.file.name
    assert Picture.objects.get(pk=with_file.pk).caption == "The quay"  # revisions keep theirs


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ("a picture", "“sections.figure” must be an object or null."),
        ({"alt": "x" * 301}, "“sections.figure.alt” may be at most 300 characters."),
        ({"caption": 3}, "“sections.figure.caption” must be text."),
    ],
)
def test_a_figure_of_the_wrong_shape_is_refused_with_the_field_named(figure, message):
    document = {
        "format": "newsroom.article/1",
        "headline": "H",
        "sections": [{"body": "<p>x</p>", "figure": figure}],
    }
    with pytest.raises(ImportFailed, match=re.escape(message)):
        interchange.validate(document)


def test_a_figures_file_address_is_kept_only_when_it_is_http():
    document = {"format": "newsroom.article/1", "headline": "H", "sections": [
        {"body": "<p>x</p>", "figure": {"src": "javascript:alert(1)"}},
        {"body": "<p>y</p>", "figure": {"src": "https://x.example/a.jpg"}},
        {"body": "<p>z</p>"},
    ]}  # fmt: skip
    sections = interchange.validate(document)["sections"]
    assert [s["figure"] and s["figure"]["src"] for s in sections] == [
        None,
        "https://x.example/a.jpg",
        None,
    ]


picture_words = st.fixed_dictionaries(
    {
        "caption": st.text(max_size=400),
        "alt": st.text(max_size=300),
        "credit": st.text(max_size=200),
        "src": st.one_of(st.none(), st.text(max_size=40), st.just("https://x.example/p.jpg")),
    }
)


@pytest.mark.django_db
@settings(
    deadline=None, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(st.none(), picture_words), min_size=1, max_size=4))
def test_any_figure_words_are_saved_and_exported_as_validated(figures_given):
    document = {
        "format": "newsroom.article/1",
        "headline": "Cranes",
        "sections": [{"body": f"<p>{n}</p>", "figure": f} for n, f in enumerate(figures_given)],
    }
    try:
        clean = interchange.validate(document)
    except ImportFailed:
        return
    article, _created = interchange.save(document)
    exported = interchange.export(article)["sections"]
    expected = [s["figure"] and {**s["figure"], "src": None} for s in clean["sections"]]
    assert [s["figure"] for s in exported] == expected
