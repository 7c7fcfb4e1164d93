"""
Who may do what in the article admin, through real HTTP: forms are read like a browser reads
them; "direct POST" tests add what the page did not offer, to show the server refuses it.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Correction

from .admin_forms import (
    ADD_URL,
    add_inline_row,
    buttons,
    change_url,
    errors,
    form_fields,
    press,
    reload,
    saved,
    staff_user,
)
from .factories import (
    add_byline,
    add_footnote,
    add_link,
    add_section,
    make_article,
    make_author,
)

pytestmark = pytest.mark.django_db

CHANGELIST_URL = "/admin/articles/article/"
DRAFT, REVIEW, PUBLISHED, UNPUBLISHED = Article.Status.values


def delete_url(article):
    return f"/admin/articles/article/{article.pk}/delete/"


def open_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_fields(response)


def add_row(data, prefix, **fields):
    """What the inline's "Add another" button does: copy the empty row, then fill it in."""
    index = data[f"{prefix}-TOTAL_FORMS"]
    for name, value in list(data.items()):
        if f"{prefix}-__prefix__-" in name:
            data[name.replace("__prefix__", index)] = value
    return add_inline_row(data, prefix, **fields)


def offered_actions(client):
    soup = BeautifulSoup(client.get(CHANGELIST_URL).content.decode(), "html.parser")
    return {o["value"] for o in soup.select('select[name="action"] option') if o["value"]}


def run_action(client, action, *articles):
    """The changelist's Go button; post=yes also answers a confirmation page at once."""
    return client.post(
        CHANGELIST_URL,
        {
            "action": action,
            "_selected_action": [article.pk for article in articles],
            "index": "0",
            "post": "yes",
        },
    )


def public_status(client, article):
    return client.get(reload(article).get_absolute_url()).status_code


def role_fixture(role, username=None):
    @pytest.fixture
    def user(django_user_model):
        return staff_user(django_user_model, role, username)

    return user


writer = role_fixture("Writer")
other_writer = role_fixture("Writer", "other-writer")
editor = role_fixture("Editor")
curator = role_fixture("Curator")


def login(client, user):
    client.force_login(user)
    return user


# Writers


def test_writer_creates_a_draft_offered_only_submit_for_review(client, writer):
    login(client, writer)
    response = client.get(ADD_URL)
    assert buttons(response) == ["review"]
    data = form_fields(response)
    assert "published_at_0" not in data
    data["headline"] = "Council votes on the budget"

    response = client.post(ADD_URL, data)
    assert saved(response), errors(response)
    article = Article.objects.get(headline="Council votes on the budget")
    assert (article.status, article.created_by) == (DRAFT, writer)


def test_writer_edits_headline_and_sections_of_own_draft(client, writer):
    article = make_article("First try", published=False, created_by=login(client, writer))
    add_section(article, "<p>Old opening.</p>")
    data = open_form(client, change_url(article))
    data["headline"] = "Second try"
    data["sections-0-body"] = "<p>New opening.</p>"
    add_row(data, "sections", heading="What next", body="<p>More.</p>", order="1")

    assert saved(client.post(change_url(article), data))
    assert reload(article).headline == "Second try"
    bodies = list(article.sections.values_list("body", flat=True))
    assert bodies == ["<p>New opening.</p>", "<p>More.</p>"]


def test_writer_submits_own_draft_for_review(client, writer):
    article = make_article(published=False, created_by=login(client, writer))
    data = open_form(client, change_url(article))

    assert saved(client.post(change_url(article), press(data, "review")))
    assert reload(article).status == REVIEW


def test_writer_cannot_publish_own_draft(client, writer):
    article = make_article("Not yet", published=False, created_by=login(client, writer))
    data = open_form(client, change_url(article))
    data.update(headline="Changed while publishing")

    for action in ["publish", "schedule", "unpublish"]:
        assert client.post(change_url(article), press(data, action)).status_code == 403
    assert (reload(article).status, reload(article).headline) == (DRAFT, "Not yet")


