"""Topics moved to core (state only; core 0001 took the table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0003_topic_from_core"),
        ("core", "0001_topics_and_hours_from_other_apps"),
        ("tickets", "0006_solved_waiting_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cannedresponse",
                    name="category",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Optional: offered first for requests in this category.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="canned_responses",
                        to="core.topic",
                        verbose_name="category",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="category",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="core.topic",
                        verbose_name="category",
                    ),
                ),
                migrations.AlterField(
                    model_name="slapolicy",
                    name="category",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sla_policies",
                        to="core.topic",
                        verbose_name="category",
                    ),
                ),
                migrations.DeleteModel(
                    name="Category",
                ),
            ],
        ),
    ]
