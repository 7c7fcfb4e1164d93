import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article

from .admin_forms import staff_user
from .factories import make_article
from .html import page

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "pages"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_article", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_text_page_becomes_a_draft_in_the_samples_shape():
    out, _ = run(FIXTURES / "tidal-pilot.txt")
    article = Article.objects.get()
    assert article.headline == "Busan's tidal power pilot enters a decisive two-year trial"
    assert article.status == Article.Status.DRAFT
    assert article.lead_picture.caption == article.lead_picture.alt
    assert article.footnotes.count() >= 3
    assert "doc-noteref" in article.body_html
    assert article.body_html.count(article.headline) == 0
    assert article.body_html.count(article.lead_picture.caption) == 0
    assert "1 created, 0 updated, 0 failed" in out


def test_importing_the_same_page_again_updates_it(tmp_path):
    page_file = tmp_path / "tidal.html"
    canonical = '<link rel="canonical" href="https://example.org/tidal">'
    html = (FIXTURES / "tidal-pilot.html").read_text().replace("<head>", "<head>" + canonical)
    page_file.write_text(html)
    run(page_file)
    page_file.write_text(html.replace("four experimental", "five experimental"))
    moved = tmp_path / "renamed.html"
    page_file.rename(moved)
    out, _ = run(moved)
    assert Article.objects.count() == 1
    assert "five experimental" in Article.objects.get().body_text
    assert "0 created, 1 updated" in out


def test_pages_without_an_address_are_told_apart_by_content_not_file_name(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir(), second.mkdir()
    shutil.copy(FIXTURES / "tidal-pilot.txt", first / "story.txt")
    text = (FIXTURES / "tidal-pilot.txt").read_text()
    (second / "story.txt").write_text(text.replace("four experimental", "five experimental"))
    run(first / "story.txt")
    out, _ = run(first / "story.txt")
    assert "0 created, 1 updated" in out
    out, _ = run(second / "story.txt")
    assert "1 created, 0 updated" in out
    assert Article.objects.count() == 2


def test_publish_option_publishes_imported_pages():
    run(FIXTURES / "tidal-pilot.html", "--publish")
    assert Article.objects.published().count() == 1


def test_dry_run_prints_the_document_and_writes_nothing():
    out, _ = run(FIXTURES / "tidal-pilot.html", "--dry-run")
    document = json.loads(out)
    assert document["format"] == "newsroom.article/1"
    numbers = [note["number"] for note in document["footnotes"]]
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    assert not Article.objects.exists()


def test_a_folder_imports_every_file_with_progress_and_a_summary(tmp_path):
    for name in ["a.txt", "b.html"]:
        shutil.copy(
            FIXTURES / ("tidal-pilot.txt" if name.endswith("txt") else "tidal-pilot.html"),
            tmp_path / name,
        )
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / ".hidden.txt").write_text("ignored")
    with pytest.raises(CommandError, match="1 of 3 files failed."):
        run(tmp_path)
    assert Article.objects.count() == 2


