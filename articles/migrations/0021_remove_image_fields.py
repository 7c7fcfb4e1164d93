from django.db import migrations


class Migration(migrations.Migration):
    """The pictures' former fields, copied into Picture rows by 0019."""

    dependencies = [('articles', '0020_pictures_from_images')]

    operations = [
        migrations.RemoveField(
            model_name='article',
            name='lead_image',
        ),
        migrations.RemoveField(
            model_name='article',
            name='lead_image_alt',
        ),
        migrations.RemoveField(
            model_name='article',
            name='lead_image_caption',
        ),
        migrations.RemoveField(
            model_name='article',
            name='lead_image_credit',
        ),
        migrations.RemoveField(
            model_name='article',
            name='lead_image_decorative',
        ),
        migrations.RemoveField(
            model_name='article',
            name='lead_image_renditions',
        ),
        migrations.RemoveField(
            model_name='section',
            name='image',
        ),
        migrations.RemoveField(
            model_name='section',
            name='image_alt',
        ),
        migrations.RemoveField(
            model_name='section',
            name='image_caption',
        ),
        migrations.RemoveField(
            model_name='section',
            name='image_credit',
        ),
        migrations.RemoveField(
            model_name='section',
            name='image_decorative',
        ),
        migrations.RemoveField(
            model_name='section',
            name='image_renditions',
        ),
    ]