def test_writer_cannot_set_publication_time(client, writer):
    article = make_article(published=False, created_by=login(client, writer))
    data = open_form(client, change_url(article))
    assert "published_at_0" not in data
    data.update(published_at_0="2030-01-01", published_at_1="09:00:00")

    assert saved(client.post(change_url(article), data))
    assert reload(article).published_at is None


def test_writer_cannot_edit_another_writers_draft(client, writer, other_writer, settings):
    settings.NEWSROOM_WRITERS_SEE = "all"  # so the writer can open it, read-only
    login(client, writer)
    article = make_article("Theirs", published=False, created_by=other_writer)
    data = form_fields(client.get(change_url(article)))
    assert "headline" not in data
    data.update(headline="Mine now", status=REVIEW)

    assert client.post(change_url(article), data).status_code == 403
    assert (reload(article).headline, reload(article).status) == ("Theirs", DRAFT)


@pytest.mark.parametrize("status, hours_ago", [(REVIEW, 1), (PUBLISHED, -24)])
def test_writer_cannot_edit_own_article_after_the_draft_stage(client, writer, status, hours_ago):
    """In review or scheduled; a live one takes changes for an editor to publish (test_staging)."""
    article = make_article(
        "Sent off", status=status, hours_ago=hours_ago, created_by=login(client, writer)
    )
    data = form_fields(client.get(change_url(article)))
    assert "headline" not in data
    data.update(headline="One more change", status=DRAFT)

    assert client.post(change_url(article), data).status_code == 403
    assert (reload(article).headline, reload(article).status) == ("Sent off", status)


