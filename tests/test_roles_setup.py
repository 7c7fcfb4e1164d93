import pytest
from django.contrib.auth.models import Group

from articles.workflow import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", sorted(ROLE_PERMISSIONS))
def test_every_role_has_exactly_its_permissions_after_migrating(role):
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=role).permissions.select_related("content_type")
    }
    assert granted == set(ROLE_PERMISSIONS[role])
