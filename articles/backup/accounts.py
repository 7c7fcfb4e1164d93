"""
Who works on the site, in a backup: staff accounts with their roles and permissions,
and partners' API keys. Passwords and keys are kept as the hashes the database holds,
so everyone logs in and every key works as before, and nothing readable is written.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils.dateparse import parse_datetime
from rest_framework_api_key.models import APIKey

USER_FIELDS = [
    "username",
    "password",
    "email",
    "first_name",
    "last_name",
    "is_staff",
    "is_active",
    "is_superuser",
]
USER_TIMES = ["date_joined", "last_login"]
KEY_FIELDS = ["id", "prefix", "hashed_key", "name", "revoked"]
KEY_TIMES = ["created", "expiry_date"]


def _iso(moment):
    return moment.isoformat() if moment else None


def dump():
    users = get_user_model().objects.order_by("pk").prefetch_related("groups", "user_permissions")
    return {
        "users": [
            {
                **{name: getattr(user, name) for name in USER_FIELDS},
                **{name: _iso(getattr(user, name)) for name in USER_TIMES},
                "groups": sorted(group.name for group in user.groups.all()),
                "permissions": sorted(
                    f"{p.content_type.app_label}.{p.codename}"
                    for p in user.user_permissions.select_related("content_type")
                ),
            }
            for user in users
        ],
        "api_keys": [
            {
                **{name: getattr(key, name) for name in KEY_FIELDS},
                **{name: _iso(getattr(key, name)) for name in KEY_TIMES},
            }
            for key in APIKey.objects.order_by("created")
        ],
    }


def counts():
    return {"users": get_user_model().objects.count(), "api_keys": APIKey.objects.count()}


def load(data):
    """Create the accounts and keys of ``data`` (from dump()); returns users by username."""
    User = get_user_model()
    users = {}
    for row in data.get("users", []):
        user = User.objects.create(
            **{name: row[name] for name in USER_FIELDS},
            **{name: parse_datetime(row[name] or "") for name in USER_TIMES},
        )
        user.groups.set(Group.objects.filter(name__in=row["groups"]))
        user.user_permissions.set(_permissions(row["permissions"]))
        users[user.username] = user
    APIKey.objects.bulk_create(
        APIKey(
            **{name: row[name] for name in KEY_FIELDS},
            **{name: parse_datetime(row[name] or "") for name in KEY_TIMES},
        )
        for row in data.get("api_keys", [])
    )
    for row in data.get("api_keys", []):  # "created" is set on creation: put it back
        APIKey.objects.filter(pk=row["id"]).update(created=parse_datetime(row["created"]))
    return users


def _permissions(names):
    wanted = {tuple(name.split(".", 1)) for name in names}
    return [
        p
        for p in Permission.objects.select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]
