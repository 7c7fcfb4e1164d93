from django.db import migrations, models


class Migration(migrations.Migration):
    """The standfirst is the dek everywhere; a section's title is its heading."""

    dependencies = [("articles", "0021_remove_image_fields")]

    operations = [
        migrations.RenameField("article", "subhead", "dek"),
        migrations.AlterField(
            model_name="section",
            name="heading",
            field=models.CharField(
                blank=True,
                help_text="Shown above the section. Leave empty for the opening section.",
                max_length=200,
                verbose_name="heading",
            ),
        ),
    ]
