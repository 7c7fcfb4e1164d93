import re
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles import footnotes
from articles.footnotes import bad_markers, citation_letter, cited_keys, number_notes


@dataclass
class Note:
    key: str


def notes(*keys):
    return [Note(key) for key in keys]


def numbers(numbering):
    return {entry.key: entry.number for entry in numbering.notes}


def test_notes_are_numbered_by_first_citation_across_sections():
    numbering = number_notes(["<p>B first[^b].</p>", "<p>Then a[^a].</p>"], notes("a", "b"))
    assert numbers(numbering) == {"b": 1, "a": 2}
    assert [entry.key for entry in numbering.notes] == ["b", "a"]


def test_repeated_citation_keeps_first_number():
    numbering = number_notes(["<p>x[^a] y[^b]</p>", "<p>again[^a]</p>"], notes("a", "b"))
    assert numbers(numbering) == {"a": 1, "b": 2}
    assert numbering.bodies[1].count('href="#note-1"') == 1
    first = numbering.notes[0]
    assert first.citations == ["cite-1", "cite-1-2"]
    assert first.backlinks == [("cite-1", "a"), ("cite-1-2", "b")]


def test_single_citation_backlink_has_no_letter():
    numbering = number_notes(["<p>x[^a]</p>"], notes("a"))
    assert numbering.notes[0].backlinks == [("cite-1", "")]


def test_uncited_notes_follow_in_stored_order():
    numbering = number_notes(["<p>only[^c]</p>"], notes("a", "b", "c"))
    assert numbers(numbering) == {"c": 1, "a": 2, "b": 3}
    assert numbering.notes[1].citations == []


def test_marker_becomes_labelled_note_reference():
    numbering = number_notes(["<p>Claim.[^kim]</p>"], notes("kim"), label="Note {number}")
    assert numbering.bodies[0] == (
        '<p>Claim.<sup class="noteref"><a href="#note-1" id="cite-1" role="doc-noteref" '
        'aria-label="Note 1">1</a></sup></p>'
    )


def test_unknown_key_is_left_as_plain_text():
    numbering = number_notes(["<p>See [^missing] and [^a].</p>"], notes("a"))
    assert "[^missing]" in numbering.bodies[0]
    assert numbering.bodies[0].count("doc-noteref") == 1
    assert numbers(numbering) == {"a": 1}


def test_markers_inside_tags_and_links_are_not_replaced():
    body = '<p><a href="https://example.org/[^a]">text [^a]</a> after[^a]</p>'
    numbering = number_notes([body], notes("a"))
    rendered = numbering.bodies[0]
    assert rendered.startswith('<p><a href="https://example.org/[^a]">text [^a]</a> after<sup')
    assert numbering.notes[0].citations == ["cite-1"]


def test_duplicate_keys_use_the_first_note():
    first, second = Note("a"), Note("a")
    numbering = number_notes(["<p>x[^a]</p>"], [first, second])
    assert [entry.note for entry in numbering.notes] == [first]


def test_citation_letters_never_run_out():
    assert [citation_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "a",
        "b",
        "z",
        "aa",
        "ab",
        "zz",
        "aaa",
    ]


keys = st.text(alphabet="abcdefgh0123_-", min_size=1, max_size=6)
prose = st.text(alphabet=st.characters(blacklist_characters="[]<>&"), max_size=20)


@st.composite
def articles(draw):
    note_keys = draw(st.lists(keys, unique=True, max_size=8))
    unknown = draw(st.lists(keys.filter(lambda k: k not in note_keys), max_size=3))
    cited = st.sampled_from(note_keys + unknown) if note_keys + unknown else st.nothing()
    bodies = draw(
        st.lists(
            st.lists(st.one_of(prose, cited.map(lambda k: f"[^{k}]")), max_size=10).map(
                lambda parts: "<p>" + "".join(parts) + "</p>"
            ),
            max_size=5,
        )
    )
    return bodies, note_keys


