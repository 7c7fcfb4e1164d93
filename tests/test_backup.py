import io
import json
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework_api_key.models import APIKey
from reversion.models import Revision, Version
from taggit.models import Tag

from articles import workflow
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

from .admin_forms import change_url, form_fields, saved, staff_user
from .factories import add_footnote, add_section, make_article, make_picture
from .pictures import photo
from .reader_site import api_urls, fetch, public_urls

pytestmark = pytest.mark.django_db
# Restored into an empty database for real: flushed, and in a transaction of the restore's own.
EMPTIED = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def fresh_content_types():
    """A flushed database numbers content types anew: none may come from an older cache."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def run(command, folder, *options):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, str(folder), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def newsroom(settings, client):
    """
    The demo site, with an uploaded lead picture, a correction, a merged tag, a moved
    article, a section figure, a draft an editor saved twice in the admin (two revisions),
    an old picture only a revision shows, and a partner key.
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
    client.force_login(editor)
    for headline in ("A story still being written", "A story nearly written"):
        data = form_fields(client.get(change_url(draft)))
        assert saved(client.post(change_url(draft), {**data, "headline": headline}))
    client.logout()
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
    """An empty database, as migrations leave it, and empty media storage."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    shutil.rmtree(media_root)


@EMPTIED
def test_a_restored_site_serves_every_page_byte_for_byte(newsroom, client, tmp_path, media_root):
    urls = [*public_urls(), *api_urls(), "/api/v1/schema/"]
    before, pictures = fetch(client, urls), picture_files()
    assert {status for status, _location, _body in before.values()} == {200, 301}
    assert len(pictures) > 6
    assert b"<picture" in before[newsroom.get_absolute_url()][2]
    assert len(before["/api/v1/articles/"][2]) > 1000

    run("backup", tmp_path / "backup")
    wipe(media_root)
    assert not Article.objects.exists() and not get_user_model().objects.exists()
    run("restore", tmp_path / "backup")

    after = fetch(client, urls)
    assert [url for url in urls if after[url] != before[url]] == []
    assert picture_files() == pictures
    draft = Article.objects.get(headline="A story nearly written")
    assert draft.status == Article.Status.DRAFT
    assert draft.sections.get().body == "<p>Not yet.</p>"


@EMPTIED
def test_revisions_survive_a_restore_and_can_be_reverted_to(newsroom, client, tmp_path, media_root):
    draft = Article.objects.get(headline="A story nearly written")
    first, latest = Version.objects.get_for_object(draft).order_by("pk")
    run("backup", tmp_path / "backup")
    wipe(media_root)
    assert not Revision.objects.exists()
    run("restore", tmp_path / "backup")

    assert [v.pk for v in Version.objects.get_for_object(draft).order_by("pk")] == [
        first.pk,
        latest.pk,
    ]
    client.force_login(get_user_model().objects.get(username="mina"))
    history = client.get(f"/admin/articles/article/{draft.pk}/history/").content.decode()
    assert history.count(f'/history/{first.pk}/"') == 1 and "mina" in history
    revision_url = f"/admin/articles/article/{draft.pk}/history/{first.pk}/"
    response = client.post(revision_url, form_fields(client.get(revision_url)))
    assert saved(response)
    assert Article.objects.get(pk=draft.pk).headline == "A story still being written"


@EMPTIED
def test_share_links_and_deleted_articles_survive_a_restore(newsroom, client, tmp_path, media_root):
    embargoed = make_article("An embargoed story", published=False)
    add_section(embargoed, "<p>Until Monday.</p>")
    shared = workflow.preview_url(embargoed)
    assert "Until Monday." in client.get(shared).content.decode()
    draft = Article.objects.get(headline="A story nearly written")
    client.force_login(get_user_model().objects.get(username="mina"))
    assert (
        client.post(f"/admin/articles/article/{draft.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    client.logout()
    run("backup", tmp_path / "backup")
    wipe(media_root)
    run("restore", tmp_path / "backup")

    assert "Until Monday." in client.get(shared).content.decode()
    client.force_login(get_user_model().objects.get(username="mina"))
    deleted = Version.objects.get_deleted(Article).get(object_id=str(draft.pk))
    recover_url = f"/admin/articles/article/recover/{deleted.pk}/"
    assert saved(client.post(recover_url, form_fields(client.get(recover_url))))
    assert Article.objects.get(pk=draft.pk).headline == "A story nearly written"


@EMPTIED
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
    draft = Article.objects.get(headline="A story nearly written")
    assert draft.created_by.username == "mina"
    login = {"username": "mina", "password": "a-long-test-password"}
    assert client.post("/admin/login/", login).status_code == 302
    assert client.get(change_url(draft)).status_code == 200
    assert get_user_model().objects.get(username="mina").groups.get().name == "Editor"
    client.logout()
    api = client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert api.status_code == 200
    assert APIKey.objects.get(name="Wire partner").created == key.created


def test_backup_writes_every_table_media_and_a_manifest(newsroom, tmp_path):
    out, err = run("backup", tmp_path / "backup")
    folder = tmp_path / "backup"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format"] == "newsroom.backup/3"
    counts = {table["model"]: table["count"] for table in manifest["tables"]}
    assert counts["articles.article"] == 7
    assert counts["articles.formeraddress"] == 1
    assert counts["reversion.version"] == Version.objects.count() > 0
    assert counts["auth.user"] == 1
    assert manifest["media_files"] == len(list((folder / "media").rglob("*.*")))
    rows = (folder / "data" / "articles.article.jsonl").read_text().splitlines()
    korean = next(json.loads(row) for row in rows if "교실에-들어온-인공지능" in row)
    assert korean["fields"]["language"] == "ko"
    assert "search_vector" not in korean["fields"]
    tags = (folder / "data" / "articles.tagredirect.jsonl").read_text()
    assert json.loads(tags)["fields"] == {"old_slug": "regulation", "tag": ["ai policy"]}
    assert "  7/7 articles" in out
    assert "Backed up 3 groups, 1 user, " in out
    assert ", 7 articles, " in out
    assert err == ""


def test_a_backup_without_accounts_restores_into_a_site_with_its_own_admin(newsroom, tmp_path):
    out, _err = run("backup", tmp_path / "backup", "--no-accounts")
    assert " user" not in out and "API key" not in out
    Article.objects.all().delete()
    for model in (Picture, Author, Tag, ReadingList, Revision, APIKey, get_user_model()):
        model.objects.all().delete()
    admin = get_user_model().objects.create_superuser("operator", password="x-long-password")
    run("restore", tmp_path / "backup")
    draft = Article.objects.get(headline="A story nearly written")
    assert draft.created_by is None
    assert Version.objects.get_for_object(draft).count() == 2
    assert list(get_user_model().objects.all()) == [admin]


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="is not empty"):
        run("backup", tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_restore_refuses_a_database_with_articles(tmp_path):
    make_article("Already here")
    run("backup", tmp_path / "backup")
    with pytest.raises(CommandError, match=r"The database is not empty \(1 article\)"):
        run("restore", tmp_path / "backup")
    assert Article.objects.count() == 1


def test_restore_refuses_a_folder_without_manifest(tmp_path):
    with pytest.raises(CommandError, match="has no manifest.json"):
        run("restore", tmp_path)


def test_restore_refuses_a_manifest_of_another_format(tmp_path):
    (tmp_path / "manifest.json").write_text('{"format": "newsroom.backup/1"}')
    with pytest.raises(CommandError, match="of format “newsroom.backup/1”"):
        run("restore", tmp_path)


@EMPTIED
def test_a_restore_failing_halfway_leaves_the_database_and_storage_empty(
    newsroom, tmp_path, media_root
):
    run("backup", tmp_path / "backup")
    wipe(media_root)
    footnotes = tmp_path / "backup" / "data" / "articles.footnote.jsonl"
    rows = footnotes.read_text().splitlines()
    footnotes.write_text("\n".join([*rows[:-1], '{"model": "articles.footnote", ']) + "\n")
    with pytest.raises(CommandError, match=f"footnote.jsonl, line {len(rows)}: "):
        run("restore", tmp_path / "backup")
    assert [m.objects.count() for m in (Article, Author, Tag, ReadingList)] == [0, 0, 0, 0]
    assert not get_user_model().objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


@EMPTIED
def test_a_restore_whose_rows_do_not_fit_together_restores_nothing(tmp_path, media_root):
    article = make_article("A story with a byline")
    article.authors.add(Author.objects.create(name="Kim Min-seo"))
    run("backup", tmp_path / "backup")
    media_root.mkdir()
    wipe(media_root)
    (tmp_path / "backup" / "data" / "articles.author.jsonl").write_text("")
    with pytest.raises(CommandError, match="rows do not fit together"):
        run("restore", tmp_path / "backup")
    assert not Article.objects.exists()


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
    with pytest.raises(CommandError, match=r"footnote.jsonl, line 1: “year”: Ensure this value"):
        run("backup", tmp_path / "backup")
    assert not (tmp_path / "backup" / "manifest.json").exists()


def test_restore_refuses_a_manifest_naming_files_outside_the_backup(tmp_path):
    make_article("Kept safe")
    run("backup", tmp_path / "backup")
    Article.objects.all().delete()
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"][0]["file"] = "../../secrets.jsonl"
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="entry for “auth.group” is not one backup writes"):
        run("restore", tmp_path / "backup")
    manifest["tables"][0] = {"model": "auth.session", "file": "data/x.jsonl", "count": 0}
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="holds “auth.session”, which this site has no table"):
        run("restore", tmp_path / "backup")
    assert not Article.objects.exists()
