"""Read-also links of imported pages that lead to our own articles become internal links."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, FormerAddress

from .factories import make_article
from .html import page

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).parent / "fixtures" / "pages" / "linked"


def run(*args):
    call_command("import_article", *[str(a) for a in args], stdout=io.StringIO())


def links_of(headline):
    article = Article.objects.get(headline=headline)
    return [(link.link_text, link.target, link.url) for link in article.related_links.all()]


def test_two_pages_of_one_batch_link_to_each_other_whatever_the_order(tmp_path, client):
    shutil.copytree(PAGES, tmp_path / "archive")
    run(tmp_path / "archive", "--publish")
    ferry = Article.objects.get(headline="Jagalchi ferry terminal to close for repairs")
    hall = Article.objects.get(headline="Fish market opens a night hall")
    # The ferry page is read first and links forward; the hall page links back, written
    # with http, "www.", a final slash and a fragment.
    assert links_of(ferry.headline) == [
        ("Fish market opens a night hall", hall, ""),
        ("Autumn storms in review", None, "https://weather.example/busan/storms"),
    ]
    assert links_of(hall.headline) == [(ferry.headline, ferry, "")]
    read_also = page(client.get(ferry.get_absolute_url())).select_one(".read-also")
    assert read_also.find("a", href=hall.get_absolute_url())


def test_a_page_linking_to_an_article_imported_before_gets_an_internal_link():
    run(PAGES / "night-hall.html")
    run(PAGES / "ferry-terminal.html")
    hall = Article.objects.get(source_ref="url:https://harbour.example/news/night-hall")
    assert links_of("Jagalchi ferry terminal to close for repairs")[0] == (
        hall.headline,
        hall,
        "",
    )


def test_a_page_linking_to_an_article_imported_after_it_keeps_the_address():
    """Outside one batch nothing goes back to change links saved earlier."""
    run(PAGES / "ferry-terminal.html")
    run(PAGES / "night-hall.html")
    assert links_of("Jagalchi ferry terminal to close for repairs")[0] == (
        "Fish market opens a night hall",
        None,
        "https://harbour.example/news/night-hall",
    )


def test_links_to_this_sites_current_and_former_addresses_are_internal(tmp_path):
    current = make_article("Seoul weighs offshore wind auction rules")
    moved = make_article("Busan tidal pilot gets its permit")
    FormerAddress.objects.create(article=moved, path="/2019/11/18/tidal-permit/")
    html = (PAGES / "ferry-terminal.html").read_text()
    html = html.replace(
        '<li><a href="/news/night-hall">Fish market opens a night hall</a></li>',
        f'<li><a href="http://testserver{current.get_absolute_url()}">Wind auction</a></li>'
        '<li><a href="https://testserver/2019/11/18/tidal-permit/">Tidal permit</a></li>'
        f'<li><a href="https://elsewhere.example{current.get_absolute_url()}">Lookalike</a></li>',
    )
    (tmp_path / "page.html").write_text(html)
    run(tmp_path / "page.html")
    assert [
        target for _text, target, _url in links_of("Jagalchi ferry terminal to close for repairs")
    ] == [current, moved, None, None]
