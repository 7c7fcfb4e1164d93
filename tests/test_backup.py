import io
import json
import shutil

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework_api_key.models import APIKey
from taggit.models import Tag

from articles.demo import load_demo
from articles.models import (
    Article,
    Author,
    Correction,
    Picture,
    ReadingList,
    Section,
)
from articles.tagging import merge_tags

from .admin_forms import change_url, staff_user
from .factories import add_footnote, add_section, make_article, make_picture
from .pictures import photo
from .reader_site import fetch, public_urls

pytestmark = pytest.mark.django_db


def run(command, folder):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, str(folder), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def newsroom(settings):
    """
    The demo site, with an uploaded lead picture, a correction, a merged tag, a moved
    article, a section figure and a draft.
    """
    # Pages are compared by body: the cache keys on the site version, which a restore renews.
    settings.NEWSROOM_PAGE_CACHE = False
    load_demo()
    first = Article.objects.get(slug="korea-ai-basic-act-first-year")
    # Uploaded as editors do, in place of the demo's picture, with its words.
    demo = first.lead_picture
    first.lead_picture = make_picture(
        photo(size=(900, 600), name="assembly.jpg"),
        alt=demo.alt,
        caption=demo.caption,
        credit=demo.credit,
    )
    first.save()
    Correction.objects.create(article=first, text="The law took effect in January, not March.")
    merge_tags([Tag.objects.get(name="regulation")], into=Tag.objects.get(name="ai policy"))
    moved = Article.objects.get(slug="korea-picks-sites-national-ai-computing-centres")
    moved.slug = "korea-picks-two-sites-for-ai-computing-centres"
    moved.save()
    korean = Article.objects.get(language="ko")
    korean.tags.add("교육")
    Section(
        article=korean,
        order=korean.sections.count(),
        body="<p>교실 풍경.</p>",
        figure=make_picture(
            photo(name="classroom.jpg"),
            alt="태블릿을 든 학생들",
            caption="서울의 한 중학교.",
            credit="사진: 김",
        ),
    ).save()
    korean.translation_of = first
    korean.save()
    editor = staff_user(get_user_model(), "Editor", username="mina")
    draft = make_article("A story still being written", published=False, created_by=editor)
    add_section(draft, "<p>Not yet.</p>")
    APIKey.objects.create_key(name="Partner app")
    return first


def picture_files():
    """The files of every picture in use (a backup leaves the others out)."""
    in_use = Picture.objects.exclude(pk__in=Picture.objects.unlinked().values("pk"))
    names = [name for picture in in_use for name in picture.stored_names()]
    return {name: stored_bytes(name) for name in names}


def stored_bytes(name):
    with default_storage.open(name, "rb") as file:
        return file.read()


def wipe(media_root):
    # Pictures last: articles and sections keep theirs from being deleted.
    for model in sorted(apps.get_app_config("articles").get_models(), key=lambda m: m is Picture):
        model.objects.all().delete()
    Tag.objects.all().delete()
    get_user_model().objects.all().delete()
    APIKey.objects.all().delete()
    shutil.rmtree(media_root)


def test_a_restored_site_serves_every_page_byte_for_byte(newsroom, client, tmp_path, media_root):
    urls = public_urls()
    before, pictures = fetch(client, urls), picture_files()
    assert {status for status, _location, _body in before.values()} == {200, 301}
    assert len(pictures) > 6
    assert b"<picture" in before[newsroom.get_absolute_url()][2]

    run("backup", tmp_path / "backup")
    wipe(media_root)
    assert not Article.objects.exists()
    run("restore", tmp_path / "backup")

    after = fetch(client, urls)
    assert [url for url in urls if after[url] != before[url]] == []
    assert picture_files() == pictures
    draft = Article.objects.get(headline="A story still being written")
    assert draft.status == Article.Status.DRAFT
    assert draft.sections.get().body == "<p>Not yet.</p>"


