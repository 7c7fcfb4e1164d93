"""
Changes to a live article in the admin (see articles/staging.py): Save keeps them as the
article's staged change instead of writing its rows; the change form then shows them, with
who saved them and when; "Preview changes" shows them as readers would see them; Publish
changes is a normal save; "Discard changes" drops them. The list shows which articles have some.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import workflow
from ..autosave import Autosave
from ..staging import StagedChange
from .autosaving import RESTORE, restored
from .live_preview import without_uploads
from .publishing import requested_action

CHANGE_PAGE = "articles_article_change"
# The unpublished changes a form was opened on, posted back with it (staged_notice.html).
OPENED_ON = "_staged_change"


class UnpublishedChangesFilter(admin.SimpleListFilter):
    title = gettext_lazy("unpublished changes")
    parameter_name = "changes"

    def lookups(self, request, model_admin):
        return [("staged", _("Waiting to be published")), ("none", _("None"))]

    def queryset(self, request, queryset):
        if self.value() == "staged":
            return queryset.filter(staged_change__isnull=False)
        if self.value() == "none":
            return queryset.filter(staged_change__isnull=True)
        return queryset


class Staging:
    """For the article admin, before ``PublishingButtons`` and ``Autosaving``."""

    def staging_urls(self):
        preview = self.admin_site.admin_view(self.staged_preview_view)
        discard = self.admin_site.admin_view(self.discard_staged_view)
        return [
            path(
                "<path:object_id>/unpublished-changes/",
                preview,
                name="articles_article_staged_preview",
            ),
            path(
                "<path:object_id>/unpublished-changes/discard/",
                discard,
                name="articles_article_discard_staged",
            ),
        ]

    def staged_preview_view(self, request, object_id):
        """The staged change as readers would see it once published; nothing is written."""
        article = self.article_to_edit(request, object_id)
        staged = get_object_or_404(StagedChange, article=article)
        preview_request = without_uploads(request)
        # Posted, as the change form's Preview button posts it.
        preview_request.method, preview_request._post = "POST", staged.as_post()
        return self.preview_posted(preview_request, article)

    def discard_staged_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.article_to_edit(request, object_id)
        if not workflow.can_edit_content(request.user, article):
            raise PermissionDenied  # a curator's form does not hold the changes
        StagedChange.objects.filter(article=article).delete()
        messages.info(request, _("The unpublished changes were discarded."))
        return HttpResponseRedirect(reverse(f"admin:{CHANGE_PAGE}", args=[article.pk]))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            article = self.get_object(request, unquote(object_id))
            request.stages_change = workflow.stages(
                request.user, article, requested_action(request)
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def staged_change(self, request, article):
        """The article's staged change, once per request; None for a new article."""
        if article is None:
            return None
        if "_staged_change" not in request.__dict__:
            found = StagedChange.objects.filter(article=article).select_related("staged_by")
            request._staged_change = found.first()
        return request._staged_change

    def staged_data(self, request, article):
        """
        The form data the change page shows: the staged change, to those who may change the
        article's text (the rest see the live article), unless an autosave is being restored.
        """
        if (
            request.method != "GET"
            or request.resolver_match.url_name != CHANGE_PAGE
            or RESTORE in request.GET
            or not workflow.can_edit_content(request.user, article)
        ):
            return None
        staged = self.staged_change(request, article)
        return staged and completed(staged.as_post(), article)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if data := self.staged_data(request, obj):
            return restored(form, data)
        if self.saves_text(request, obj):
            return keeping_others_changes(form, self.staged_change(request, obj), request.POST)
        return form

    def saves_text(self, request, article):
        """A post of the change page by someone who may change the text (previews write nothing)."""
        return (
            request.method == "POST"
            and request.resolver_match.url_name == CHANGE_PAGE
            and workflow.can_edit_content(request.user, article)
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if data := self.staged_data(request, obj):
            kwargs.update(data=data, files={})
        return kwargs

    def stages_change(self, request):
        return getattr(request, "stages_change", False)

    def stage_change(self, request, article, form):
        """What saving does instead when stages_change(): the article's rows are not written."""
        StagedChange.objects.stage(
            article, request.user, request.POST, form.cleaned_data["lock_version"]
        )
        Autosave.objects.discard(request.user, article)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The form held the staged change (staged_data) and has now written it.
        if workflow.can_edit_content(request.user, form.instance):
            StagedChange.objects.filter(article=form.instance).delete()

    def construct_change_message(self, request, form, formsets, add=False):
        # Unsaved formsets cannot say what they changed; the staged change says who and when.
        if self.stages_change(request):
            return []
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if not self.stages_change(request):
            super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not self.stages_change(request):
            return super().response_change(request, obj)
        message = _("Changes saved, not published: readers still see the published version.")
        if workflow.can_publish(request.user):
            message += " " + _("Press Publish changes when they are ready.")
        else:
            message += " " + _("An editor publishes them.")
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:{CHANGE_PAGE}", args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        staged = self.staged_change(request, obj) if change else None
        if staged:
            context["staged_change"] = staged
            context["staged_change_shown"] = self.staged_data(request, obj) is not None
            context["staged_change_notice"] = notice(staged)
            context["staged_change_field"] = OPENED_ON
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=gettext_lazy("unpublished changes"))
    def unpublished_changes(self, article):
        staged = getattr(article, "staged_change", None)
        return notice(staged) if staged else ""


def keeping_others_changes(form_class, staged, post):
    """
    The form class, refusing a save that would replace or drop unpublished changes saved
    after the form was opened (someone else's, in another tab): every save of the text of a
    live article writes or replaces them. The editor's text stays on the refused form.
    """

    class KeepingOthersChanges(form_class):
        def clean(self):
            cleaned = super().clean()
            if staged is not None and post.get(OPENED_ON) != staged.token:
                raise ValidationError(
                    _(
                        "%(notice)s, after this form was opened; saving would replace them. "
                        "Your text is kept below: copy what you need, then open the article "
                        "again to see and work on those changes."
                    )
                    % {"notice": notice(staged)}
                )
            return cleaned

    KeepingOthersChanges.__name__ = form_class.__name__
    return KeepingOthersChanges


def notice(staged):
    return _("Unpublished changes by %(who)s, saved at %(when)s") % {
        "who": staged.staged_by or _("someone no longer on the staff"),
        "when": date_format(timezone.localtime(staged.staged_at), "DATETIME_FORMAT"),
    }


def completed(data, article):
    """
    Staged data with the publication time the stager could not change (a writer's form has
    none), so that an editor opening it sees, and keeps, the article's.
    """
    if "published_at_0" not in data and article.published_at:
        when = timezone.localtime(article.published_at)
        data["published_at_0"] = when.date().isoformat()
        data["published_at_1"] = when.time().isoformat(timespec="seconds")
    return data
