import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.workflow import CURATOR, EDITOR, WRITER

from . import TranslatedCommand

# Each demo account's user name and role.
ACCOUNTS = [("writer", WRITER), ("editor", EDITOR), ("curator", CURATOR)]


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Create the demo writer, editor and curator accounts, or give them new passwords, "
        "and print their logins."
    )

    def handle(self, *args, **options):
        self.stdout.write(_("Demo logins (new passwords each time):"))
        for username, role in ACCOUNTS:
            password = secrets.token_urlsafe(12)
            user, _created = get_user_model().objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(
                _("  %(role)s: user %(username)s, password %(password)s")
                % {"role": role, "username": username, "password": password}
            )