def test_a_restore_brings_back_translations_owners_users_and_api_keys(newsroom, client, tmp_path):
    key, secret = APIKey.objects.create_key(name="Wire partner")
    korean = Article.objects.get(language="ko")
    assert b'hreflang="ko"' in client.get(newsroom.get_absolute_url()).content
    run("backup", tmp_path / "backup")
    wipe(tmp_path / "media")
    run("restore", tmp_path / "backup")

    restored = Article.objects.get(slug=korean.slug)
    assert restored.translation_of.slug == newsroom.slug
    assert b'hreflang="ko"' in client.get(newsroom.get_absolute_url()).content
    draft = Article.objects.get(headline="A story still being written")
    assert draft.created_by.username == "mina"
    login = {"username": "mina", "password": "a-long-test-password"}
    assert client.post("/admin/login/", login).status_code == 302
    assert client.get(change_url(draft)).status_code == 200
    assert get_user_model().objects.get(username="mina").groups.get().name == "Editor"
    client.logout()
    api = client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert api.status_code == 200
    assert APIKey.objects.get(name="Wire partner").created == key.created


def test_backup_writes_documents_site_data_media_and_a_manifest(newsroom, tmp_path):
    out, err = run("backup", tmp_path / "backup")
    folder = tmp_path / "backup"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format"] == "newsroom.backup/1"
    assert manifest["counts"]["articles"] == 7
    assert manifest["counts"]["former_addresses"] == 1
    assert manifest["counts"]["media_files"] == len(list((folder / "media").rglob("*.*")))
    site = json.loads((folder / "site.json").read_text())
    korean = next(a for a in site["articles"] if a["slug"] == "교실에-들어온-인공지능")
    document = json.loads((folder / korean["document"]).read_text())
    assert document["format"] == "newsroom.article/1"
    assert document["slug"] == "교실에-들어온-인공지능"
    author = next(a for a in site["authors"] if a["slug"] == "hannah-cho")
    assert author["bio"].startswith("Hannah Cho is a columnist")
    assert site["tag_redirects"] == [{"old_slug": "regulation", "tag_slug": "ai-policy"}]
    assert site["reading_lists"][0]["attached_to"]
    assert "  7/7 articles" in out
    assert "Backed up 7 articles, 5 authors" in out
    assert err == ""


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="is not empty"):
        run("backup", tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_restore_refuses_a_database_with_articles(tmp_path):
    make_article("Already here")
    run("backup", tmp_path / "backup")
    with pytest.raises(CommandError, match=r"The database is not empty \(1 articles"):
        run("restore", tmp_path / "backup")
    assert Article.objects.count() == 1


def test_restore_refuses_a_folder_without_manifest(tmp_path):
    with pytest.raises(CommandError, match="has no manifest.json"):
        run("restore", tmp_path)


def test_restore_refuses_a_manifest_of_another_format(tmp_path):
    (tmp_path / "manifest.json").write_text('{"format": "newsroom.backup/2"}')
    with pytest.raises(CommandError, match="of format “newsroom.backup/2”"):
        run("restore", tmp_path)


def test_a_restore_failing_halfway_leaves_the_database_and_storage_empty(
    newsroom, tmp_path, media_root
):
    run("backup", tmp_path / "backup")
    wipe(media_root)
    last = json.loads((tmp_path / "backup" / "site.json").read_text())["articles"][-1]
    (tmp_path / "backup" / last["document"]).write_text('{"format": ')
    with pytest.raises(CommandError, match=f"{last['document']}: the file is not valid"):
        run("restore", tmp_path / "backup")
    assert [m.objects.count() for m in (Article, Author, Tag, ReadingList)] == [0, 0, 0, 0]
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


def test_a_long_korean_slug_backs_up_and_restores(tmp_path):
    """A 269-byte slug once made the backup fail with "File name too long"."""
    headline = "인공지능 기본법 시행 첫해, 교실과 병원과 법원에서 달라진 것과 달라지지 않은 것 " * 3
    article = make_article(headline.strip(), published=False)
    add_section(article, "<p>아직 쓰는 중.</p>")
    assert len(article.slug.encode()) > 255
    run("backup", tmp_path / "backup")
    Article.objects.all().delete()
    run("restore", tmp_path / "backup")
    assert Article.objects.get().slug == article.slug


def test_backup_refuses_to_report_success_for_what_restore_would_refuse(tmp_path):
    """Rows written before the year was checked (or by hand) make the backup say so and stop."""
    article = make_article("Old sources")
    add_section(article, "<p>Cited.[^old]</p>")
    add_footnote(article, "old", year=0)
    with pytest.raises(CommandError, match=r"“year” must be a whole number from 1 to 9999"):
        run("backup", tmp_path / "backup")
    assert not (tmp_path / "backup" / "manifest.json").exists()
