"""Kept statements: a ``values_list`` query of a fixed shape compiled to SQL once per process,
then run with each call's values.

Django builds and compiles a queryset on every evaluation: the filter tree, the joins, the SQL
text. For the staff inbox's row queries, read on every page by every agent, that costs more
CPU than the database spends answering them (docs/performance.md, "Kept statements").
``kept_rows`` compiles a shape once and afterwards only substitutes the values.

It is safe only for values that flow into the statement's parameters and nowhere else, so the
first call checks it: it compiles ``build`` twice, with two sets of stand-in values, and refuses
(``NotKeepable``) a query whose SQL text changes with the values, or one with a parameter
derived from a value (``now - 7 days`` must be passed as a value of its own). Everything that
decides the SQL's text (which view, the slice's limit, which filters are set) belongs in
``shape``. Held equal to the plain evaluation by tests/core/test_kept_query.py.
"""

import copy
import datetime as dt
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import NamedValuesListIterable, ValuesListIterable
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.utils import create_namedtuple_class

Value = int | str | dt.datetime
_INT_STAND_IN = -7_340_000_000  # far from any id or count a query compares with


class NotKeepable(Exception):
    """``build`` is not a fixed shape with its values in its parameters only."""


@dataclass(frozen=True)
class _Kept:
    sql: str
    # For each parameter: (index of the value, how the lookup adapts it) or (None, a constant).
    slots: tuple[tuple[int | None, Any], ...]
    compiler: SQLCompiler
    row_class: type | None  # a named tuple for values_list(named=True)
    types: tuple[type, ...]  # of the values it was compiled for


ALIAS = "default"  # the inbox reads through the default database (no router)
_kept: dict[Hashable, _Kept] = {}
_lock = threading.Lock()


def kept_rows(shape: Hashable, build: Callable[..., QuerySet], *values: Value) -> list[Any]:
    """``list(build(*values))`` for a ``values_list`` queryset (plain or named tuples) on the
    default database, with the SQL of ``shape`` compiled once per process (see the module's
    text)."""
    kept = _kept.get(shape)
    if kept is None:
        kept = _compile(build, values)
        with _lock:
            kept = _kept.setdefault(shape, kept)
    if tuple(map(type, values)) != kept.types:
        raise NotKeepable(f"{shape!r} was kept for values of other types (a None decides the SQL)")
    params = [
        adapt_or_constant(values[index]) if index is not None else adapt_or_constant
        for index, adapt_or_constant in kept.slots
    ]
    connection = connections[ALIAS]
    with connection.cursor() as cursor:
        cursor.execute(kept.sql, params)
        fetched = cursor.fetchall()
    compiler = copy.copy(kept.compiler)
    compiler.connection = connection
    if compiler.has_extra_select:  # columns added for the ordering, as Django trims them
        fetched = [row[: compiler.col_count] for row in fetched]
    rows = compiler.results_iter(results=[fetched], tuple_expected=True)
    if kept.row_class is None:
        return list(rows)
    new = tuple.__new__
    return [new(kept.row_class, row) for row in rows]


def _stand_ins(values: tuple[Value, ...], round_: int) -> list[Value]:
    out: list[Value] = []
    for index, value in enumerate(values):
        if value is None or isinstance(value, bool):
            raise NotKeepable(f"value {index} is {value!r}: it would decide the SQL's text")
        if isinstance(value, int):
            out.append(_INT_STAND_IN - 1000 * round_ - index)
        elif isinstance(value, dt.datetime):
            # Aware or naive like the value: a lookup adapts both kinds differently.
            out.append(dt.datetime(1901 + round_, 2, 3, 4, 5, 6, 1000 + index, tzinfo=value.tzinfo))
        elif isinstance(value, str):
            out.append(f"\x1fkept-{round_}-{index}\x1f")
        else:
            raise NotKeepable(f"value {index} is a {type(value).__name__}")
    return out


def _compile(build: Callable[..., QuerySet], values: tuple[Value, ...]) -> _Kept:
    connection = connections[ALIAS]
    adapt_datetime = connection.ops.adapt_datetimefield_value
    compiled = []
    for round_ in (1, 2):
        stand_ins = _stand_ins(values, round_)
        queryset = build(*stand_ins)
        if queryset._iterable_class not in (ValuesListIterable, NamedValuesListIterable):
            raise NotKeepable("only values_list querysets are kept")
        if queryset.db != ALIAS:
            raise NotKeepable(f"only the {ALIAS} database")
        compiler = queryset.query.get_compiler(ALIAS)
        sql, params = compiler.as_sql()
        compiled.append((stand_ins, queryset, compiler, sql, tuple(params)))
    (ins_1, queryset, compiler, sql, params_1), (ins_2, _q, _c, sql_2, params_2) = compiled
    if sql != sql_2 or len(params_1) != len(params_2):
        raise NotKeepable("the SQL's text changes with the values: name what decides it in shape")
    slots: list[tuple[int | None, Any]] = []
    for first, second in zip(params_1, params_2, strict=True):
        slot = _slot(first, second, ins_1, ins_2, adapt_datetime)
        if slot is None:
            if type(first) is not type(second) or first != second:
                raise NotKeepable(f"parameter {first!r} is derived from a value")
            slot = (None, first)
        slots.append(slot)
    row_class = None
    if queryset._iterable_class is NamedValuesListIterable:
        row_class = create_namedtuple_class(*queryset._fields)
    return _Kept(
        sql=sql,
        slots=tuple(slots),
        compiler=compiler,
        row_class=row_class,
        types=tuple(map(type, values)),
    )


def _identity(value: Any) -> Any:
    return value


def _slot(
    first: Any, second: Any, ins_1: list[Value], ins_2: list[Value], adapt_datetime: Callable
) -> tuple[int, Callable] | None:
    """Which value this parameter carries, and how the lookup adapted it, if any."""
    for index, (one, two) in enumerate(zip(ins_1, ins_2, strict=True)):
        adapts = [_identity]
        if isinstance(one, dt.datetime):
            adapts.append(adapt_datetime)
        for adapt in adapts:
            a, b = adapt(one), adapt(two)
            if type(first) is type(a) and first == a and type(second) is type(b) and second == b:
                return index, adapt
    return None
