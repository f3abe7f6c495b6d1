"""An index on lower(auth_user.email): a request or chat sent without signing in finds the
account whose confirmed address it was sent from (accounts.selectors.verified_customer_for)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_walletidentity"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS accounts_user_email_lower ON auth_user (lower(email))",
            "DROP INDEX IF EXISTS accounts_user_email_lower",
        ),
    ]
