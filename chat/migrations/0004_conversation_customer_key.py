"""A per-conversation key in every customer token, so tokens can be rotated and ended.

Tokens issued before this migration carry no key and stop working; a conversation in progress
then falls back to the session that started it (or the signed-in account)."""

from django.db import migrations, models

import chat.models


def give_each_conversation_its_own_key(apps, schema_editor):
    # AddField computed the callable default once for every existing row.
    Conversation = apps.get_model("chat", "Conversation")
    batch = []
    for conversation in Conversation.objects.only("pk").iterator(chunk_size=1000):
        conversation.customer_key = chat.models.new_customer_key()
        batch.append(conversation)
        if len(batch) == 1000:
            Conversation.objects.bulk_update(batch, ["customer_key"])
            batch = []
    Conversation.objects.bulk_update(batch, ["customer_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0003_topic_from_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="customer_key",
            field=models.CharField(
                default=chat.models.new_customer_key,
                editable=False,
                max_length=64,
                verbose_name="customer token key",
            ),
        ),
        migrations.RunPython(give_each_conversation_its_own_key, migrations.RunPython.noop),
    ]
