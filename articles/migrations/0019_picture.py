import articles.images
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The picture library: pictures of their own, which articles and sections point to."""

    dependencies = [
        ('articles', '0018_autosave'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Picture',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.ImageField(blank=True, db_index=True, help_text="JPEG, PNG, WebP or GIF. Location and camera data are removed on upload. A picture's file cannot be replaced: upload a new picture instead.", upload_to='pictures/%Y/%m/', validators=[articles.images.validate_image], verbose_name='file')),
                ('width', models.PositiveIntegerField(editable=False, null=True, verbose_name='width')),
                ('height', models.PositiveIntegerField(editable=False, null=True, verbose_name='height')),
                ('alt', models.CharField(blank=True, help_text='What the picture shows, for readers who cannot see it.', max_length=300, verbose_name='alt text')),
                ('decorative', models.BooleanField(default=False, help_text='Tick only if the picture adds nothing to the story; it then needs no alt text.', verbose_name='decorative')),
                ('caption', models.TextField(blank=True, verbose_name='caption')),
                ('credit', models.CharField(blank=True, max_length=200, verbose_name='credit')),
                ('renditions', models.JSONField(blank=True, default=dict, editable=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded')),
                ('uploaded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'picture',
                'verbose_name_plural': 'pictures',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='lead_picture',
            field=models.ForeignKey(blank=True, help_text='Choose a picture from the library, or add one with +.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='lead_of', to='articles.picture', verbose_name='lead picture'),
        ),
        migrations.AddField(
            model_name='section',
            name='figure',
            field=models.ForeignKey(blank=True, help_text="An optional picture shown after the section's text.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='figure_of', to='articles.picture', verbose_name='figure'),
        ),

    ]
