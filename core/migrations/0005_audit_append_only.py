"""The database itself refuses to change or remove an audit row.

PostgreSQL: a trigger raises on UPDATE and DELETE (TRUNCATE, which only the test suite's flush
and an operator at the console use, is not a row operation). SQLite: a trigger raises on
UPDATE; DELETE stays possible there because the test suite empties tables with DELETE, and the
application refuses it (``AuditEntry.delete`` and its queryset)."""

from django.db import migrations

TABLE = "core_auditentry"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION core_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION core_audit_append_only();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS core_audit_append_only ON {TABLE};
DROP FUNCTION IF EXISTS core_audit_append_only();
"""
SQLITE_UP = f"""
CREATE TRIGGER core_audit_no_update BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_audit_no_update;"


def _run(schema_editor, sql: dict[str, str]) -> None:
    statement = sql.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement.strip(), params=None)


def forwards(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP})


def backwards(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN})


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_log")]

    operations = [migrations.RunPython(forwards, backwards)]
