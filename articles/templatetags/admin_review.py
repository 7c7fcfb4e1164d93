from django import template

from articles.admin.review import waiting_for_review as articles_waiting

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_for_review(context):
    return articles_waiting(context["request"].user)
