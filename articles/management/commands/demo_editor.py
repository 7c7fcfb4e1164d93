import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.workflow import EDITOR

from . import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Create the demo account (Editor role) or give it a new password, and print its login."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        password = secrets.token_urlsafe(12)
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=EDITOR))
        self.stdout.write(
            _("Demo editor account: user %(username)s, password %(password)s")
            % {"username": username, "password": password}
        )
