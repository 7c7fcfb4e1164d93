"""What a member of staff chose for themselves."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffPreference(models.Model):
    """What a member of staff chose for themselves: the admin's language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsroom_preference"
    )
    language = models.CharField(
        _("language of the admin"), max_length=10, choices=settings.LANGUAGES
    )

    class Meta:
        verbose_name = _("staff preference")
        verbose_name_plural = _("staff preferences")

    def __str__(self):
        return f"{self.user}: {self.language}"