@given(articles())
def test_numbers_are_one_to_n_in_first_citation_order(article):
    bodies, note_keys = article
    numbering = number_notes(bodies, notes(*note_keys))
    assert [entry.number for entry in numbering.notes] == list(range(1, len(note_keys) + 1))
    assert sorted(entry.key for entry in numbering.notes) == sorted(note_keys)
    first_citations = list(
        dict.fromkeys(k for b in bodies for k in cited_keys(b) if k in note_keys)
    )
    assert [entry.key for entry in numbering.notes][: len(first_citations)] == first_citations


@given(articles())
def test_every_known_citation_becomes_one_reference(article):
    bodies, note_keys = article
    numbering = number_notes(bodies, notes(*note_keys))
    for body, rendered in zip(bodies, numbering.bodies, strict=True):
        known = [k for k in cited_keys(body) if k in note_keys]
        assert rendered.count('role="doc-noteref"') == len(known)
        assert cited_keys(rendered) == [k for k in cited_keys(body) if k not in note_keys]
    total = sum(len(entry.citations) for entry in numbering.notes)
    assert total == sum(1 for b in bodies for k in cited_keys(b) if k in note_keys)
    anchors = [anchor for entry in numbering.notes for anchor in entry.citations]
    assert len(anchors) == len(set(anchors))


@pytest.mark.parametrize(
    ("body", "written", "problem"),
    [
        ("<p>Counted.[^Kim 2021]</p>", "[^Kim 2021]", footnotes.NOT_A_KEY),
        ("<p>Counted.[^kim,2021]</p>", "[^kim,2021]", footnotes.NOT_A_KEY),
        ("<p>Counted.[^]</p>", "[^]", footnotes.EMPTY),
        ("<p>Counted.[^ ]</p>", "[^ ]", footnotes.EMPTY),
        ("<p>Counted [^kim 2021 and more.</p>", "[^kim 2021", footnotes.UNCLOSED),
        ("<p>Counted [^kim</p>", "[^kim", footnotes.UNCLOSED),
        ('<p><a href="https://example.com">a link[^kim]</a></p>', "[^kim]", footnotes.IN_LINK),
        ("<p>[^kim&nbsp;2021]</p>", "[^kim 2021]", footnotes.NOT_A_KEY),
        ("<p>A claim[<strong>^kim</strong>]</p>", "[^kim]", footnotes.SPLIT),
        ("<p>A claim<em>[</em>^kim]</p>", "[^kim]", footnotes.SPLIT),
    ],
)
def test_what_only_looks_like_a_marker_is_found_as_written(body, written, problem):
    assert bad_markers(body) == [footnotes.BadMarker(written, problem)]


def test_markers_and_brackets_that_are_no_markers_are_not_bad():
    assert (
        bad_markers('<p>A claim[^kim2021], a list [1] and <a href="/x">a link</a>[^a].</p>') == []
    )


PIECES = st.sampled_from(
    [
        "[^",
        "]",
        "[",
        "^",
        "kim",
        "2021",
        "-",
        " ",
        "&nbsp;",
        "Kim",
        "<strong>",
        "</strong>",
        '<a href="/x">',
        "</a>",
        "[^kim]",
        "[^lee2020]",
        "[^]",
        "word",
    ]
)


@given(st.lists(PIECES, max_size=14))
def test_a_body_without_bad_or_unknown_markers_shows_readers_no_marker(pieces):
    """Whatever an editor writes, a body that passes the checks reaches readers without "[^"."""
    body = "<p>" + "".join(pieces) + "</p>"
    keys = ["kim", "lee2020"]
    if bad_markers(body) or not set(cited_keys(body)) <= set(keys):
        return
    rendered = number_notes([body], notes(*keys)).bodies[0]
    assert "[^" not in re.sub(r"<[^>]*>", "", rendered)
