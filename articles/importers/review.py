"""
The admin's import in two steps: a file is read and shown with the article it matches,
then saved as the importer chose. Between the steps the document travels signed, bound
to the importer and to the matched article as it was shown, so what is saved is what
the server read, never what a browser sends back.
"""

import difflib
import json
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import workflow
from ..models import Article
from . import ImportFailed, interchange

_SALT = "articles.import"
MAX_AGE = 3600  # seconds between the preview and the save
NEW, REPLACE = "new", "replace"
# What a reader would notice changing, in the order the page shows it.
COMPARED = ["headline", "dek", "authors", "sections", "footnotes", "related", "corrections"]


@dataclass(frozen=True)
class Pending:
    document: dict  # as_document() form: validated, JSON-ready
    ref: str
    match: Article | None

    def token(self, user):
        match = self.match
        return signing.dumps(
            {
                "document": self.document,
                "ref": self.ref,
                "user": user.pk,
                "match": [match.pk, match.lock_version] if match else None,
            },
            salt=_SALT,
            compress=True,
        )

    def differences(self):
        """The matched article against the document, as unified-diff lines."""
        if self.match is None:
            return []
        before = _comparable(interchange.export(self.match))
        after = _comparable(self.document)
        return list(difflib.unified_diff(before, after, _("now"), _("import"), lineterm=""))[2:]


def _comparable(document):
    shown = {name: document.get(name) for name in COMPARED}
    for note in shown["footnotes"] or []:
        note.pop("number", None)
        note.pop("citation", None)
    for correction in shown["corrections"] or []:
        correction.pop("date", None)
    # Where the page had a picture's file is not kept, so it is no change to the article.
    shown["sections"] = [
        {**section, "figure": section.get("figure") and {**section["figure"], "src": None}}
        for section in shown["sections"] or []
    ]
    return json.dumps(shown, ensure_ascii=False, indent=1).splitlines()


def pending(source, user):
    """
    What a read Source would become: its document and the article it matches, when
    ``user`` may see that article (a match must not tell a writer of others' drafts).
    """
    match = interchange.find_match(source.document, source.ref)
    if match and not workflow.visible_in_admin(user, Article.objects.filter(pk=match.pk)).exists():
        match = None
    return Pending(interchange.as_document(source.document), source.ref, match)


def from_token(token, user):
    """The Pending a token carries, or ImportFailed if it is altered, expired or another's."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature as error:
        raise ImportFailed(
            _("The import expired or was altered; upload the file again.")
        ) from error
    if data["user"] != user.pk:
        raise ImportFailed(_("The import expired or was altered; upload the file again."))
    match = None
    if data["match"]:
        pk, lock_version = data["match"]
        match = Article.objects.filter(pk=pk, lock_version=lock_version).first()
        if match is None:
            raise ImportFailed(
                _("The matching article changed since the preview; upload the file again.")
            )
    return Pending(data["document"], data["ref"], match)


def save(pending, choice, user):
    """
    Save ``pending`` as ``user`` chose: a new draft, or ``REPLACE`` for the matched
    article, keeping its status and publication time (PermissionError if this user may
    not replace it).
    """
    document = {
        **pending.document,
        "status": Article.Status.DRAFT,
        "published_at": None,
        "updated_at": None,
    }
    if choice != REPLACE or pending.match is None:
        return interchange.save(document, source_ref=pending.ref, by=user, target=None)
    match = pending.match
    if not workflow.can_replace_by_import(user, match):
        raise PermissionError
    now = timezone.now()
    published = match.published_at
    document.update(
        status=match.status,
        published_at=published.isoformat() if published else None,
        # Replacing a published article is an update of it, now.
        updated_at=now.isoformat() if published and published <= now else None,
    )
    return interchange.save(document, source_ref=pending.ref, by=user, target=match)
