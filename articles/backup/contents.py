"""
What a backup holds, table by table, and the one check every row passes on its way in and
out: the same for ``backup``'s read-back and for ``restore``.
"""

import datetime
import json
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import FileField
from django.utils.translation import gettext as _

# Read from the rows after a restore instead of kept (see articles/search.py,
# articles/models/sitemap_files.py).
DERIVED_FIELDS = {"articles.article": {"search_vector", "in_search_window"}}
DERIVED_TABLES = {"articles.sitemapfile"}
# Rows migrations make in every database: roles are matched by name, not by id; the
# site's version row is written over.
MATCHED_BY_NAME = {"auth.group"}
MADE_BY_MIGRATIONS = {*MATCHED_BY_NAME, "articles.siteversion"}
ACCOUNT_MODELS = {settings.AUTH_USER_MODEL.lower(), "rest_framework_api_key.apikey"}


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why, in one line."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """
    Django's encoder keeps times to the millisecond (as JavaScript does); pages print
    them to the microsecond (feeds, sitemaps, JSON-LD), so a backup keeps every digit.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


@dataclass(frozen=True)
class Table:
    """One model's rows in a backup: ``data/<app>.<model>.jsonl``, a row a line."""

    model: type

    @property
    def label(self):
        return self.model._meta.label_lower

    @property
    def file(self):
        return f"data/{self.label}.jsonl"

    @property
    def name(self):
        return str(self.model._meta.verbose_name_plural)

    @property
    def natural_primary_keys(self):
        return self.label in MATCHED_BY_NAME


def tables(accounts=True):
    """
    Every table a backup holds, in an order where each row's natural keys (a user's
    name, a tag's, a content type's) name rows already restored: roles, accounts, tags,
    every model of the articles app, revisions, partners' keys. Without ``accounts``, no
    user or API key, no row that cannot be without its user, and links to users empty.
    """
    models = [
        apps.get_model("auth", "Group"),
        apps.get_model(settings.AUTH_USER_MODEL),
        apps.get_model("taggit", "Tag"),
        *apps.get_app_config("articles").get_models(),
        apps.get_model("reversion", "Revision"),
        apps.get_model("reversion", "Version"),
        apps.get_model("rest_framework_api_key", "APIKey"),
    ]
    chosen = [Table(model) for model in models if model._meta.label_lower not in DERIVED_TABLES]
    if not accounts:
        chosen = [t for t in chosen if t.label not in ACCOUNT_MODELS and not _needs_user(t.model)]
    return chosen


def table_named(label):
    """The table of ``label`` (from a manifest), or BackupError."""
    for table in tables():
        if table.label == label:
            return table
    raise BackupError(
        _("The backup holds “%(label)s”, which this site has no table for.") % {"label": label}
    )


def _user_links(model):
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return [f for f in model._meta.get_fields() if f.concrete and f.related_model is user]


def _needs_user(model):
    return any(not f.null for f in _user_links(model) if not f.many_to_many)


def _derived(field):
    return field.name in DERIVED_FIELDS.get(field.model._meta.label_lower, ())


def kept_fields(table, accounts=True):
    """The names of the fields written, or None for all of them."""
    fields = [*table.model._meta.local_fields, *table.model._meta.local_many_to_many]
    dropped = {f.name for f in fields if _derived(f)}
    if not accounts:
        dropped |= {f.name for f in _user_links(table.model)}
    if not dropped:
        return None
    return [f.name for f in fields if f.name not in dropped and not f.primary_key]


def write_rows(table, stream, accounts=True, progress=None):
    """Write the table's rows to ``stream`` as JSON lines; returns how many."""
    queryset = table.model._default_manager.order_by("pk")
    total = queryset.count()

    def counted():
        for done, row in enumerate(queryset.iterator(chunk_size=500), start=1):
            yield row
            if progress and (done % 500 == 0 or done == total):
                progress(done, total, table.name)

    serializers.serialize(
        "jsonl",
        counted(),
        stream=stream,
        fields=kept_fields(table, accounts),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=table.natural_primary_keys,
        cls=ExactJSONEncoder,
    )
    return total


def read_rows(folder, table):
    """
    The table's rows in the backup in ``folder``, each checked (see ``check``), as
    Django's DeserializedObject; BackupError naming the file and line of the first
    that is not right.
    """
    path = folder / table.file
    if not path.is_file():
        raise _missing(table.file)
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                yield _row(table, line)
            except (ValueError, DeserializationError, ValidationError) as error:
                raise BackupError(
                    _("%(file)s, line %(line)s: %(error)s")
                    % {"file": table.file, "line": number, "error": _message(error)}
                ) from error


def _row(table, line):
    data = json.loads(line)
    if not isinstance(data, dict) or data.get("model") != table.label:
        raise ValueError(_("not a row of %(label)s.") % {"label": table.label})
    (row,) = serializers.deserialize("python", [data], handle_forward_references=False)
    check(row.object)
    return row


def check(instance):
    """
    The field rules the admin, imports and the API apply (lengths, choices, ranges such
    as a footnote's year), on a row about to be written or restored. Links are left to
    the database's constraints, files to the copy of media.
    """
    instance.clean_fields(
        exclude=[
            f.name
            for f in instance._meta.fields
            if f.is_relation or isinstance(f, FileField) or _derived(f)
        ]
    )


def _message(error):
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"“{name}”: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def file_names(table):
    """Names of the stored files the table's rows point to, for saying which are missing."""
    fields = [f.name for f in table.model._meta.fields if isinstance(f, FileField)]
    names = set()
    for values in table.model._default_manager.values_list(*fields) if fields else []:
        names.update(name for name in values if name)
    return names


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_json(folder, relative):
    try:
        return json.loads((folder / relative).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise _missing(relative) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(
            _("%(file)s: the file is not valid JSON (%(error)s).")
            % {"file": relative, "error": error}
        ) from error


def _missing(relative):
    return BackupError(_("%(file)s: the file is missing from the backup.") % {"file": relative})
