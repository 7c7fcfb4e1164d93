from django.db import migrations, models
from django.utils import translation


def render_notices(apps, schema_editor):
    from articles.rendering import notice

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(corrections__isnull=False).distinct():
        with translation.override(article.language):
            article.corrections_shown = [
                notice(correction) for correction in article.corrections.order_by("created_at", "pk")
            ]
        article.save(update_fields=["corrections_shown"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="corrections_shown",
            field=models.JSONField(default=list, editable=False),
        ),
        migrations.RunPython(render_notices, migrations.RunPython.noop),
    ]
