"""Business hours moved to core (state only; core 0001 took the table)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('helpcenter', '0001_initial'),
        ('core', '0001_topics_and_hours_from_other_apps'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='BusinessHours',
                ),
            ],
        ),
    ]
