"""A cheaper end for transactional tests: empty the tables that hold rows, not every table.

Django ends a ``TransactionTestCase`` (pytest-django's ``transactional_db``, which every test
that starts daphne or a Celery worker uses) with ``manage.py flush``: TRUNCATE (PostgreSQL) or
DELETE (SQLite) of every table, then the ``post_migrate`` signal, which recreates every content
type and permission and re-syncs the role groups' permissions; the next test's ``_role_groups``
fixture then recreates the groups. On PostgreSQL that was about 0.2 s of TRUNCATE and 0.4 s of
``post_migrate`` per test, for some two hundred tests a pass.

Here the database ends in the same state, for less:

- the tables that hold rows are emptied (one query finds them), the empty ones are left alone;
- the rows ``migrate`` creates and every test starts from (content types, permissions, the
  role groups and their permissions) are kept when the test left them as it found them: same
  number of rows and same highest id in each of those tables (ids are never reused, so an
  insert or a delete always shows). Then ``post_migrate`` has nothing to recreate and is not
  sent;
- a test that changed content types or permissions gets Django's own flush, as before; one that
  changed only the groups gets them emptied, and ``_role_groups`` recreates them, as before.

Tests that ask for ``available_apps`` or ``serialized_rollback`` keep Django's flush unchanged.
"""

from django.db import connections
from django.test import TransactionTestCase

# Created by migrate (and post_migrate): the state every test starts from.
MIGRATION_DATA = ("django_content_type", "auth_permission")
ROLE_GROUPS = ("auth_group", "auth_group_permissions")
KEPT = (*MIGRATION_DATA, *ROLE_GROUPS)

_django_setup = TransactionTestCase._fixture_setup
_django_teardown = TransactionTestCase._fixture_teardown


def _fingerprint(connection) -> dict[str, tuple]:
    quote = connection.ops.quote_name
    query = " UNION ALL ".join(
        f"SELECT '{table}', COUNT(*), MAX(id) FROM {quote(table)}"  # noqa: S608 - model tables
        for table in KEPT
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return {table: (count, top) for table, count, top in cursor.fetchall()}


def _tables_with_rows(connection) -> list[str]:
    quote = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    query = " UNION ALL ".join(
        f"SELECT '{table}' FROM (SELECT 1 FROM {quote(table)} LIMIT 1) AS t{n}"  # noqa: S608
        for n, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return [row[0] for row in cursor.fetchall()]


def _uses_django_flush(case: TransactionTestCase | type[TransactionTestCase]) -> bool:
    return case.available_apps is not None or case.serialized_rollback


def _fixture_setup(cls: type[TransactionTestCase]) -> None:
    _django_setup.__func__(cls)
    if _uses_django_flush(cls):
        return
    cls._kept_rows = {
        name: _fingerprint(connections[name])
        for name in cls._databases_names(include_mirrors=False)
    }


def _fixture_teardown(self: TransactionTestCase) -> None:
    if _uses_django_flush(self) or not hasattr(self, "_kept_rows"):
        return _django_teardown(self)
    for name in self._databases_names(include_mirrors=False):
        connection = connections[name]
        now = _fingerprint(connection)
        before = self._kept_rows[name]
        if any(now[table] != before[table] for table in MIGRATION_DATA):
            _django_flush(self, name)
            continue
        keep = set(MIGRATION_DATA)
        if all(now[table] == before[table] for table in ROLE_GROUPS):
            keep.update(ROLE_GROUPS)
        tables = [table for table in _tables_with_rows(connection) if table not in keep]
        if tables:
            connection.ops.execute_sql_flush(_emptying(connection, tables))


_guarded: dict[str, set[str]] = {}


def _emptying(connection, tables: list[str]) -> list[str]:
    """DELETE, not PostgreSQL's TRUNCATE: a few rows in a few tables is the usual case, and
    TRUNCATE (new files for each table and its indexes) cost four times as much. Every table
    with rows is in the list and Django's foreign keys are deferred to the commit, so the
    order does not matter. Tables with triggers of their own (the append-only audit log
    refuses DELETE) are truncated, first. SQLite's flush is DELETE already."""
    if connection.vendor != "postgresql":
        from django.core.management.color import no_style

        return connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    if connection.alias not in _guarded:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE NOT t.tgisinternal"
            )
            _guarded[connection.alias] = {row[0] for row in cursor.fetchall()}
    quote = connection.ops.quote_name
    truncated = [quote(table) for table in tables if table in _guarded[connection.alias]]
    statements = [f"TRUNCATE {', '.join(truncated)} CASCADE"] if truncated else []
    return statements + [
        f"DELETE FROM {quote(table)}"  # noqa: S608 - the models' tables
        for table in tables
        if table not in _guarded[connection.alias]
    ]


def _django_flush(case: TransactionTestCase, name: str) -> None:
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False, database=name, reset_sequences=False)


def install() -> None:
    TransactionTestCase._fixture_setup = classmethod(_fixture_setup)
    TransactionTestCase._fixture_teardown = _fixture_teardown
