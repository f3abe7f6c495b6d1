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

``fetchone_prepared``: a statement run often (those INSERTs) prepared once per database
session, so PostgreSQL does not parse, analyse and plan it again at every request.

``skip_health_check_when_recent``: CONN_HEALTH_CHECKS costs a ``SELECT 1`` round trip at the
start of every request; a connection that finished a request a moment ago skips it.
"""

import datetime as dt
import itertools
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.sql import InsertQuery

# (model, primary key given?) -> (columns, INSERT … RETURNING SQL with one %s per column).
_INSERTS: dict[tuple[type[Model], bool], tuple[list[Field], str]] = {}
# (model, primary key given?) -> per column: (attname, the types its value may have to be sent
# as it is, or None: always through ``pre_save`` and ``get_db_prep_save``).
_CONVERSIONS: dict[tuple[type[Model], bool], list[tuple[str, tuple[type, ...] | None]]] = {}
_NONE = type(None)
# A ``DateTimeField``'s value after its ``pre_save`` (``auto_now`` sets it) is sent as it is when
# it is an aware datetime on PostgreSQL: ``get_prep_value`` changes only naive ones, and
# PostgreSQL's ``adapt_datetimefield_value`` gives its argument back.
_DATETIME = (dt.datetime,)


def _kept_as_they_are(field: Field) -> tuple[type, ...] | None:
    """The value types that ``field``'s ``pre_save`` + ``get_db_prep_save`` give back unchanged
    (so converting them can be skipped), or None. Only Django's own field classes whose
    ``pre_save`` is a plain read: text stays text, an int an int, a bool a bool, None None;
    and ``DateTimeField`` (``_DATETIME``), after its own ``pre_save``.
    ``tests/core/test_fast_paths.py`` holds every model's columns equal to the plain way."""
    if type(field) is models.DateTimeField:
        return _DATETIME
    if type(field).pre_save is not Field.pre_save:
        return None
    if isinstance(field, models.ForeignKey):
        target = field.target_field
        return _kept_as_they_are(target) if not target.is_relation else None
    kind = type(field)
    if kind in (models.CharField, models.TextField, models.EmailField, models.SlugField):
        return (str, _NONE)
    if kind in (
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.PositiveBigIntegerField,
        models.AutoField,
        models.BigAutoField,
    ):
        return (int, _NONE)
    if kind is models.BooleanField:
        return (bool, _NONE)
    return None


def _values_fast(
    obj: Model, fields: list[Field], connection: BaseDatabaseWrapper
) -> list[object] | None:
    """``[f.get_db_prep_save(f.pre_save(obj, add=True)) for f in fields]`` skipping the
    conversions that change nothing (``_kept_as_they_are``); None if a value is an expression
    (the compiler handles those)."""
    key = (type(obj), obj.pk is not None)
    conversions = _CONVERSIONS.get(key)
    if conversions is None:
        conversions = _CONVERSIONS[key] = [(f.attname, _kept_as_they_are(f)) for f in fields]
    values: list[object] = []
    state = obj.__dict__
    postgresql = connection.vendor == "postgresql"
    for field, (attname, kept) in zip(fields, conversions, strict=True):
        if kept is _DATETIME:
            value = field.pre_save(obj, add=True)
            if postgresql and type(value) is dt.datetime and value.tzinfo is not None:
                values.append(value)
                continue
        elif kept is not None and attname in state and type(value := state[attname]) in kept:
            values.append(value)
            continue
        else:
            value = field.pre_save(obj, add=True)
        if hasattr(value, "resolve_expression"):
            return None
        values.append(field.get_db_prep_save(value, connection=connection))
    return values


def _insert(obj: Model, connection: BaseDatabaseWrapper) -> tuple[str, list[object]]:
    """The INSERT of ``obj`` and its parameters. Django's compiler makes the SQL once per model;
    later rows only convert their values, as the compiler would (``pre_save`` then
    ``get_db_prep_save``, ``_values_fast``). A value that is an expression goes through the
    compiler."""
    meta = obj._meta
    pk_set = obj.pk is not None
    cached = _INSERTS.get((type(obj), pk_set))
    if cached is not None:
        fields, sql = cached
        values = _values_fast(obj, fields, connection)
        if values is not None:
            return sql, values
    else:
        fields = [
            f
            for f in meta.local_concrete_fields
            if not f.generated and (pk_set or f is not meta.auto_field)
        ]
    query = InsertQuery(type(obj))
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk]
    [(sql, params)] = compiler.as_sql()
    if sql.count("%s") == len(fields) == len(params):  # plain placeholders: reusable
        _INSERTS[type(obj), pk_set] = (fields, sql)
    return sql, list(params)


