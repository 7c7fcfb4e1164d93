"""A curator adds a suggested article to someone else's read-also links and reorders them."""

import pytest
from playwright.sync_api import expect

from tests.admin_forms import staff_user
from tests.factories import add_link, make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

GRID = "Power grid strains under new fabs"
SUBSIDIES = "Who pays for the chip subsidies"
CLUSTER = "Inside the Yongin chip cluster"


@pytest.fixture
def article(django_user_model):
    editor = staff_user(django_user_model, "Editor")
    article = make_article("Korea's chip plan, one year on", created_by=editor)
    article.tags.add("chips")
    add_link(article, make_article(GRID, hours_ago=3))
    add_link(article, make_article(SUBSIDIES, hours_ago=4))
    make_article(CLUSTER, hours_ago=2).tags.add("chips")  # shares a tag: a suggestion
    return article


def link_row(page, headline):
    return page.locator("#related_links-group tr.has_original", has_text=headline)


def type_position(page, headline, position):
    """Keyboard only: focus the row's Position field, select what is there, type a number."""
    field = link_row(page, headline).get_by_role("spinbutton")
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(position))
    expect(field).to_have_value(str(position))


def read_also_on_the_public_page(page, article):
    page.goto(article.get_absolute_url())
    return page.get_by_role("complementary", name="Read also").get_by_role("link")


def test_a_curator_adds_a_suggestion_and_reorders_links_from_the_keyboard(
    page, log_in, django_user_model, article
):
    staff_user(django_user_model, "Curator")
    log_in(page, "curator")
    page.get_by_role("link", name="Articles", exact=True).click()
    page.get_by_role("link", name=article.headline).click()

    # The text is someone else's: shown, not editable.
    expect(page.locator("#id_headline")).to_have_count(0)
    expect(page.locator(".field-headline .readonly")).to_have_text(article.headline)

    suggestions = page.locator(".field-add_suggestions")
    expect(suggestions).to_contain_text("Add suggested articles")
    suggestions.get_by_label(CLUSTER).check()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    expect(page.locator("#related_links-group tr.has_original")).to_have_count(3)
    expect(read_also_on_the_public_page(page, article)).to_have_text([GRID, SUBSIDIES, CLUSTER])

    page.go_back()
    type_position(page, CLUSTER, 1)
    type_position(page, GRID, 2)
    type_position(page, SUBSIDIES, 3)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    expect(page.locator(".field-read_also_for_readers li a")).to_have_text(
        [CLUSTER, GRID, SUBSIDIES]
    )
    expect(read_also_on_the_public_page(page, article)).to_have_text([CLUSTER, GRID, SUBSIDIES])


def test_a_curator_reorders_links_by_dragging_their_handle(
    page, log_in, django_user_model, article
):
    staff_user(django_user_model, "Curator")
    log_in(page, "curator")
    page.goto(f"/admin/articles/article/{article.pk}/change/")

    handle = link_row(page, SUBSIDIES).locator("td.original p")
    expect(handle).to_have_css("cursor", "grab")
    handle.drag_to(link_row(page, GRID).locator("td.original p"))
    rows = page.locator("#related_links-group tr.has_original td.original p")
    expect(rows).to_have_text([SUBSIDIES, GRID])
    expect(link_row(page, SUBSIDIES).get_by_role("spinbutton")).to_have_value("1")
    expect(link_row(page, GRID).get_by_role("spinbutton")).to_have_value("2")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    expect(read_also_on_the_public_page(page, article)).to_have_text([SUBSIDIES, GRID])
