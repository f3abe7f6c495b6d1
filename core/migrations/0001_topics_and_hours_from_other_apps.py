"""Topics (tickets.Category) and business hours (helpcenter.BusinessHours) become core's: the
models move in the migration state only; their tables are renamed in 0002."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("helpcenter", "0001_initial"),
        ("tickets", "0006_solved_waiting_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='BusinessHours',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], unique=True, verbose_name='weekday')),
                    ('opens_at', models.TimeField(verbose_name='opens at')),
                    ('closes_at', models.TimeField(verbose_name='closes at')),
                ],
                options={
                    'verbose_name': 'business hours',
                    'verbose_name_plural': 'business hours',
                    'ordering': ['weekday'],
                    'db_table': 'helpcenter_businesshours',
                    'constraints': [models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='businesshours_closes_after_opens')],
                },
            ),
            migrations.CreateModel(
                name='Topic',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ('slug', models.SlugField(max_length=60, unique=True, verbose_name='slug')),
                    ('name_zh_hans', models.CharField(max_length=80, verbose_name='name (Chinese)')),
                    ('name_en', models.CharField(max_length=80, verbose_name='name (English)')),
                    ('description_zh_hans', models.CharField(blank=True, max_length=200, verbose_name='description (Chinese)')),
                    ('description_en', models.CharField(blank=True, max_length=200, verbose_name='description (English)')),
                    ('default_priority', models.CharField(choices=[('low', 'Low'), ('normal', 'Normal'), ('high', 'High'), ('urgent', 'Urgent')], default='normal', max_length=10, verbose_name='default priority')),
                    ('is_security', models.BooleanField(default=False, help_text='Theft or unauthorised transactions: urgent, with the shortest SLA.', verbose_name='security report')),
                    ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                    ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ],
                options={
                    'verbose_name': 'category',
                    'verbose_name_plural': 'categories',
                    'ordering': ['position', 'id'],
                    'db_table': 'tickets_category',
                    'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('name_zh_hans', ''), _negated=True), models.Q(('name_en', ''), _negated=True)), name='ticket_category_names_not_empty')],
                },
            ),
            ],
        ),
    ]