@pytest.mark.parametrize("owner", ["writer", "other_writer"])
def test_writer_cannot_delete_a_published_article(client, request, writer, owner):
    login(client, writer)
    article = make_article(created_by=request.getfixturevalue(owner))

    assert client.get(delete_url(article)).status_code == 403
    assert client.post(delete_url(article), {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_writer_deletes_own_draft(client, writer):
    article = make_article(published=False, created_by=login(client, writer))
    assert client.get(delete_url(article)).status_code == 200
    assert saved(client.post(delete_url(article), {"post": "yes"}))
    assert not Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    "action, status",
    [("publish", REVIEW), ("unpublish", PUBLISHED), ("delete_selected", PUBLISHED)],
)
def test_writer_is_offered_no_bulk_action_and_direct_post_does_nothing(
    client, writer, action, status
):
    article = make_article(status=status, created_by=login(client, writer))
    assert offered_actions(client) == set()
    run_action(client, action, article)
    assert reload(article).status == status


# Editors


def test_editor_edits_another_writers_draft(client, editor, writer):
    login(client, editor)
    article = make_article("Rough", published=False, created_by=writer)
    data = open_form(client, change_url(article))
    data["headline"] = "Polished"
    assert saved(client.post(change_url(article), data))
    assert reload(article).headline == "Polished"


def test_editor_publishes_now(client, editor, writer):
    login(client, editor)
    article = make_article(status=REVIEW, published=False, created_by=writer)
    response = client.get(change_url(article))
    assert buttons(response) == ["publish", "schedule"]

    assert saved(client.post(change_url(article), press(form_fields(response), "publish")))
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert public_status(client, article) == 200


def test_editor_schedules_for_a_future_time(client, editor, writer):
    login(client, editor)
    article = make_article(status=REVIEW, published=False, created_by=writer)
    when = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    data = open_form(client, change_url(article))
    data.update(
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )

    assert saved(client.post(change_url(article), press(data, "schedule")))
    assert reload(article).published_at == when
    assert reload(article).is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert public_status(client, article) == 404

    # The moment comes (moved forward in the database rather than waiting two days).
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    assert public_status(client, article) == 200


def test_editor_unpublishes(client, editor, writer):
    login(client, editor)
    article = make_article(created_by=writer)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    response = client.get(change_url(article))
    assert buttons(response) == ["publish", "unpublish"]  # Publish changes, Unpublish

    assert saved(client.post(change_url(article), press(form_fields(response), "unpublish")))
    assert reload(article).status == UNPUBLISHED
    assert client.get(url).status_code == 404


def test_editor_adds_a_correction(client, editor, writer):
    login(client, editor)
    article = make_article(created_by=writer)
    data = open_form(client, change_url(article))
    add_row(data, "corrections", kind="correction", text="The vote was 7 to 2, not 7 to 3.")

    response = client.post(change_url(article), press(data, "publish"))
    assert saved(response), errors(response)
    assert list(article.corrections.values_list("text", flat=True)) == [
        "The vote was 7 to 2, not 7 to 3."
    ]


def test_editor_bulk_publishes_and_unpublishes(client, editor, writer):
    login(client, editor)
    first, second = (make_article(status=REVIEW, published=False, created_by=writer) for _ in "12")
    assert {"publish", "unpublish", "delete_selected"} <= offered_actions(client)

    assert saved(run_action(client, "publish", first, second))
    assert set(Article.objects.published()) == {first, second}

    assert saved(run_action(client, "unpublish", first))
    assert reload(first).status == UNPUBLISHED
    assert public_status(client, first) == 404
    assert public_status(client, second) == 200


@pytest.mark.parametrize("bulk", [False, True])
def test_editor_deletes_any_article(client, editor, writer, bulk):
    login(client, editor)
    article = make_article(created_by=writer)
    if bulk:
        assert saved(run_action(client, "delete_selected", article))
    else:
        assert saved(client.post(delete_url(article), {"post": "yes"}))
    assert not Article.objects.filter(pk=article.pk).exists()


# Curators


@pytest.fixture
def published_story(writer):
    article = make_article("The story", created_by=writer)
    add_section(article, "<p>Opening.[^src]</p>")
    add_footnote(article, "src")
    add_link(article, url="https://example.org/old", title="Old link")
    return article


def test_curator_changes_links_and_tags_of_someone_elses_published_article(
    client, curator, published_story
):
    login(client, curator)
    other = make_article("Background story")
    data = open_form(client, change_url(published_story))
    data["tags"] = ["budget", "city hall"]
    data["related_links-0-title"] = "Renamed link"
    add_row(data, "related_links", target=str(other.pk), order="1")

    response = client.post(change_url(published_story), data)
    assert saved(response), errors(response)
    links = published_story.related_links.all()
    assert [(link.link_text, link.target) for link in links] == [
        ("Renamed link", None),
        ("Background story", other),
    ]
    assert set(published_story.tags.names()) == {"budget", "city hall"}
    assert reload(published_story).status == PUBLISHED


def test_curator_sees_content_read_only_and_its_direct_post_changes_nothing(
    client, curator, published_story
):
    login(client, curator)
    data = open_form(client, change_url(published_story))
    shown = ["headline", "dek", "status", "published_at_0", "sections-0-body"]
    shown += ["footnotes-__prefix__-key", "corrections-__prefix__-text"]
    assert not set(shown) & set(data)
    data.update(
        headline="Curated headline",
        dek="Curated dek",
        status=UNPUBLISHED,
        published_at_0="2030-01-01",
        published_at_1="09:00:00",
        **{"sections-0-body": "<p>Rewritten.</p>", "sections-0-DELETE": "on"},
    )
    add_inline_row(data, "sections", heading="Extra", body="<p>Added.</p>", order="1")
    add_inline_row(data, "footnotes", key="new", title="New source", order="1")
    add_inline_row(data, "corrections", kind="correction", text="Curated correction")

    response = client.post(change_url(published_story), data)
    assert saved(response), errors(response)
    story = reload(published_story)
    assert (story.headline, story.dek, story.status) == (
        "The story",
        "A dek that says what the story is about.",
        PUBLISHED,
    )
    assert list(story.sections.values_list("body", flat=True)) == ["<p>Opening.[^src]</p>"]
    assert list(story.footnotes.values_list("key", flat=True)) == ["src"]
    assert not Correction.objects.exists()


def test_curator_cannot_add_or_delete_articles(client, curator, published_story):
    login(client, curator)
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, {"headline": "Curated"}).status_code == 403
    assert client.get(delete_url(published_story)).status_code == 403
    assert client.post(delete_url(published_story), {"post": "yes"}).status_code == 403
    run_action(client, "delete_selected", published_story)
    assert list(Article.objects.all()) == [published_story]


