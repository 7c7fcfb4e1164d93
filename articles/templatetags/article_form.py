"""The article change form's order of parts and its summary of errors."""

from dataclasses import dataclass

from django import template
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


@dataclass
class Part:
    fieldset: object = None
    index: int = 0
    inline: object = None


@register.simple_tag
def article_form_parts(adminform, inline_admin_formsets):
    """
    The fieldsets, each followed by the inlines the admin's ``inlines_after`` puts after it;
    inlines it does not place come last, as in Django's own form.
    """
    placed = getattr(adminform.model_admin, "inlines_after", {})
    by_class = {type(formset.opts): formset for formset in inline_admin_formsets}
    parts = []
    for index, fieldset in enumerate(adminform):
        parts.append(Part(fieldset=fieldset, index=index))
        for inline_class in placed.get(index, []):
            if inline_class in by_class:
                parts.append(Part(inline=by_class.pop(inline_class)))
    parts.extend(Part(inline=formset) for formset in by_class.values())
    return parts


@dataclass
class Error:
    where: str
    message: str
    anchor: str = ""


def _field_errors(form, where=""):
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        field = form[name]
        label = capfirst(field.label)
        place = f"{where} › {label}" if where else label
        anchor = "" if field.is_hidden else (field.id_for_label or field.auto_id)
        for message in messages:
            yield Error(place, message, anchor)


@register.inclusion_tag("admin/articles/includes/error_summary.html")
def error_summary(adminform, inline_admin_formsets):
    """
    Every error of the form with a link to its field, the rows' included; the article's own
    non-field errors are shown by Django's change form just above.
    """
    errors = list(_field_errors(adminform.form))
    for inline in inline_admin_formsets:
        formset = inline.formset
        name = capfirst(inline.opts.verbose_name_plural)
        for message in formset.non_form_errors():
            errors.append(Error(name, message, f"{formset.prefix}-group"))
        for index, form in enumerate(formset.forms):
            row = _("%(name)s %(number)d") % {
                "name": capfirst(inline.opts.verbose_name),
                "number": index + 1,
            }
            for message in form.non_field_errors():
                errors.append(Error(row, message, f"{formset.prefix}-{index}"))
            errors.extend(_field_errors(form, row))
    return {"errors": errors}
