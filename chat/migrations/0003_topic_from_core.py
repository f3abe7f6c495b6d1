"""A conversation's topic is core.Topic (the same table; state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0002_attachments"),
        ("core", "0001_topics_and_hours_from_other_apps"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="conversation",
                    name="topic",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="conversations",
                        to="core.topic",
                        verbose_name="topic",
                    ),
                ),
            ],
        ),
    ]
