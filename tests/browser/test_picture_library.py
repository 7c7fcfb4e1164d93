"""A writer uploads a picture to the library once, finds it again and uses it in two articles."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, Picture
from tests.admin_forms import staff_user
from tests.factories import make_article
from tests.pictures import photo

from .showing import loaded

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CAPTION = "Cranes at Busan port at dawn"
ALT = "Container cranes against an orange sky"


def choose_lead_picture(page, article, typed, screenshot=None):
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator(".field-lead_picture .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    offered = page.locator(".select2-results__option", has_text=CAPTION)
    expect(offered.locator("img")).to_be_visible()
    assert loaded(offered.locator("img")), "the picture is offered without its thumbnail"
    if screenshot:
        page.screenshot(path=screenshot)
    offered.click()
    chosen = page.locator(".field-lead_picture .select2-selection__rendered")
    expect(chosen).to_contain_text(CAPTION)
    assert loaded(chosen.locator("img")), "the chosen picture shows no thumbnail"
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    # Shown again with its thumbnail when the form comes back.
    assert loaded(page.locator(".field-lead_picture .select2-selection__rendered img"))


def test_a_writer_uploads_finds_and_reuses_a_picture(
    page, log_in, django_user_model, serve_media, artifacts
):
    writer = staff_user(django_user_model, "Writer")
    first = make_article("Busan's port expands", published=False, created_by=writer)
    second = make_article("Shipping rates fall", published=False, created_by=writer)
    make_article("Other story", lead_picture=Picture.objects.create(caption="A council vote"))
    log_in(page, "writer")

    page.get_by_role("link", name="Pictures").click()
    page.get_by_role("link", name="Add picture").click()
    page.get_by_label("File:", exact=True).set_input_files(
        files=[
            {
                "name": "port.jpg",
                "mimeType": "image/jpeg",
                "buffer": photo(size=(1200, 800), name="port.jpg").read(),
            }
        ]
    )
    page.get_by_label("Alt text:", exact=True).fill(ALT)
    page.get_by_label("Caption:", exact=True).fill(CAPTION)
    page.get_by_label("Credit:", exact=True).fill("Photo: Kim")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    page.locator("#searchbar").fill("Busan")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    thumbnail = rows.first.locator("img.picture-thumbnail")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0"), "no thumbnail"
    page.screenshot(path=artifacts / "screenshots" / "picture-library.png")

    choose_lead_picture(
        page, first, "busan", screenshot=artifacts / "screenshots" / "picture-picker.png"
    )
    choose_lead_picture(page, second, "Kim")
    picture = Picture.objects.get(caption=CAPTION)
    assert [a.lead_picture for a in Article.objects.filter(pk__in=[first.pk, second.pk])] == [
        picture,
        picture,
    ]

    page.goto(f"/admin/articles/picture/{picture.pk}/change/")
    used_in = page.locator(".field-used_in")
    expect(used_in.get_by_role("link")).to_have_count(2)
    for article in [first, second]:
        expect(used_in.get_by_role("link", name=article.headline)).to_be_visible()
