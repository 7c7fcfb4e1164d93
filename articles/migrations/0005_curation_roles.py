from django.db import migrations

from articles.workflow import sync_roles


class Migration(migrations.Migration):
    """Curators and editors maintain reading lists and merge tags."""

    dependencies = [("articles", "0004_reading_lists")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