def _insert_plain(obj: Model, connection: BaseDatabaseWrapper) -> tuple[str, list[object]]:
    """``_insert`` converting every value (the way ``_values_fast`` shortcuts), for tests."""
    fields, sql = _INSERTS[type(obj), obj.pk is not None]
    return sql, [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]


def made(row: Model | Callable[[], Model]) -> Model:
    """A row given to ``insert_in_one_statement`` (or saved one by one the plain way): the
    instance itself, or the one its callable makes when its turn comes."""
    return row if isinstance(row, Model) else row()


def insert_in_one_statement(
    *objs: Model | Callable[[], Model],
    lookup: tuple[str, list[object]] | None = None,
    from_lookup: dict[int, set[str]] | None = None,
) -> object:
    """INSERT the new instances ``objs`` in one statement and set their primary keys.

    A callable in ``objs`` makes its row when its turn comes, once the rows before it have
    their final values (``pre_save``: ``auto_now`` timestamps), for a row that records them
    (an API answer showing the new rows, ``api.idempotency``); their primary keys are known
    then only if they were given (``ReservedIds``).

    PostgreSQL only (SQLite has no data-modifying CTEs). A foreign key between the rows must
    already hold its value (an id taken from the sequence beforehand); the constraints are
    checked at the end of the statement. ``save()`` is not called, so neither are overrides
    of it nor ``pre_save``/``post_save`` receivers: use it only for models that have none.

    ``lookup``: a SELECT of one column (SQL, parameters) that the same statement runs first;
    ``from_lookup`` ({index in ``objs``: {field attnames}}) names the columns that take its
    value (NULL when it finds no row) instead of the instance's. Those attributes are set on
    the instances afterwards, and the value is returned (None without a lookup)."""
    # The connection itself: the ``django.db.connection`` proxy costs a thread-local lookup on
    # each of the compiler's hundred-odd uses.
    connection = connections[DEFAULT_DB_ALIAS]
    ctes: list[str] = []
    params: list[object] = []
    if lookup is not None:
        ctes.append(f"lookup AS ({lookup[0]})")
        params.extend(lookup[1])
    from_lookup = from_lookup or {}
    rows: list[Model] = []
    for index, given in enumerate(objs):
        obj = made(given)
        rows.append(obj)
        sql, values = _insert(obj, connection)
        if index in from_lookup:
            sql, values = _from_lookup(obj, sql, values, from_lookup[index])
        ctes.append(f"row{index} AS ({sql})")
        params.extend(values)
    pks = ", ".join(f"(SELECT * FROM row{index})" for index in range(len(objs)))  # noqa: S608
    if lookup is not None:
        pks += ", (SELECT * FROM lookup)"
    # Only Django's compiled SQL, the caller's fixed SQL and names; values are parameters.
    row = fetchone_prepared(connection, f"WITH {', '.join(ctes)} SELECT {pks}", params)
    found = row[len(objs)] if lookup is not None else None
    for index, (obj, pk) in enumerate(zip(rows, row[: len(rows)], strict=True)):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
        for attname in from_lookup.get(index, ()):
            setattr(obj, attname, found)  # a foreign key's id: the related object loads lazily
    return found


logger = logging.getLogger(__name__)

# Prepared statements a database session keeps at most (one per shape of statement: the few
# kinds of new request); past it, statements run the plain way.
PREPARED_PER_SESSION = 64
_unpreparable: set[str] = set()
_names = itertools.count(1)
_PREFIX = "helpcenter_"


def fetchone_prepared(
    connection: BaseDatabaseWrapper, sql: str, params: list[object]
) -> tuple[object, ...] | None:
    """``cursor.execute(sql, params); cursor.fetchone()`` with ``sql`` run as a server-side
    prepared statement, prepared the first time this database session sees it: PostgreSQL then
    skips parsing, analysing and (after a few runs, with its generic plan) planning it, most of
    its own CPU for a request's INSERT statement (docs/performance.md). The values still go as
    psycopg2 quotes them, coerced to the types the statement's columns have.

    ``PREPARE`` is not undone by a rollback, so a session's statements are known for its life;
    a new connection starts without any. A statement PostgreSQL refuses to prepare runs the
    plain way from then on (preparing it inside a transaction takes a savepoint, which leaves
    the transaction usable). ``tests/core/test_prepared.py`` holds the rows equal to the plain
    way."""
    with connection.cursor() as cursor:
        name = _prepared(connection, cursor, sql) if connection.vendor == "postgresql" else None
        if name is None:
            cursor.execute(sql, params)
        else:
            marks = ", ".join(["%s"] * len(params))
            cursor.execute(f"EXECUTE {name} ({marks})" if params else f"EXECUTE {name}", params)
        return cursor.fetchone()


