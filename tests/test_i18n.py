import datetime
import gettext
import shutil
import subprocess

import polib
import pytest
from django.conf import settings

from articles.models import StaffPreference

from .admin_forms import staff_user
from .factories import add_footnote, add_link, add_section, make_article
from .html import page

pytestmark = pytest.mark.django_db

CATALOGUE = settings.BASE_DIR / "locale" / "ko" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


@pytest.fixture
def korean_article():
    article = make_article(
        "교실에 들어온 인공지능",
        language="ko",
        kind="column",
        published_at=datetime.datetime(2026, 11, 29, 3, 0, tzinfo=datetime.UTC),
    )
    add_footnote(article, "jung", title="학교 현장 조사")
    add_section(article, "<p>학생들은 인공지능을 쓴다.[^jung]</p>")
    add_link(article, target=make_article("An English story"))
    return article


def test_a_korean_article_speaks_korean_whatever_the_browser_says(client, korean_article):
    response = client.get(korean_article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    soup = page(response)
    assert soup.html["lang"] == "ko"
    assert soup.select_one("#read-also-heading").get_text() == "함께 읽기"
    assert soup.select_one("#notes-heading").get_text() == "주석"
    assert soup.select_one("#latest-heading").get_text() == "최신 기사"
    assert soup.select_one(".article-header .kind").get_text(strip=True) == "칼럼"
    assert "2026년 11월 29일" in soup.select_one(".article-header time").get_text()
    assert soup.select_one('a[role="doc-noteref"]')["aria-label"] == "주석 1"


def test_an_english_article_speaks_english_to_a_korean_browser(client):
    article = make_article("Chips and power", kind="analysis")
    add_link(article, target=make_article("Another"))
    soup = page(client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ko"))
    assert soup.html["lang"] == "en"
    assert soup.select_one("#read-also-heading").get_text() == "Read also"
    assert soup.select_one(".article-header .kind").get_text(strip=True) == "Analysis"


def test_lists_speak_the_sites_language_with_a_switch_to_each_front_page(client, settings):
    make_article("English story")
    make_article("한국어 기사", language="ko")
    front = page(client.get("/", HTTP_ACCEPT_LANGUAGE="ko"))
    assert front.html["lang"] == "en" and front.h1.get_text() == "Latest news"
    switch = front.select_one("nav.language-switch")
    assert [(a["href"], a.get_text()) for a in switch.select("a")] == [
        ("/en/", "English"),
        ("/ko/", "한국어"),
    ]
    korean = page(client.get("/ko/"))
    assert korean.html["lang"] == "ko" and korean.h1.get_text() == "최신 뉴스"
    assert [a.get_text() for a in korean.select(".card-headline a")] == ["한국어 기사"]


def test_the_admin_speaks_each_staff_members_language(client, django_user_model):
    user = staff_user(django_user_model, "Editor")
    client.force_login(user)
    assert page(client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")).html["lang"] == "en"
    assert page(client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ko")).html["lang"] == "ko"
    response = client.post("/admin/language/", {"language": "ko"})
    assert response.status_code == 302
    assert StaffPreference.objects.get(user=user).language == "ko"
    soup = page(client.get("/admin/articles/article/add/", HTTP_ACCEPT_LANGUAGE="en"))
    assert soup.html["lang"] == "ko"
    assert "제목" in soup.select_one("label[for=id_headline]").get_text()


def test_translations_link_to_each_other_both_ways(client):
    english = make_article("AI rules in the classroom")
    korean = make_article("교실의 인공지능 규칙", language="ko", translation_of=english)
    for article, other in [(english, korean), (korean, english)]:
        soup = page(client.get(article.get_absolute_url()))
        alternates = {
            link["hreflang"]: link["href"]
            for link in soup.find_all("link", rel="alternate", hreflang=True)
        }
        assert alternates == {
            "en": f"http://testserver{english.get_absolute_url()}",
            "ko": f"http://testserver{korean.get_absolute_url()}",
        }
        visible = soup.select_one(".translation a")
        assert visible["href"] == other.get_absolute_url() and visible["hreflang"] == other.language
    assert page(client.get(english.get_absolute_url())).select_one(".translation a").get_text() == (
        "Read in Korean"
    )
    assert page(client.get(korean.get_absolute_url())).select_one(".translation a").get_text() == (
        "읽기: 영어"
    )


def test_an_unpublished_translation_is_not_offered(client):
    english = make_article("Published original")
    make_article("초안 번역", language="ko", translation_of=english, published=False)
    soup = page(client.get(english.get_absolute_url()))
    assert soup.select(".translation") == [] and not soup.find("link", hreflang="ko")


def test_sitemaps_carry_the_alternates(client):
    english = make_article("Original story")
    korean = make_article("번역 기사", language="ko", translation_of=english)
    xml = client.get("/sitemap-articles.xml").content.decode()
    for article in (english, korean):
        assert (
            f'<xhtml:link rel="alternate" hreflang="{article.language}" '
            f'href="http://testserver{article.get_absolute_url()}"/>'
        ) in xml


def test_every_message_has_a_korean_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert untranslated == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.percent_translated() == 100


def test_the_compiled_catalogue_matches_the_messages():
    catalogue = polib.pofile(str(CATALOGUE))
    with open(COMPILED, "rb") as file:
        compiled = gettext.GNUTranslations(file)
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            continue
        if entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
def test_the_catalogue_passes_msgfmt_check():
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