def test_folder_summary_names_each_failure(tmp_path):
    shutil.copy(FIXTURES / "tidal-pilot.txt", tmp_path / "good.txt")
    (tmp_path / "bad.json").write_text("{not json")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(tmp_path), stdout=out, stderr=err)
    assert "[############............] 1/2 bad.json: failed" in out.getvalue()
    assert "Imported 2 files: 1 created, 0 updated, 1 failed." in out.getvalue()
    assert "bad.json: the JSON is malformed (line 1: Expecting property name" in err.getvalue()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "the file is empty."),
        ("blank.txt", b"   \n\n", "the file is empty."),
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00",
            "the file is binary, not a text or HTML page.",
        ),
        (
            "latin1.txt",
            "Caf\xe9 society\n\nA long enough paragraph.".encode("latin-1"),
            "the file is not UTF-8 text",
        ),
        ("broken.json", b'{"format": ', "the JSON is malformed"),
        (
            "shape.json",
            b'{"format": "newsroom.article/1", "headline": "x", "sections": "no"}',
            "“sections” must be a list.",
        ),
        (
            "only-headline.txt",
            b"A headline and nothing more",
            "The page has a headline but no article text.",
        ),
    ],
)
def test_bad_files_get_a_one_line_error_and_write_nothing(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_article", str(path), stdout=out, stderr=err)
    assert str(failure.value) == "1 of 1 files failed."
    assert err.getvalue().strip().startswith(f"{name}: {message}")
    assert len(err.getvalue().strip().splitlines()) == 1
    assert not Article.objects.exists()


def test_a_file_over_the_size_limit_is_refused(tmp_path, settings):
    settings.NEWSROOM_IMPORT_MAX_BYTES = 100
    path = tmp_path / "big.txt"
    shutil.copy(FIXTURES / "tidal-pilot.txt", path)
    with pytest.raises(CommandError):
        run(path)
    assert not Article.objects.exists()


def test_bad_file_messages_name_the_problem(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(path), stdout=out, stderr=err)
    assert "photo.txt: the file is binary, not a text or HTML page." in err.getvalue()


def test_missing_path_is_a_one_line_error():
    with pytest.raises(CommandError, match="no such file or folder"):
        run("/nowhere/at/all.txt")


def test_read_also_titles_resolve_to_existing_articles_or_stay_for_curators():
    ports = make_article("Can Korea’s ports run on their own power")
    run(FIXTURES / "tidal-pilot.txt")
    links = list(Article.objects.get(source_ref__isnull=False).related_links.all())
    assert [(link.link_text, link.target) for link in links] == [
        ("Seoul weighs offshore wind auction rules", None),
        ("Can Korea’s ports run on their own power", ports),
    ]


# The admin's import page


def test_editor_uploads_a_page_sees_the_preview_and_creates_a_draft(client, django_user_model):
    writer = staff_user(django_user_model, "Writer")
    client.force_login(writer)
    with open(FIXTURES / "tidal-pilot.html", "rb") as upload:
        response = client.post("/admin/articles/article/import/", {"file": upload})
    assert response.status_code == 200
    soup = page(response)
    assert "Busan's tidal power pilot" in soup.get_text()
    assert not Article.objects.exists()
    form = soup.find("input", attrs={"name": "token"}).find_parent("form")
    data = {field["name"]: field["value"] for field in form.find_all("input", type="hidden")}
    response = client.post("/admin/articles/article/import/", data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT and article.created_by == writer
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"


def test_upload_errors_are_shown_on_the_form(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Editor"))
    response = client.post(
        "/admin/articles/article/import/",
        {"file": io.BytesIO(b"\x00\x00binary")},
    )
    assert response.status_code == 200
    assert "the file is binary" in response.content.decode()


def test_imported_json_cannot_publish_through_the_admin(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Writer"))
    document = {
        "format": "newsroom.article/1",
        "headline": "Sneaky",
        "status": "published",
        "published_at": "2026-01-01T00:00:00+00:00",
        "sections": [{"heading": "", "body": "<p>x</p>"}],
    }
    upload = SimpleUploadedFile("x.json", json.dumps(document).encode())
    preview = page(client.post("/admin/articles/article/import/", {"file": upload}))
    form = preview.find("input", attrs={"name": "token"}).find_parent("form")
    data = {field["name"]: field["value"] for field in form.find_all("input", type="hidden")}
    response = client.post("/admin/articles/article/import/", data)
    assert response.status_code == 302
    assert Article.objects.get().status == Article.Status.DRAFT


def test_curators_may_not_import(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Curator"))
    assert client.get("/admin/articles/article/import/").status_code == 403


DANGLING_PAGE = (
    "<h1>Ferries to resume</h1><p>Winter timetables start on Monday.</p>"
    "<p>Crews are ready<sup>1</sup>, the operator said<sup>7</sup>.</p>"
    "<h2>References</h2><ol><li>Kim, J. (2021). Ferry Timetables.</li></ol>"
)


def test_dangling_citation_fails_the_import_and_writes_nothing(tmp_path):
    (tmp_path / "ferries.html").write_text(DANGLING_PAGE)
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        run(tmp_path)
    assert not Article.objects.exists()


def test_lenient_import_warns_naming_the_marker_and_succeeds(tmp_path):
    (tmp_path / "ferries.html").write_text(DANGLING_PAGE)
    out, err = run(tmp_path, "--lenient")
    assert Article.objects.get().footnotes.count() == 1
    assert "ferries.html: warning: the text cites [7]" in err
    assert "1 warnings." in out


def test_lenient_dry_run_warns_on_stderr_and_prints_the_document(tmp_path):
    page_file = tmp_path / "ferries.html"
    page_file.write_text(DANGLING_PAGE)
    with pytest.raises(CommandError, match=r"cites \[7\]"):
        run(page_file, "--dry-run")
    out, err = run(page_file, "--dry-run", "--lenient")
    assert json.loads(out)["headline"] == "Ferries to resume"
    assert "warning: the text cites [7]" in err


def test_dry_run_of_a_real_page_prints_authors_time_and_read_also_urls():
    document = json.loads(run(FIXTURES / "real" / "json-ld.html", "--dry-run")[0])
    assert document["authors"] == ["Min-ji Park", "Tom Lee"]
    assert document["published_at"] == "2019-11-19T06:21:00+09:00"
    assert document["related"][0]["url"] == "https://harbour.example/news/night-hall"
    assert not Article.objects.exists()


def test_folder_summary_counts_authors_pictures_footnotes_and_warnings(tmp_path):
    shutil.copytree(FIXTURES / "real", tmp_path / "real")
    shutil.copy(FIXTURES / "tidal-pilot.html", tmp_path)
    out, _ = run(tmp_path)
    assert "Imported 13 files: 13 created, 0 updated, 0 failed." in out
    # Lead images and inline figures: three pages with a lead, two with lead and figures.
    assert "2 authors created, 10 pictures, 4 footnotes, 0 warnings." in out
    assert "[########################] 13/13" in out
    article = Article.objects.get(authors__name="Tom Lee")
    assert [author.name for author in article.ordered_authors] == ["Min-ji Park", "Tom Lee"]


DEEP_JSON = '{"format": "newsroom.article/1", "headline": ' + "[" * 200_000 + "]" * 200_000 + "}"


def test_deeply_nested_json_is_a_one_line_error_not_a_traceback(tmp_path):
    (tmp_path / "deep.json").write_text(DEEP_JSON)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("import_article", tmp_path / "deep.json", stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == "  deep.json: the JSON is nested too deeply to be an article.\n"
    assert not Article.objects.exists()


def test_deeply_nested_json_is_a_form_error_in_the_admin(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Editor"))
    upload = SimpleUploadedFile("deep.json", DEEP_JSON.encode())
    response = client.post("/admin/articles/article/import/", {"file": upload})
    assert response.status_code == 200
    assert "the JSON is nested too deeply" in response.content.decode()
