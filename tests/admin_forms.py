"""Filling in admin forms the way a browser would: read the page, change fields, post."""

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from articles.models import Article


def staff_user(django_user_model, role, username=None):
    user = django_user_model.objects.create_user(
        username=username or role.lower(), password="a-long-test-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def form_fields(response, form_id="article_form"):
    """Every field a browser would submit from the form, as {name: value or [values]}."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    form = soup.find("form", id=form_id)
    assert form is not None, f"no form #{form_id} on the page"
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            # Browsers drop the newline Django puts after <textarea>.
            data[name] = field.get_text().removeprefix("\n")
        elif field.name == "select":
            chosen = [
                o.get("value", o.get_text())
                for o in field.find_all("option")
                if o.has_attr("selected")
            ]
            if field.has_attr("multiple"):
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
            else:
                first = field.find("option")
                data[name] = first.get("value", "") if first else ""
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") in {"submit", "button", "file", "image", "reset"}:
            continue
        else:
            data[name] = field.get("value", "")
    return data


def buttons(response):
    """The values of the change form's workflow buttons, in page order."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [b["value"] for b in soup.select('.submit-row button[name="_workflow"]')]


def press(data, action):
    """What pressing a workflow button adds to the form's data."""
    return {**data, "_workflow": action}


def add_inline_row(data, prefix, **fields):
    """Fill the next empty row of an inline formset."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return index


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def post_change(client, article, **changes):
    """Post the article's change form as the page shows it, with ``changes``."""
    data = form_fields(client.get(change_url(article)))
    data.update(changes)
    return client.post(change_url(article), data)


ADD_URL = "/admin/articles/article/add/"


def form_endpoint(name, article=None):
    """Where the article form posts ``name`` (preview, autosave): of an article or a new one."""
    base = f"/admin/articles/article/{article.pk}/" if article else "/admin/articles/article/"
    return f"{base}{name}/"


def errors(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [e.get_text(" ", strip=True) for e in soup.select(".errorlist li")]


def saved(response):
    return response.status_code == 302


def reload(article):
    return Article.objects.get(pk=article.pk)
