"""The picture library: pictures shared by articles, and prune_pictures."""

import datetime
import io

import pytest
import reversion
from django.core.management import call_command
from django.db.models import ProtectedError
from django.utils import timezone

from articles.models import Picture, Section

from .factories import add_section, make_article, make_picture
from .html import page
from .pictures import photo

pytestmark = pytest.mark.django_db


def files_under(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def prune(*args):
    out = io.StringIO()
    call_command("prune_pictures", "--min-age-hours=0", *args, stdout=out)
    return out.getvalue()


def with_figure(article, picture):
    section = Section(article=article, body="<p>Text.</p>", figure=picture)
    section.save()
    return section


def test_one_picture_shows_on_every_article_that_uses_it(client):
    picture = make_picture(photo(gps=False), alt="A ferry", caption="The morning ferry.")
    first = make_article("Ferries", lead_picture=picture)
    second = make_article("Harbours")
    with_figure(second, picture)
    for article in [first, second]:
        text = page(client.get(article.get_absolute_url())).select_one("figure").get_text()
        assert "The morning ferry." in text
    assert set(picture.uses()) == {first, second}


def test_words_changed_in_the_library_show_on_every_page_using_the_picture(client):
    picture = make_picture(photo(gps=False), alt="A ferry", caption="The morning ferry.")
    lead = make_article("Ferries", lead_picture=picture)
    figured = make_article("Harbours")
    with_figure(figured, picture)
    for article in [lead, figured]:
        client.get(article.get_absolute_url())  # cached
    picture.caption = "The evening ferry."
    picture.save()
    for article in [lead, figured]:
        text = page(client.get(article.get_absolute_url())).select_one("figure").get_text()
        assert "The evening ferry." in text and "morning" not in text


def test_prune_lists_without_deleting_by_default(media_root):
    used = make_picture(photo(name="used.jpg", gps=False), alt="Used")
    make_article(lead_picture=used)
    unused = make_picture(photo(name="unused.jpg", gps=False), caption="Left over")
    before = files_under(media_root)
    out = prune()
    assert f"picture {unused.pk} “Left over”: 7 files" in out
    assert f"picture {used.pk} " not in out
    assert "Would delete 1 pictures and 7 files, freeing" in out
    assert "Run again with --delete" in out
    assert files_under(media_root) == before
    assert Picture.objects.count() == 2


def test_prune_deletes_the_rows_and_files_nothing_uses(media_root):
    kept = make_picture(photo(name="kept.jpg", gps=False), alt="Kept")
    article = make_article(lead_picture=kept)
    replaced = make_picture(photo(name="replaced.jpg", gps=False), alt="Replaced")
    article.lead_picture = replaced
    article.save()
    article.lead_picture = kept
    article.save()
    size = sum(replaced.file.storage.size(name) for name in replaced.stored_names())
    out = prune("--delete")
    assert "Deleted 1 pictures and 7 files" in out
    assert f"freeing {size // 1024}" in out.replace("\xa0", " ")
    assert list(Picture.objects.all()) == [kept]
    assert files_under(media_root) == sorted(kept.stored_names())


def test_prune_keeps_pictures_of_sections_revisions_and_recent_uploads(media_root):
    in_section = make_picture(photo(gps=False), alt="Figure")
    with_figure(make_article(), in_section)
    in_revision = make_picture(photo(gps=False), alt="Earlier")
    article = make_article(lead_picture=in_revision)
    with reversion.create_revision():
        reversion.add_to_revision(article)
    article.lead_picture = None
    article.save()
    figure_revision = make_picture(photo(gps=False), alt="Earlier figure")
    section = with_figure(make_article(), figure_revision)
    with reversion.create_revision():
        reversion.add_to_revision(section)
    section.figure = None
    section.save()
    recent = make_picture(photo(gps=False), alt="Just uploaded")
    Picture.objects.exclude(pk=recent.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    out = io.StringIO()
    call_command("prune_pictures", "--delete", stdout=out)
    assert "Deleted 0 pictures and 0 files" in out.getvalue()
    assert Picture.objects.count() == 4
    assert set(Picture.objects.unused()) == {recent}


def test_a_file_two_pictures_share_stays_while_one_is_used(media_root):
    original = make_picture(photo(gps=False), caption="Words of one article")
    make_article(lead_picture=original)
    # What an import that changed the words makes: a second row for the same file.
    copy = Picture(file=original.file.name, renditions=original.renditions, caption="Other")
    copy.save()
    out = prune("--delete")
    assert "Deleted 1 pictures and 0 files" in out
    assert files_under(media_root) == sorted(original.stored_names())


def test_prune_on_an_empty_library_says_so():
    assert "Would delete 0 pictures and 0 files, freeing 0" in prune()


def test_a_picture_in_use_cannot_be_deleted():
    picture = make_picture(photo(gps=False), alt="A")
    add_section(make_article(lead_picture=picture), "<p>Text.</p>")
    with pytest.raises(ProtectedError):
        picture.delete()
