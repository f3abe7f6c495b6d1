"""Writing new rows on PostgreSQL with fewer round trips.

``insert_in_one_statement``: several new rows in one statement.

A request that creates a handful of related rows pays, through ``Model.save()``, one round trip
per row plus BEGIN and COMMIT, and PostgreSQL parses each statement apart. Data-modifying CTEs
put the INSERTs in one statement, which in autocommit is also its own transaction. The SQL of
each INSERT is still Django's own (``InsertQuery``), so field defaults, ``auto_now`` and value
conversion are exactly what ``save()`` would do.

``ReservedIds``: primary keys taken from a table's sequence several at a time, for rows whose
other columns are made from their own id (a ticket's reference) and so need it before the
INSERT.
"""

import os
from collections import deque

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.models.sql import InsertQuery


def insert_in_one_statement(*objs: Model) -> None:
    """INSERT the new instances ``objs`` in one statement and set their primary keys.

    PostgreSQL only (SQLite has no data-modifying CTEs). A foreign key between the rows must
    already hold its value (an id taken from the sequence beforehand); the constraints are
    checked at the end of the statement. ``save()`` is not called, so neither are overrides
    of it nor ``pre_save``/``post_save`` receivers: use it only for models that have none."""
    # The connection itself: the ``django.db.connection`` proxy costs a thread-local lookup on
    # each of the compiler's hundred-odd uses.
    connection = connections[DEFAULT_DB_ALIAS]
    ctes: list[str] = []
    params: list[object] = []
    for index, obj in enumerate(objs):
        meta = obj._meta
        pk_set = obj.pk is not None
        fields = [
            f
            for f in meta.local_concrete_fields
            if not f.generated and (pk_set or f is not meta.auto_field)
        ]
        query = InsertQuery(type(obj))
        query.insert_values(fields, [obj])
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = [meta.pk]
        [(sql, values)] = compiler.as_sql()
        ctes.append(f"row{index} AS ({sql})")
        params.extend(values)
    pks = ", ".join(f"(SELECT * FROM row{index})" for index in range(len(objs)))  # noqa: S608
    with connection.cursor() as cursor:
        # Only Django's compiled SQL and fixed names; every value is a parameter.
        cursor.execute(f"WITH {', '.join(ctes)} SELECT {pks}", params)
        row = cursor.fetchone()
    for obj, pk in zip(objs, row, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


class ReservedIds:
    """Ids from ``model``'s sequence, fetched ``batch`` at a time and handed out one by one in
    this process (one round trip per ``batch`` new rows). They are unique; across processes
    they are not in creation order, and a process that exits leaves the rest unused (gaps in
    the sequence happen anyway when an INSERT fails)."""

    def __init__(self, model: type[Model], *, batch: int = 20) -> None:
        self.model = model
        self.batch = batch
        self._ids: deque[int] = deque()
        self._pid = os.getpid()

    def take(self) -> int:
        if self._pid != os.getpid():
            # A forked child must not hand out the ids its parent may use too.
            self._ids = deque()
            self._pid = os.getpid()
        try:
            return self._ids.popleft()  # atomic: threads never get the same id
        except IndexError:
            pass
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [self.model._meta.db_table, self.model._meta.pk.column, self.batch],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
        self._ids.extend(ids[1:])
        return ids[0]
