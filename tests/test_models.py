import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Author

from .factories import add_footnote, add_link, add_section, make_article

pytestmark = pytest.mark.django_db


def test_slug_is_filled_from_the_headline():
    assert make_article("Korea's AI Test: Three Years").slug == "koreas-ai-test-three-years"


def test_hangul_headline_gives_a_readable_slug():
    article = make_article("인공지능 기본법, 첫해의 과제")
    assert article.slug == "인공지능-기본법-첫해의-과제"


def test_symbol_only_headline_still_gets_a_slug():
    assert make_article("???").slug == "article"


def test_slugs_stay_unique():
    first = make_article("Same words")
    second = make_article("Same words")
    assert (first.slug, second.slug) == ("same-words", "same-words-2")


def test_editing_keeps_the_slug():
    article = make_article("First headline")
    article.headline = "Second headline"
    article.save()
    assert article.slug == "first-headline"


def test_author_slug_is_filled_from_the_name():
    assert Author.objects.create(name="Kim Ji-woo").slug == "kim-ji-woo"


def test_section_body_is_sanitised_on_save():
    article = make_article()
    section = add_section(article, '<p onmouseover="x()">Text<script>bad()</script></p>')
    section.refresh_from_db()
    assert section.body == "<p>Text</p>"


def test_section_save_renders_the_body_with_numbered_notes():
    article = make_article()
    add_footnote(article, "a")
    add_footnote(article, "b")
    add_section(article, "<p>First b[^b], then a[^a].</p>", heading="Background")
    article.refresh_from_db()
    assert '<h2 id="section-1">Background</h2>' in article.body_html
    assert 'href="#note-1" id="cite-1"' in article.body_html
    assert article.notes_html.index("Source b") < article.notes_html.index("Source a")


def test_deleting_a_section_renders_the_body_again():
    article = make_article()
    section = add_section(article, "<p>Going away</p>")
    version = Article.objects.get(pk=article.pk).content_version
    section.delete()
    article.refresh_from_db()
    assert "Going away" not in article.body_html
    assert article.content_version > version


def test_footnote_url_must_be_http():
    article = make_article()
    note = add_footnote(article, "a", url="javascript:alert(1)")
    note.refresh_from_db()
    assert note.url == ""


def test_publishing_without_a_time_publishes_now():
    article = make_article(published=False)
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at <= timezone.now()
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_published_excludes_drafts_and_the_future():
    visible = make_article()
    make_article(published=False)
    make_article(hours_ago=-2)
    assert list(Article.objects.published()) == [visible]


def test_internal_link_follows_the_headline_unless_its_title_overrides_it():
    target = make_article("Target story")
    link = add_link(make_article(), target=target)
    target.headline = "Target story, renamed"
    target.save()
    link.refresh_from_db()
    assert (link.title, link.link_text) == ("", "Target story, renamed")
    link.title = "Our words"
    link.save()
    assert link.link_text == "Our words"
    target.delete()
    link.refresh_from_db()
    assert (link.target, link.title) == (None, "Our words")


def test_read_also_hides_links_to_articles_readers_cannot_see():
    article = make_article()
    shown = add_link(article, target=make_article("Visible"))
    add_link(article, target=make_article("Draft", published=False))
    add_link(article, target=make_article("Scheduled", hours_ago=-5))
    external = add_link(article, title="Elsewhere", url="https://example.org/")
    add_link(article, title="Unresolved title only")
    visible = article.related_links.published()
    assert list(visible) == [shown, external]


def test_article_url_uses_the_site_time_zone_date(settings):
    settings.TIME_ZONE = "Asia/Seoul"
    # 20:00 UTC on 1 March is 05:00 on 2 March in Seoul.
    moment = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)
    article = make_article("Late night", published_at=moment)
    assert article.get_absolute_url() == "/2026/03/02/late-night/"