def prepared_statements(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """This database session's prepared statements, SQL -> name (none on a new connection)."""
    raw = connection.connection
    kept = getattr(connection, "helpcenter_prepared", None)
    if kept is None or kept[0] is not raw:
        kept = connection.helpcenter_prepared = (raw, {})
    return kept[1]


def sql_run(connection: BaseDatabaseWrapper, queries: Iterable[dict[str, Any]]) -> list[str]:
    """The SQL of queries captured on ``connection`` (``CaptureQueriesContext``), as tests and
    profiles read it: an ``EXECUTE`` of a prepared statement as the statement it ran (with its
    placeholders), the ``PREPARE`` itself left out (once per session)."""
    by_name = {name: sql for sql, name in prepared_statements(connection).items()}
    texts = []
    for query in queries:
        text = query["sql"]
        if text.startswith(f"PREPARE {_PREFIX}"):
            continue
        if text.startswith(f"EXECUTE {_PREFIX}"):
            text = by_name.get(text.split(" ", 2)[1], text)
        texts.append(text)
    return texts


def _numbered(sql: str) -> str | None:
    """``sql`` with its ``%s`` as ``$1``, ``$2``…; None when it holds any other ``%``."""
    pieces = sql.split("%s")
    if any("%" in piece for piece in pieces):
        return None
    return pieces[0] + "".join(f"${n}{piece}" for n, piece in enumerate(pieces[1:], 1))


def _prepared(connection: BaseDatabaseWrapper, cursor: object, sql: str) -> str | None:
    if sql in _unpreparable:
        return None
    statements = prepared_statements(connection)
    name = statements.get(sql)
    if name is not None or len(statements) >= PREPARED_PER_SESSION:
        return name
    text = _numbered(sql)
    if text is None:
        _unpreparable.add(sql)
        return None
    name = f"{_PREFIX}{next(_names)}"  # unique in the process: never one the session has
    try:
        with transaction.atomic(using=connection.alias):
            cursor.execute(f"PREPARE {name} AS {text}")
    except DatabaseError:
        logger.warning("Not prepared, run the plain way: %.200s", sql, exc_info=True)
        _unpreparable.add(sql)
        return None
    statements[sql] = name
    return name


_FROM_LOOKUP: dict[tuple[type[Model], bool, frozenset[str]], tuple[str, list[bool]]] = {}


def _from_lookup(
    obj: Model, sql: str, values: list[object], attnames: set[str]
) -> tuple[str, list[object]]:
    """``obj``'s INSERT with the columns ``attnames`` taken from the ``lookup`` CTE (the SQL
    made once per model and columns)."""
    key = (type(obj), obj.pk is not None, frozenset(attnames))
    made = _FROM_LOOKUP.get(key)
    if made is None:
        fields = _INSERTS[key[:2]][0]
        pieces = sql.split("%s")
        if not (len(pieces) - 1 == len(fields) == len(values)):
            raise ValueError(f"{type(obj).__name__}'s INSERT has no plain placeholders")
        names = {f.attname for f in fields}
        if not attnames <= names:
            raise ValueError(f"{type(obj).__name__} has no columns {sorted(attnames - names)}")
        out = [pieces[0]]
        keep = []
        for field, piece in zip(fields, pieces[1:], strict=True):
            keep.append(field.attname not in attnames)
            out.extend(("%s" if keep[-1] else "(SELECT * FROM lookup)", piece))
        made = _FROM_LOOKUP[key] = ("".join(out), keep)
    sql, keep = made
    return sql, [value for value, kept in zip(values, keep, strict=True) if kept]


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

    def available(self) -> bool:
        """Whether ``take`` gives ids (the database has sequences: PostgreSQL)."""
        return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"

    def take(self) -> int | None:
        """The next reserved id, or None where the database has no sequence to reserve from
        (SQLite): the caller then lets the INSERT choose the id."""
        if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
            return None
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


# A connection that served a request this recently is taken as healthy.
RECENTLY_USED_SECONDS = 1.0


def remember_request_end(**kwargs: object) -> None:
    """``request_finished`` receiver (after Django's own, which closes broken connections)."""
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            connection.helpcenter_finished_at = now


def skip_health_check_when_recent(**kwargs: object) -> None:
    """``request_started`` receiver (after Django's ``close_old_connections``). A busy worker
    finishes requests back to back; checking its connection each time adds a round trip to
    every request and finds nothing. After a pause, or a request that left a database error
    (Django then checks and closes the connection itself), the check runs as configured; a
    database restarted within the second fails that worker's next request."""
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        finished_at = getattr(connection, "helpcenter_finished_at", None)
        if (
            connection.connection is not None
            and finished_at is not None
            and now - finished_at < RECENTLY_USED_SECONDS
        ):
            connection.health_check_done = True
