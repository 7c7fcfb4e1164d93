"""The "Read also" block, its health, tags and "Latest", as readers and curators see them."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles import read_also
from articles.models import Article, ReadingList, ReadingListItem, TaggedArticle

from .admin_forms import add_inline_row, change_url, errors, form_fields, press, saved, staff_user
from .factories import add_byline, add_link, make_article, make_author
from .html import page

pytestmark = pytest.mark.django_db

REVIEW, UNPUBLISHED = Article.Status.REVIEW, Article.Status.UNPUBLISHED
TAGS_URL = "/admin/taggit/tag/"


@pytest.fixture
def article():
    return make_article("The main story")


def make_list(name, *articles, orders=None):
    reading_list = ReadingList.objects.create(name=name, slug=name.lower().replace(" ", "-"))
    for order, entry in zip(orders or range(1, len(articles) + 1), articles, strict=True):
        ReadingListItem.objects.create(reading_list=reading_list, article=entry, order=order)
    return reading_list


def links(client, article, selector=".read-also a"):
    soup = page(client.get(article.get_absolute_url()))
    return [(a.get_text(), a["href"]) for a in soup.select(selector)]


def titles(client, article, selector=".read-also a"):
    return [text for text, _ in links(client, article, selector)]


def login(client, django_user_model, role):
    client.force_login(staff_user(django_user_model, role))


# What readers see


def test_own_links_come_first_in_their_order_then_list_articles_in_list_order(
    client, article, settings
):
    settings.NEWSROOM_READ_ALSO_MAX = 10
    second = make_article("Second link")
    add_link(article, target=second, order=2)
    add_link(article, title="First link", url="https://example.org/first", order=1)
    article.reading_lists.add(make_list("L", make_article("B"), make_article("A"), orders=[2, 1]))

    assert links(client, article) == [
        ("First link", "https://example.org/first"),
        ("Second link", second.get_absolute_url()),
        ("A", Article.objects.get(headline="A").get_absolute_url()),
        ("B", Article.objects.get(headline="B").get_absolute_url()),
    ]


def test_each_article_and_address_shows_once_and_never_the_article_itself(
    client, article, settings
):
    settings.NEWSROOM_READ_ALSO_MAX = 10
    linked, both_lists, other = make_article("Linked"), make_article("Twice"), make_article("Other")
    add_link(article, target=linked)
    add_link(article, title="Elsewhere", url="https://example.org/same")
    add_link(article, title="Elsewhere again", url="https://example.org/same")
    article.reading_lists.add(
        make_list("Alpha", linked, article, both_lists), make_list("Beta", both_lists, other)
    )

    assert titles(client, article) == ["Linked", "Elsewhere", "Twice", "Other"]


def test_read_also_shows_exactly_the_first_items_up_to_the_maximum(client, article, settings):
    settings.NEWSROOM_READ_ALSO_MAX = 3
    add_link(article, target=make_article("One"))
    add_link(article, target=make_article("Two"))
    article.reading_lists.add(make_list("More", make_article("Three"), make_article("Four")))

    assert titles(client, article) == ["One", "Two", "Three"]


def test_links_and_list_items_readers_cannot_see_are_never_shown(client, article, settings):
    settings.NEWSROOM_READ_ALSO_MAX = 20
    hidden = [
        make_article("A draft", published=False),
        make_article("In review", published=False, status=REVIEW),
        make_article("Taken down", status=UNPUBLISHED),
        make_article("Tomorrow's story", hours_ago=-24),
    ]
    gone = make_article("Deleted story")
    for target in [*hidden, gone, make_article("Visible link")]:
        add_link(article, target=target)
    gone.delete()
    article.reading_lists.add(make_list("Mixed", *hidden, make_article("Visible item")))

    soup = page(client.get(article.get_absolute_url()))
    assert [a.get_text() for a in soup.select(".read-also a")] == ["Visible link", "Visible item"]
    for headline in ["A draft", "In review", "Taken down", "Tomorrow's story", "Deleted story"]:
        assert headline not in soup.get_text()


# Suggestions


@pytest.fixture
def related(article):
    """Articles sharing tags or authors with ``article`` in every combination that ranks."""
    reporter = make_author("Park")
    add_byline(article, reporter)
    article.tags.add("x", "y", "z")
    made = {}
    for headline, hours_ago, tags, same_author in [
        ("Two tags", 30, ["x", "y"], False),
        ("Tag and author", 20, ["x"], True),
        ("Tag, newer", 2, ["z"], False),
        ("Tag, older", 5, ["y"], False),
        ("Author only", 1, [], True),
        ("Unrelated", 1, ["elsewhere"], False),
        ("Draft sharing all", None, ["x", "y", "z"], True),
    ]:
        other = make_article(headline, hours_ago=hours_ago, published=hours_ago is not None)
        other.tags.add(*tags)
        if same_author:
            add_byline(other, reporter)
        made[headline.lower()] = other
    return made


RANKED = ["Two tags", "Tag and author", "Tag, newer", "Tag, older", "Author only"]


def test_suggestions_rank_by_shared_tags_then_authors_then_newest(article, related):
    assert [a.headline for a in read_also.suggestions(article)] == RANKED


def test_suggestions_to_curate_leave_out_articles_already_linked(article, related):
    add_link(article, target=related["two tags"])
    assert [a.headline for a in read_also.suggestions_to_curate(article)] == RANKED[1:]


def test_suggestions_fill_the_block_after_curated_items_only_when_asked(
    client, article, related, settings
):
    settings.NEWSROOM_READ_ALSO_MAX = 3
    add_link(article, target=related["two tags"])
    assert titles(client, article) == ["Two tags"]

    article.read_also_suggestions = True
    article.save()
    assert titles(client, article) == ["Two tags", "Tag and author", "Tag, newer"]


def test_change_page_says_where_each_item_readers_see_comes_from(
    client, django_user_model, article, related
):
    login(client, django_user_model, "Editor")
    Article.objects.filter(pk=article.pk).update(read_also_suggestions=True)
    add_link(article, title="Elsewhere", url="https://example.org/x")
    article.reading_lists.add(make_list("Budget week", make_article("Listed")))

    panel = page(client.get(change_url(article))).select_one(".field-read_also_for_readers")
    assert [li.get_text(" ", strip=True) for li in panel.select("li")] == [
        "Elsewhere (own link)",
        "Listed (from the list “Budget week”)",
        "Two tags (automatic suggestion)",
        "Tag and author (automatic suggestion)",
        "Tag, newer (automatic suggestion)",
    ]


def test_curator_adds_a_suggestion_after_the_existing_links(
    client, django_user_model, related, settings
):
    settings.NEWSROOM_READ_ALSO_MAX = 10
    writer = staff_user(django_user_model, "Writer")
    story = make_article("Someone else's story", created_by=writer)
    story.tags.add("x", "y")
    add_link(story, title="Elsewhere", url="https://example.org/x")
    add_link(story, target=related["tag, newer"])
    login(client, django_user_model, "Curator")
    response = client.get(change_url(story))
    offered = [box["value"] for box in page(response).select("input[name=add_suggestions]")]
    assert str(related["two tags"].pk) in offered and str(related["tag, newer"].pk) not in offered

    data = form_fields(response)
    data["add_suggestions"] = [str(related["two tags"].pk)]
    response = client.post(change_url(story), data)
    assert saved(response), errors(response)
    targets = [link.target for link in story.related_links.all()]
    assert targets == [None, related["tag, newer"], related["two tags"]]
    assert titles(client, story) == ["Elsewhere", "Tag, newer", "Two tags"]


# Health: what curators are told about links readers cannot see


@pytest.fixture
def broken(article):
    add_link(article, target=make_article("Fine target"))
    add_link(article, target=make_article("Draft target", published=False))
    gone = make_article("Deleted target")
    add_link(article, target=gone)
    gone.delete()
    listed = make_article("With a bad list")
    listed.reading_lists.add(make_list("Week", make_article("Later", hours_ago=-5)))
    healthy = make_article("Healthy")
    add_link(healthy, target=make_article("Another fine target"))
    return article


def test_filter_and_report_show_only_articles_with_hidden_targets_where_and_why(
    client, django_user_model, broken
):
    login(client, django_user_model, "Editor")
    response = client.get("/admin/articles/article/?read_also=hidden")
    shown = {a.get_text() for a in page(response).select("#result_list tbody th a")}
    assert shown == {"The main story", "With a bad list"}

    soup = page(client.get("/admin/articles/article/read-also-report/"))
    rows = [[c.get_text(strip=True) for c in tr("th") + tr("td")] for tr in soup("tbody")[-1]("tr")]
    assert sorted(rows) == sorted(
        [
            ["The main story", "Read-also link 2", "Draft target", "it is not published (Draft)"],
            ["", "Read-also link 3", "—", "the article was deleted or never found"],
            ["With a bad list", "Reading list “Week”", "Later", "it is scheduled for later"],
        ]
    )


def test_change_page_checks_and_save_warnings_name_the_hidden_link(client, django_user_model):
    login(client, django_user_model, "Editor")
    story = make_article("Story with a dead link")
    gone = make_article("Deleted target")
    add_link(story, target=gone)
    gone.delete()
    expected = (
        "Read-also link 1, “—”, is hidden from readers: the article was deleted or never found."
    )
    response = client.get(change_url(story))
    assert expected in page(response).select_one(".field-checks").get_text()

    response = client.post(change_url(story), press(form_fields(response), "publish"))
    assert saved(response), errors(response)
    assert expected in [m.message for m in response.wsgi_request._messages]


# Tags


def test_article_tag_links_lead_to_its_tag_page_of_published_articles_newest_first(
    client, settings
):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    for headline, hours_ago in [("Old", 3), ("New", 1), ("Middle", 2), ("Soon", -2)]:
        make_article(headline, hours_ago=hours_ago).tags.add("city hall")
    make_article("Draft", published=False).tags.add("city hall")
    make_article("Untagged")

    def listed(url):
        return [a.get_text() for a in page(client.get(url, follow=True)).select(".card-headline a")]

    [(name, href)] = links(client, Article.objects.get(headline="Old"), ".tags a")
    assert (name, href) == ("city hall", "/tags/city-hall/")
    assert listed(href) == ["New", "Middle"]
    assert listed(f"{href}?page=2") == ["Old"]
    assert client.get("/tags/no-such-tag/").status_code == 404


def merge(client, *tags, into):
    selected = [tag.pk for tag in tags]
    response = client.post(TAGS_URL, {"action": "merge", "_selected_action": selected, "index": 0})
    assert response.status_code == 200
    offered = [radio["value"] for radio in page(response).select("input[name=into]")]
    assert sorted(offered) == sorted(str(pk) for pk in selected)
    return client.post(TAGS_URL, {"action": "merge", "_selected_action": selected, "into": into.pk})


def test_curator_merges_tags_and_old_tag_pages_redirect_even_after_a_second_merge(
    client, django_user_model
):
    login(client, django_user_model, "Curator")
    only_old, both, only_new = make_article("Old"), make_article("Both"), make_article("New")
    only_old.tags.add("ai")
    both.tags.add("ai", "artificial intelligence")
    only_new.tags.add("artificial intelligence")
    ai, survivor = Tag.objects.get(slug="ai"), Tag.objects.get(slug="artificial-intelligence")

    assert saved(merge(client, ai, survivor, into=survivor))
    assert not Tag.objects.filter(slug="ai").exists()
    for story in (only_old, both, only_new):
        assert list(story.tags.names()) == ["artificial intelligence"]
    assert TaggedArticle.objects.filter(content_object=both).count() == 1
    response = client.get("/tags/ai/")
    assert (response.status_code, response["Location"]) == (301, "/tags/artificial-intelligence/")

    technology = Tag.objects.create(name="technology", slug="technology")
    assert saved(merge(client, survivor, technology, into=technology))
    for old in ("/tags/ai/", "/tags/artificial-intelligence/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/tags/technology/")
    assert titles(client, both, ".tags a") == ["technology"]


def test_merging_two_tags_an_article_carries_into_a_third_tags_it_once(client, django_user_model):
    login(client, django_user_model, "Curator")
    story = make_article("Tagged twice over")
    story.tags.add("ai", "a.i.")
    Tag.objects.create(name="artificial intelligence", slug="artificial-intelligence")
    tags = list(Tag.objects.order_by("pk"))

    assert saved(merge(client, *tags, into=tags[-1]))
    listed = page(client.get("/tags/artificial-intelligence/")).select(".card-headline a")
    assert [a.get_text() for a in listed] == ["Tagged twice over"]
    assert titles(client, story, ".tags a") == ["artificial intelligence"]
    assert TaggedArticle.objects.filter(content_object=story).count() == 1


# Who may curate


def test_curator_adds_a_reading_list_and_is_offered_the_merge_action(client, django_user_model):
    login(client, django_user_model, "Curator")
    entry = make_article("Listed story")
    entry.tags.add("budget")
    url = "/admin/articles/readinglist/add/"
    data = form_fields(client.get(url), "readinglist_form")
    data.update(name="Budget week", slug="budget-week")
    add_inline_row(data, "items", article=str(entry.pk), order="1")
    response = client.post(url, data)
    assert saved(response), errors(response)
    assert [i.article for i in ReadingList.objects.get(slug="budget-week").items.all()] == [entry]

    actions = page(client.get(TAGS_URL)).select("select[name=action] option")
    assert "merge" in [option["value"] for option in actions]


def test_writer_may_not_add_reading_lists_or_merge_tags(client, django_user_model):
    login(client, django_user_model, "Writer")
    assert client.get("/admin/articles/readinglist/add/").status_code == 403
    assert client.get(TAGS_URL).status_code == 403  # no tag permission: no merge action


# Latest


def test_latest_lists_the_newest_published_articles_other_than_this_one(client, settings):
    settings.NEWSROOM_LATEST_COUNT = 3
    for headline, hours_ago in [("Fourth", 5), ("First", 1), ("Third", 4), ("Second", 2)]:
        make_article(headline, hours_ago=hours_ago)
    make_article("Unfinished", published=False)
    make_article("Scheduled", hours_ago=-1)
    current = make_article("Current", hours_ago=3)

    assert titles(client, current, ".latest a") == ["First", "Second", "Third"]


# Query count


def build(links_count, lists_count, items_per_list, tags_count):
    story = make_article(f"Story with {links_count} links", read_also_suggestions=True)
    for _ in range(links_count):
        add_link(story, target=make_article())
    for n in range(lists_count):
        items = [make_article() for _ in range(items_per_list)]
        story.reading_lists.add(make_list(f"List {n} of {story.pk}", *items))
    story.tags.add(*[f"topic {n}" for n in range(tags_count)])
    make_article("Shares a topic").tags.add("topic 0")
    return story


def test_article_page_query_count_does_not_grow_with_read_also(client, settings):
    settings.NEWSROOM_READ_ALSO_MAX = 40
    settings.NEWSROOM_PAGE_CACHE = False  # the cost of making the page, not of the cache
    small, large = build(1, 1, 1, 1), build(15, 3, 5, 10)
    client.get(small.get_absolute_url())
    counts = []
    for story in (small, large):
        cache.clear()  # nor of the page's cached parts
        with CaptureQueriesContext(connection) as queries:
            shown = titles(client, story)
        assert "Shares a topic" in shown
        counts.append(len(queries))
    assert counts[0] == counts[1]
