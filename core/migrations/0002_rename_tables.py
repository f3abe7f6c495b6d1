"""The moved tables get core's names; their content types and permissions follow, so groups
and users keep what they were given."""

from django.db import migrations

MOVED = (("tickets", "category", "topic"), ("helpcenter", "businesshours", "businesshours"))


def move_content_types(apps, schema_editor) -> None:
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    for old_app, old_model, new_model in MOVED:
        if content_type_model.objects.filter(app_label="core", model=new_model).exists():
            continue
        moved = content_type_model.objects.filter(app_label=old_app, model=old_model).first()
        if moved is None:
            continue
        moved.app_label, moved.model = "core", new_model
        moved.save(update_fields=["app_label", "model"])
        for permission in permission_model.objects.filter(content_type=moved):
            action = permission.codename.split("_", 1)[0]
            permission.codename = f"{action}_{new_model}"
            permission.name = f"Can {action} {new_model}"
            permission.save(update_fields=["codename", "name"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_topics_and_hours_from_other_apps"),
        ("chat", "0003_topic_from_core"),
        ("helpcenter", "0002_business_hours_to_core"),
        ("tickets", "0007_topic_to_core"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelTable(name="topic", table=None),
        migrations.AlterModelTable(name="businesshours", table=None),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
