import re

from django.db import migrations

# /2026/1/3/slug/ as addresses were written before months and days were zero-padded.
UNPADDED = re.compile(r"/(?P<year>[0-9]+)/(?P<month>[0-9]{1,2})/(?P<day>[0-9]{1,2})/(?P<slug>[^/]+)/$")


def padded(path):
    match = UNPADDED.search(path)
    if match is None:
        return path
    year, month, day, slug = match.group("year", "month", "day", "slug")
    return f"{path[: match.start()]}/{int(year):04d}/{int(month):02d}/{int(day):02d}/{slug}/"


def pad_former_addresses(apps, schema_editor):
    FormerAddress = apps.get_model("articles", "FormerAddress")
    for former in FormerAddress.objects.order_by("pk"):
        path = padded(former.path)
        if path == former.path:
            continue
        if FormerAddress.objects.filter(path=path).exists():
            former.delete()
        else:
            former.path = path
            former.save(update_fields=["path"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_corrections_shown")]

    operations = [migrations.RunPython(pad_former_addresses, migrations.RunPython.noop)]
