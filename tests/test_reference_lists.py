"""Footnotes from a pasted reference list, keys proposed for editors, and markers checked."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.importers import references
from articles.models import Footnote

from .admin_forms import (
    ADD_URL,
    add_inline_row,
    change_url,
    errors,
    form_endpoint,
    form_fields,
    post_change,
    reload,
    saved,
    staff_user,
)
from .factories import add_footnote, add_section, make_article
from .html import page

REFERENCE_LIST = """
[1] Kim, J., & Lee, S. (2021). A census of semiconductor plants. Retrieved from https://example.org/census
[2] Park, H. (2019). Power for the clean rooms. Energy Review.

[3] Kim, J. (2021). Water and wafers. Retrieved from https://example.org/water
"""


@pytest.fixture
def article(editor):
    article = make_article("Forty chip plants", published=False, created_by=editor)
    add_section(article, "<p>The survey counted forty plants [1]. They need power [2].</p>")
    add_section(article, "<p>And water [3], as <em>the census</em> [1] says.</p>", heading="Water")
    return article


def field_errors(response, field_class):
    """The errors shown next to the fields of this class, in page order."""
    return [
        item.get_text(" ", strip=True)
        for item in page(response).select(f".{field_class} .errorlist li")
    ]


def test_a_pasted_reference_list_becomes_footnotes_cited_where_the_markers_were(client, article):
    response = post_change(client, article, reference_list=REFERENCE_LIST)
    assert saved(response), errors(response)
    notes = list(reload(article).footnotes.all())
    assert [(n.key, n.authors, n.year, n.title, n.url) for n in notes] == [
        (
            "kim2021",
            "Kim, J., & Lee, S.",
            2021,
            "A census of semiconductor plants",
            "https://example.org/census",
        ),
        ("park2019", "Park, H.", 2019, "Power for the clean rooms. Energy Review", ""),
        ("kim2021b", "Kim, J.", 2021, "Water and wafers", "https://example.org/water"),
    ]
    assert [s.body for s in reload(article).sections.all()] == [
        "<p>The survey counted forty plants[^kim2021]. They need power[^park2019].</p>",
        "<p>And water[^kim2021b], as <em>the census</em>[^kim2021] says.</p>",
    ]
    body = reload(article).body_html
    assert body.count('role="doc-noteref"') == 4
    assert "[1]" not in body and "[^" not in body
    shown = [m.message for m in response.wsgi_request._messages]
    assert (
        "Footnotes added from the pasted reference list: 3; markers turned into citations: 4."
        in shown
    )


def test_pasted_footnotes_come_after_the_article_s_own_with_keys_unlike_theirs(client, article):
    add_footnote(article, "kim2021", title="An earlier census", order=4)
    response = post_change(client, article, reference_list=REFERENCE_LIST)
    assert saved(response), errors(response)
    assert [(n.key, n.order) for n in reload(article).footnotes.all()] == [
        ("kim2021", 4),
        ("kim2021b", 5),
        ("park2019", 6),
        ("kim2021c", 7),
    ]
    assert reload(article).sections.first().body == (
        "<p>The survey counted forty plants[^kim2021b]. They need power[^park2019].</p>"
    )


def test_a_marker_the_pasted_list_does_not_give_is_an_error_next_to_its_section(client, article):
    response = post_change(client, article, reference_list="[1] Kim, J. (2021). A census.")
    assert not saved(response)
    assert field_errors(response, "field-body") == [
        "Section 1 cites [2], but the pasted reference list has no reference 2.",
        "Section 2 (“Water”) cites [3], but the pasted reference list has no reference 3.",
    ]
    assert not reload(article).footnotes.exists()
    assert "[2]" in reload(article).sections.first().body
    # The pasted text is still in its box.
    assert "A census." in page(response).select_one("#id_reference_list").get_text()


def test_a_reference_no_footnote_can_be_made_of_is_named_in_the_box(client, article):
    too_long = "x" * 501
    response = post_change(
        client, article, reference_list=f"[1] Kim, J. (2021). {too_long}\n[2] Park (2019). Fine."
    )
    assert not saved(response)
    (message,) = field_errors(response, "field-reference_list")
    assert message.startswith("Reference 1 (“Kim, J. (2021). xxxx")
    assert "title: Ensure this value has at most 500 characters (it has 501)." in message
    assert not reload(article).footnotes.exists()


def test_an_empty_box_changes_nothing(client, article):
    response = post_change(client, article, reference_list="  \n ")
    assert saved(response), errors(response)
    assert not reload(article).footnotes.exists()
    assert "[1]" in reload(article).sections.first().body


def test_the_preview_shows_the_pasted_list_as_notes_and_saves_nothing(client, article):
    data = form_fields(client.get(change_url(article)))
    data["reference_list"] = REFERENCE_LIST
    response = client.post(form_endpoint("preview", article), data)
    assert response.status_code == 200
    assert response.content.decode().count('role="doc-noteref"') == 4
    assert "A census of semiconductor plants" in response.content.decode()
    assert not reload(article).footnotes.exists()


def test_a_curator_gets_no_box_and_what_is_posted_in_it_is_ignored(
    client, article, django_user_model
):
    curator = staff_user(django_user_model, "Curator")
    client.force_login(curator)
    article.status = article.Status.PUBLISHED
    article.save()
    assert page(client.get(change_url(article))).select("#id_reference_list") == []
    response = post_change(client, article, reference_list=REFERENCE_LIST)
    assert saved(response), errors(response)
    assert not reload(article).footnotes.exists()


def test_a_footnote_left_without_a_key_gets_one_from_its_authors_and_year(client, editor):
    data = form_fields(client.get(ADD_URL))
    data.update(headline="Two notes by Kim")
    add_inline_row(data, "footnotes", key="", authors="Kim, J.", year="2021", title="One")
    add_inline_row(data, "footnotes", key="", authors="J. Kim", year="2021", title="Two")
    add_inline_row(data, "footnotes", key="", title="No author")
    add_inline_row(data, "sections", body="<p>Both.[^kim2021][^kim2021b][^ref3]</p>", order="1")
    response = client.post(ADD_URL, data)
    assert saved(response), errors(response)
    keys = Footnote.objects.order_by("order", "pk").values_list("key", flat=True)
    assert list(keys) == ["kim2021", "kim2021b", "ref3"]


def test_a_key_that_is_no_key_is_explained_in_an_editor_s_words(client, article):
    data = form_fields(client.get(change_url(article)))
    add_inline_row(data, "footnotes", key="Kim 2021", title="A census", order="1")
    response = client.post(change_url(article), data)
    assert not saved(response)
    assert field_errors(response, "field-key") == [
        "“Kim 2021” is not a footnote key: keys are letters, digits and hyphens, like kim2021."
    ]
    assert not any("slug" in message for message in errors(response))


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "[^Kim 2021]",
            "Section 1: “[^Kim 2021]” is not a footnote key: keys are letters, digits and "
            "hyphens, like [^kim2021].",
        ),
        (
            "[^]",
            "Section 1: “[^]” has no key. Write the footnote's key between the brackets, like "
            "[^kim2021], or choose the footnote with the editor's footnote button.",
        ),
        (
            "[^kim 2021",
            "Section 1: “[^kim 2021” has no closing bracket. A citation is written like "
            "[^kim2021].",
        ),
    ],
)
def test_a_malformed_marker_is_an_error_next_to_the_section_body(client, article, written, message):
    add_footnote(article, "kim2021", title="A census")
    response = post_change(client, article, **{"sections-0-body": f"<p>Forty plants{written}.</p>"})
    assert not saved(response)
    assert field_errors(response, "field-body") == [message]
    assert written not in reload(article).sections.first().body


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '<p><a href="https://example.org">The census[^kim2021]</a> says so.</p>',
            "Section 1: the citation “[^kim2021]” is inside a link, where readers would see it "
            "as text. Move it after the link.",
        ),
        (
            "<p>The census[<strong>^kim2021</strong>] says so.</p>",
            "Section 1: “[^kim2021]” has formatting inside it (bold, italics or a link), so "
            "readers would see it as text. Write it again without formatting, like [^kim2021].",
        ),
    ],
)
def test_a_citation_readers_would_see_as_text_is_an_error(client, article, body, message):
    add_footnote(article, "kim2021", title="A census")
    response = post_change(client, article, **{"sections-0-body": body})
    assert not saved(response)
    assert field_errors(response, "field-body") == [message]


def test_footnote_rows_have_no_duplicate_ids_or_names(client, article):
    add_footnote(article, "kim2021", title="A census")
    add_footnote(article, "park2019", title="Power")
    soup = page(client.get(change_url(article)))
    ids = Counter(element["id"] for element in soup.select("[id]"))
    names = Counter(
        element["name"]
        for element in soup.select("#article_form [name]")
        if element.name != "button"
    )
    assert [i for i, count in ids.items() if count > 1] == []
    assert [n for n, count in names.items() if count > 1] == []
    assert len(soup.select("#footnotes-0 input[name='footnotes-0-order']")) == 1
    assert soup.select_one("label[for=id_footnotes-0-order]").get_text(strip=True) == "Position:"


def test_moving_a_footnote_by_typing_its_position_is_saved(client, article):
    add_footnote(article, "kim2021", title="A census", order=0)
    add_footnote(article, "park2019", title="Power", order=1)
    response = post_change(client, article, **{"footnotes-0-order": "3"})
    assert saved(response), errors(response)
    assert list(reload(article).footnotes.values_list("key", flat=True)) == ["park2019", "kim2021"]


# Keys, for any authors and years


AUTHORS = st.text(
    alphabet=st.sampled_from("KimLeePark, &.;J-éü김 "), max_size=30
) | st.sampled_from(["Kim, J.", "J. Kim and S. Lee", "van der Berg, A.", ""])
YEARS = st.none() | st.integers(min_value=1, max_value=9999)


@given(AUTHORS, YEARS, st.sets(st.text(alphabet="kimref2021bc", min_size=1, max_size=9)))
def test_a_proposed_key_is_a_key_unlike_those_taken(authors, year, taken):
    key = references.propose_key(authors, year, taken, number=len(taken) + 1)
    assert key not in taken
    assert Footnote._meta.get_field("key").run_validators(key) is None
    assert len(key) <= 50


@given(st.lists(st.tuples(AUTHORS, YEARS), max_size=12))
def test_keys_proposed_one_after_another_never_repeat(pairs):
    taken = set()
    for number, (authors, year) in enumerate(pairs, start=1):
        taken.add(references.propose_key(authors, year, taken, number))
    assert len(taken) == len(pairs)


@given(st.sampled_from(["Kim, J.", "J. Kim", "Kim, J., & Lee, S.", "Kim et al."]))
def test_the_first_author_s_family_name_and_the_year_make_the_key(authors):
    assert references.propose_key(authors, 2021) == "kim2021"
    assert references.propose_key(authors, 2021, {"kim2021"}) == "kim2021b"
    assert references.propose_key(authors, 2021, {"kim2021", "kim2021b"}) == "kim2021c"