def test_curator_cannot_publish(client, curator, writer):
    login(client, curator)
    article = make_article(status=REVIEW, published=False, created_by=writer)
    assert offered_actions(client) == set()
    run_action(client, "publish", article)
    assert reload(article).status == REVIEW


# Reverting to an earlier revision (django-reversion's history pages) must obey the same
# rules as editing: the permission is for the article as stored, not as it once was.


def revert_url(article, version):
    return f"/admin/articles/article/{article.pk}/history/{version.pk}/"


@pytest.fixture
def story_with_history(client, writer, editor):
    """A writer's draft, then published by an editor under a new headline, all via the admin."""
    login(client, writer)
    data = open_form(client, ADD_URL)
    data["headline"] = "Draft headline"
    assert saved(client.post(ADD_URL, data))
    article = Article.objects.get()
    login(client, editor)
    data = open_form(client, change_url(article))
    data.update(headline="Published headline")
    assert saved(client.post(change_url(article), press(data, "publish")))
    client.logout()
    return article


@pytest.mark.parametrize("role", ["writer", "curator"])
def test_only_editors_restore_revisions_or_recover_deleted_articles(
    client, request, story_with_history, role
):
    login(client, request.getfixturevalue(role))
    draft_version = Version.objects.get_for_object(story_with_history).last()
    url = revert_url(story_with_history, draft_version)
    assert client.get(url).status_code == 403
    response = client.post(url, {"headline": "Rewritten after publication", "status": "draft"})
    assert response.status_code == 403
    story = reload(story_with_history)
    assert (story.headline, story.status) == ("Published headline", PUBLISHED)
    assert client.get("/admin/articles/article/recover/").status_code == 403
    assert client.get(f"/admin/articles/article/recover/{draft_version.pk}/").status_code == 403


# Anonymous visitors

ANONYMOUS_URLS = [
    CHANGELIST_URL,
    ADD_URL,
    "/admin/articles/article/{pk}/change/",
    "/admin/articles/article/{pk}/delete/",
    "/admin/articles/article/{pk}/history/",
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", ANONYMOUS_URLS)
def test_anonymous_is_sent_to_the_admin_login(client, url, method):
    article = make_article("Untouched", published=False)
    url = url.format(pk=article.pk)
    response = getattr(client, method)(url, {"headline": "Anonymous", "post": "yes"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert reload(article).headline == "Untouched"


def test_bulk_publish_now_does_not_leave_a_future_time(client, editor):
    article = make_article(
        status=UNPUBLISHED, published_at=timezone.now() + datetime.timedelta(days=2)
    )
    login(client, editor)
    run_action(client, "publish", article)
    assert public_status(client, article) == 200


# What writers see in the admin (NEWSROOM_WRITERS_SEE)


def listed(client):
    response = client.get("/admin/articles/article/")
    return sorted(
        a.get_text()
        for a in BeautifulSoup(response.content, "html.parser").select(".field-headline a")
    )


def test_writers_see_their_own_their_bylines_and_what_readers_see(client, writer, editor):
    """The attack: a writer could read every draft and embargoed story in the admin."""
    make_article("Mine", published=False, created_by=writer)
    bylined = make_article("Co-written", published=False, created_by=editor)
    add_byline(bylined, make_author("Writer Kim", account=writer))
    make_article("Out already", created_by=editor)
    secret = make_article("Editor's draft", published=False, created_by=editor)
    make_article("Embargoed", hours_ago=-24, created_by=editor)
    login(client, writer)
    assert listed(client) == ["Co-written", "Mine", "Out already"]
    assert client.get(change_url(secret)).status_code == 302
    assert client.get(secret.get_preview_url()).status_code == 404


def test_the_newsroom_may_let_writers_see_everything(client, writer, editor, settings):
    settings.NEWSROOM_WRITERS_SEE = "all"
    make_article("Editor's draft", published=False, created_by=editor)
    login(client, writer)
    assert listed(client) == ["Editor's draft"]
