from django.db import migrations, models

from articles.search import mark_window


def index_the_window(apps, schema_editor):
    """
    Mark the articles there already are, and give PostgreSQL an index of the window's
    words alone (SQLite's FTS5 table has no partial index: it searches as before).
    """
    mark_window(apps.get_model("articles", "Article"))
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX articles_article_search_window_gin ON articles_article "
            "USING GIN (search_vector) WHERE in_search_window"
        )


def drop_the_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS articles_article_search_window_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0026_byline_author_article_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="in_search_window",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("in_search_window", True)),
                fields=["id"],
                name="article_search_window_idx",
            ),
        ),
        migrations.RunPython(index_the_window, drop_the_index),
    ]
