"""Times in the admin are the newsroom's (``TIME_ZONE``), and each time field says so."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def zone_note():
    return _("Times are the newsroom's: %(zone)s.") % {"zone": timezone.get_current_timezone_name()}


class NewsroomTimes:
    """For a model admin: every date-and-time field's help text names the newsroom's time zone."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, models.DateTimeField):
            formfield.help_text = f"{formfield.help_text} {zone_note()}".strip()
        return formfield
