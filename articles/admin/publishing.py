"""
How the article admin publishes: the change form's buttons (Save draft, Submit for review,
Publish, Schedule, Unpublish, shown by role and status) and the bulk actions. Both go
through ``workflow.move()``; the server checks every button, whatever the page showed.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import workflow
from ..models import Article

BUTTON = "_workflow"

LABELS = {
    workflow.REVIEW: gettext_lazy("Submit for review"),
    workflow.PUBLISH: gettext_lazy("Publish"),
    workflow.SCHEDULE: gettext_lazy("Schedule"),
    workflow.UNPUBLISH: gettext_lazy("Unpublish"),
}

# On an article readers see: Save keeps changes to its text unpublished (admin/staging.py).
LIVE_LABELS = {
    workflow.SAVE: gettext_lazy("Save changes"),
    workflow.PUBLISH: gettext_lazy("Publish changes"),
}
STAGING_SAVE = gettext_lazy("Save without publishing")


def requested_action(request):
    """The button pressed; Enter in a one-line field presses the first, Save."""
    return request.POST.get(BUTTON, workflow.SAVE)


def moving_form(form_class, action):
    """The admin's form class, moving its article by ``action`` before it checks it."""

    def clean(self):
        has_time = "published_at" in self.cleaned_data
        at = self.cleaned_data.get("published_at") if has_time else self.instance.published_at
        try:
            workflow.move(self.instance, action, at=at)
        except ValidationError as error:
            self.add_error("published_at" if has_time else None, error)
        else:
            if has_time:
                self.cleaned_data["published_at"] = self.instance.published_at
        return form_class.clean(self)

    return type(form_class.__name__, (form_class,), {"clean": clean})


class PublishingButtons:
    """For the article admin: the change form's submit row and what its buttons do."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and BUTTON in request.POST:
            article = self.get_object(request, object_id) if object_id else None
            workflow.check_allowed(request.user, article, requested_action(request))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def moving_form(self, request, form_class):
        if request.method == "POST":
            return moving_form(form_class, requested_action(request))
        return form_class

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        allowed = workflow.actions(request.user, obj)
        labels = {**LABELS, workflow.SAVE: _("Save draft")}
        if obj is not None and obj.is_shown_to_readers():
            labels.update(LIVE_LABELS)
        if workflow.stages(request.user, obj, workflow.SAVE):
            labels[workflow.SAVE] = STAGING_SAVE
        context["save_label"] = labels[workflow.SAVE]
        context["workflow_button"] = BUTTON
        context["workflow_buttons"] = [
            (action, labels[action]) for action in allowed if action != workflow.SAVE
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_move(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._after_move(request, obj) or super().response_change(request, obj)

    def _after_move(self, request, obj):
        action = requested_action(request)
        if action == workflow.SAVE:
            return None
        if action == workflow.PUBLISH:
            message = format_html(
                '{} <a href="{}">{}</a>',
                _("Published:"),
                obj.get_absolute_url(),
                _("read “%(headline)s” as readers see it") % {"headline": obj.headline},
            )
        elif action == workflow.SCHEDULE:
            when = date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            message = _("Scheduled: readers see “%(headline)s” from %(time)s.") % {
                "headline": obj.headline,
                "time": when,
            }
        elif action == workflow.UNPUBLISH:
            message = _("Unpublished: readers no longer see “%(headline)s”.") % {
                "headline": obj.headline
            }
        else:
            message = _("Submitted for review: an editor can now publish “%(headline)s”.") % {
                "headline": obj.headline
            }
        self.message_user(request, message, messages.SUCCESS)
        opts = self.opts
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )


class PublishingActions:
    """For the article admin: the ``publish`` and ``unpublish`` bulk actions."""

    @admin.action(
        description=gettext_lazy("Publish selected articles now"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        published = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            if errors := workflow.publishing_errors(article):
                self.message_user(
                    request, f"{article.headline}: {' '.join(errors)}", level=messages.ERROR
                )
                continue
            self._move(request, article, workflow.PUBLISH)
            published += 1
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", published) % published,
        )

    @admin.action(description=gettext_lazy("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        changed = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            self._move(request, article, workflow.UNPUBLISH)
            changed += 1
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", changed) % changed,
        )

    def _move(self, request, article, action):
        workflow.move(article, action)
        article.updated_by = request.user
        article.save()
