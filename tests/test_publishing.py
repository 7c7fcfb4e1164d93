"""
One publishing path: the change form's buttons, the bulk actions and the workflow
functions that imports and the demo call all move an article the same way.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from articles import workflow
from articles.models import Article

from .admin_forms import (
    ADD_URL,
    buttons,
    change_url,
    errors,
    form_fields,
    press,
    reload,
    saved,
    staff_user,
)
from .factories import make_article

pytestmark = pytest.mark.django_db

CHANGELIST_URL = "/admin/articles/article/"
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def editor(client, django_user_model):
    user = staff_user(django_user_model, workflow.EDITOR)
    client.force_login(user)
    return user


@pytest.fixture
def writer(django_user_model):
    return staff_user(django_user_model, workflow.WRITER)


def in_review(published_at=None):
    return make_article(status=Article.Status.REVIEW, published=False, published_at=published_at)


def publish_with_button(client, article):
    data = form_fields(client.get(change_url(article)))
    response = client.post(change_url(article), press(data, workflow.PUBLISH))
    assert saved(response), errors(response)
    return reload(article)


def publish_with_bulk_action(client, article):
    client.post(
        CHANGELIST_URL,
        {"action": "publish", "_selected_action": [article.pk], "index": "0", "post": "yes"},
    )
    return reload(article)


def publish_with_workflow(article):
    workflow.move(article, workflow.PUBLISH)
    article.save()
    return reload(article)


PUBLISHERS = [
    lambda client, article: publish_with_button(client, article),
    lambda client, article: publish_with_bulk_action(client, article),
    lambda client, article: publish_with_workflow(article),
]


@pytest.mark.parametrize("publish", PUBLISHERS, ids=["button", "bulk action", "workflow"])
def test_publishing_now_replaces_a_future_time_with_now(client, editor, publish):
    before = timezone.now()
    article = publish(client, in_review(published_at=before + 48 * HOUR))
    assert before <= article.published_at <= timezone.now()
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("publish", PUBLISHERS, ids=["button", "bulk action", "workflow"])
def test_publishing_now_keeps_an_earlier_publication_time(client, editor, publish):
    earlier = (timezone.now() - 5 * HOUR).replace(microsecond=0)
    article = publish(client, in_review(published_at=earlier))
    assert article.published_at == earlier


def test_schedule_needs_a_future_time_and_changes_nothing_without_one(client, editor):
    article = in_review()
    data = form_fields(client.get(change_url(article)))
    response = client.post(change_url(article), press(data, workflow.SCHEDULE))
    assert response.status_code == 200
    assert "To schedule, set a publication time in the future." in errors(response)
    assert reload(article).status == Article.Status.REVIEW


def test_the_message_after_publishing_links_to_the_public_page(client, editor):
    article = in_review()
    data = form_fields(client.get(change_url(article)))
    response = client.post(change_url(article), press(data, workflow.PUBLISH), follow=True)
    article = reload(article)
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    message = soup.select_one("ul.messagelist li.success")
    assert message.get_text().startswith("Published:")
    assert message.a["href"] == article.get_absolute_url()
    assert not article.get_absolute_url().startswith("/admin/")
    assert client.get(message.a["href"]).status_code == 200


def submit_row(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [
        (element.get("name"), element.get("value") if element.name == "button" else None)
        for element in soup.select(".submit-row input[type=submit], .submit-row button")
    ]


def test_enter_in_a_one_line_field_saves_and_publishes_nothing(client, editor):
    """Browsers press a form's first submit button: it must be the harmless save."""
    article = in_review()
    response = client.get(change_url(article))
    assert submit_row(response)[0] == ("_save", None)
    data = form_fields(response)
    data["headline"] = "Edited and saved"
    assert saved(client.post(change_url(article), data))
    assert (reload(article).headline, reload(article).status) == (
        "Edited and saved",
        Article.Status.REVIEW,
    )


def test_buttons_follow_role_and_status(client, editor, writer):
    live = make_article()
    scheduled = make_article(published_at=timezone.now() + HOUR)
    assert buttons(client.get(ADD_URL)) == ["publish", "schedule"]
    assert buttons(client.get(change_url(live))) == ["publish", "unpublish"]
    assert buttons(client.get(change_url(scheduled))) == ["publish", "schedule", "unpublish"]
    client.force_login(writer)
    assert buttons(client.get(ADD_URL)) == ["review"]


def test_a_writer_pressing_publish_on_a_new_article_is_refused(client, writer):
    client.force_login(writer)
    data = form_fields(client.get(ADD_URL))
    data["headline"] = "Straight to readers"
    assert client.post(ADD_URL, press(data, workflow.PUBLISH)).status_code == 403
    assert not Article.objects.exists()


def test_the_save_button_is_named_for_what_it_does(client, editor):
    draft_page = client.get(change_url(in_review())).content.decode()
    live_page = client.get(change_url(make_article())).content.decode()
    assert 'value="Save draft"' in draft_page
    assert 'value="Save without publishing"' in live_page
    assert ">Publish changes</button>" in live_page
