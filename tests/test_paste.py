"""Text pasted from Word and Google Docs, as the sanitiser tidies it when a section is saved."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Section
from articles.sanitize import ALLOWED_TAGS, clean_html, tidy_pasted

from .admin_forms import change_url, errors, form_fields, saved, staff_user
from .factories import add_section, make_article

PASTES = Path(__file__).parent / "fixtures" / "paste"

FERRY_STORY = (
    "<h3>Ferry terminal repairs</h3><p>The Jagalchi terminal closes on <strong>Monday</strong>"
    " for <em>three weeks</em> of repairs.</p><ul><li>{p}Boats leave from Nampo pier instead{_p}"
    "<ul><li>{p}A shuttle bus runs every 20 minutes{_p}</li></ul></li><li>{p}Tickets bought in"
    " advance stay valid{_p}</li></ul><h3>What the port says</h3><ol><li>{p}The pier is 40 years"
    " old{_p}</li><li>{p}Repairs were planned in 2024{_p}</li></ol><p>“We regret the trouble,”"
    " the port authority said.</p>"
)


def compact(html):
    """Markup with the spaces between blocks left out and runs of spaces made one."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def pasted(name):
    return (PASTES / name).read_text(encoding="utf-8")


def test_word_bullets_numbers_and_levels_become_nested_lists():
    assert compact(clean_html(pasted("word.html"))) == FERRY_STORY.format(p="", _p="")


def test_google_docs_paste_keeps_its_lists_bold_and_italics_not_its_wrapper():
    assert compact(clean_html(pasted("google_docs.html"))) == FERRY_STORY.format(p="<p>", _p="</p>")


@pytest.mark.parametrize("name", ["word.html", "google_docs.html"])
def test_pasted_headings_are_named_as_written(name):
    assert tidy_pasted(pasted(name)).headings == ["Ferry terminal repairs", "What the port says"]


def test_bullets_left_as_text_by_the_browser_editor_become_a_list():
    """What the body editor sends after reading a Word paste: the bullets are text."""
    sent = (
        "<p>Before.</p><p>·\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 Boats leave from Nampo</p>"
        "<p>·\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 Tickets stay valid</p><p></p>"
        "<p>1.\u00a0\u00a0\u00a0\u00a0\u00a0 The pier is old</p>"
        "<p>2.\u00a0\u00a0\u00a0 It leaks</p>"
        "<p>1. Typed by hand, a sentence that starts with a number.</p>"
    )
    assert clean_html(sent) == (
        "<p>Before.</p><ul><li>Boats leave from Nampo</li><li>Tickets stay valid</li></ul>"
        "<ol><li>The pier is old</li><li>It leaks</li></ol>"
        "<p>1. Typed by hand, a sentence that starts with a number.</p>"
    )


def test_empty_paragraphs_go_and_text_around_them_stays():
    assert clean_html("<p>One.</p><p>&nbsp;</p><p><br></p><p> </p><br><p>Two.</p>") == (
        "<p>One.</p><p>Two.</p>"
    )


def test_subheads_and_tidy_text_are_left_as_they_are():
    html = "<h3>Background</h3><p>Text, <strong>bold</strong>.</p><ul><li>• not a marker</li></ul>"
    assert clean_html(html) == html
    assert tidy_pasted(html).headings == []


# Open-ended input

words = st.text(alphabet="abcXYZ 12.·•o§\u00a0-", min_size=0, max_size=12)
blocks = st.lists(
    st.tuples(st.sampled_from(["p", "h1", "h2", "h3", "h4", "li", "b", "i", "span"]), words),
    max_size=8,
)


def markup(parts):
    return "".join(f"<{tag}>{text}</{tag}>" for tag, text in parts)


@given(blocks)
def test_tidying_pasted_text_is_idempotent_and_keeps_only_allowed_tags(parts):
    once = clean_html(markup(parts))
    assert clean_html(once) == once
    tags = {tag.name for tag in BeautifulSoup(once, "html.parser").find_all(True)}
    assert tags <= ALLOWED_TAGS
    assert not tags & {"h1", "h2", "h4", "h5", "h6"}


@given(blocks)
def test_no_empty_paragraph_survives_and_every_word_does(parts):
    once = clean_html(markup(parts))
    soup = BeautifulSoup(once, "html.parser")
    for tag in soup.find_all(["p", "li", "h3"]):
        assert tag.get_text().strip("\u00a0 \n")
    kept = soup.get_text()
    for _tag, text in parts:
        for word in re.findall(r"[abcXYZ]+", text):
            assert word in kept


# In the admin


@pytest.mark.django_db
def test_saving_a_pasted_body_warns_about_its_headings_in_the_editors_words(
    client, django_user_model
):
    client.force_login(staff_user(django_user_model, "Editor"))
    article = make_article("Ferry terminal story", published=False)
    add_section(article, "<p>Opening.</p>", heading="The port")
    data = form_fields(client.get(change_url(article)))
    data["sections-0-body"] = pasted("google_docs.html")
    response = client.post(change_url(article), data, follow=True)
    assert response.redirect_chain, errors(response)
    warnings = [m.message for m in response.context["messages"]]
    assert (
        "Section 1 (“The port”): pasted headings became subheads, the one heading level of a "
        "section's body: “Ferry terminal repairs”, “What the port says”."
    ) in warnings
    body = Section.objects.get(article=article).body
    assert compact(body) == FERRY_STORY.format(p="<p>", _p="</p>")

    # Saved again as it is, nothing is left to say.
    response = client.post(change_url(article), form_fields(client.get(change_url(article))))
    assert saved(response)
    assert not any("pasted" in m.message for m in response.wsgi_request._messages)
