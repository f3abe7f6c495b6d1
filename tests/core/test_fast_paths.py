"""Each performance shortcut gives what the plain Django way gives (STYLE.md, "Fast paths are
contained"). The tests compare outcomes, never which path ran."""

import gc
import weakref

import pytest
from django.db import connection

from core import db, memo, topics
from core.models import Topic
from helpcenter import gc_tuning
from tests.tickets.factories import CategoryFactory, png_bytes
from tickets import services
from tickets.models import Notification, Ticket, TicketEvent, TicketMessage

pytestmark = pytest.mark.django_db(transaction=True)

UNSTABLE = {"id", "created_at", "updated_at", "slug", "reference", "ticket_id", "portal_key"}


def row(model, pk, *, drop=UNSTABLE):
    values = model.objects.filter(pk=pk).values().get()
    return {k: v for k, v in values.items() if k not in drop}


@pytest.mark.postgresql
def test_rows_inserted_in_one_statement_equal_the_rows_save_writes(topic_fields):
    fast = Topic(slug="fast", **topic_fields)
    plain = Topic(slug="plain", **topic_fields)

    db.insert_in_one_statement(fast)
    plain.save()

    assert fast.pk is not None
    assert fast.pk != plain.pk
    assert row(Topic, fast.pk) == row(Topic, plain.pk)
    stored = Topic.objects.get(pk=fast.pk)
    assert stored.created_at is not None
    assert stored.updated_at is not None


@pytest.mark.postgresql
def test_a_callable_row_is_made_once_the_rows_before_it_have_the_values_they_are_written_with(
    topic_fields,
):
    first = Topic(slug="first", **topic_fields)
    seen = {}

    def recording():
        seen["updated_at"] = first.updated_at  # set by pre_save, as written
        return Topic(slug="record", **{**topic_fields, "name_en": str(first.updated_at)})

    db.insert_in_one_statement(first, recording)

    record = Topic.objects.get(slug="record")
    assert seen["updated_at"] is not None
    assert Topic.objects.get(pk=first.pk).updated_at == seen["updated_at"]
    assert record.name_en == str(seen["updated_at"])


@pytest.mark.postgresql
def test_reserved_ids_are_unique_across_processes_and_leave_save_its_own():
    first, second = db.ReservedIds(Topic, batch=5), db.ReservedIds(Topic, batch=5)

    taken = [first.take() for _ in range(7)] + [second.take() for _ in range(7)]
    plain = Topic.objects.create(slug="after", name_zh_hans="后", name_en="After")

    assert len(set(taken)) == 14
    assert plain.pk not in taken


def test_a_request_made_the_quick_way_has_the_rows_of_one_made_the_general_way(
    category, time_machine
):
    time_machine.move_to("2026-11-30 10:00:00+08:00", tick=False)
    common = {
        "category": category,
        "subject": "Payment failed",
        "description": "The payment failed although my balance is enough.",
        "name": "Ana",
        "language": "zh-hans",
        "transaction_number": "TX-2026-0001",
        "error_message": "Card declined (51)",
    }
    quick = services.ticket_create(email="a@example.com", **common)
    # Attachments always take the general path (the files are written in its transaction).
    general = services.ticket_create(email="a@example.com", uploads=[_png()], **common)

    assert row(Ticket, quick.pk) == row(Ticket, general.pk)
    for model in (TicketMessage, TicketEvent, Notification):
        quick_row = model.objects.filter(ticket=quick).values_list("pk", flat=True).get()
        general_row = model.objects.filter(ticket=general).values_list("pk", flat=True).get()
        drop = UNSTABLE | {"new_value", "idempotency_key", "has_attachments"}
        assert row(model, quick_row, drop=drop) == row(model, general_row, drop=drop)


def test_the_topics_memo_follows_a_change_made_by_another_process(monkeypatch):
    kept = CategoryFactory(slug="refunds", name_en="Refunds")
    assert [t.name_en for t in topics.active()] == ["Refunds"]

    # Another process's write: no receiver of this process runs.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Topic._meta.db_table} SET name_en = %s WHERE id = %s",  # noqa: S608
            ["Refunds and returns", kept.pk],
        )
    clock = [memo.time.monotonic()]
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock[0])
    clock[0] += 10.0 + 0.001  # the memo's lifetime later

    assert [t.name_en for t in topics.active()] == ["Refunds and returns"]


def test_an_edit_in_this_process_is_seen_at_once():
    kept = CategoryFactory(slug="refunds", name_en="Refunds")
    assert [t.name_en for t in topics.active()] == ["Refunds"]

    kept.name_en = "Refunds and returns"
    kept.save()

    assert [t.name_en for t in topics.active()] == ["Refunds and returns"]


def test_processes_tuned_for_many_connections_still_free_reference_cycles():
    gc_tuning.tune_for_many_connections()
    try:
        cycle = [[]]
        cycle[0].append(cycle)
        ref = weakref.ref(_Holder(cycle))
        gc.collect()

        assert ref() is None
    finally:
        gc.unfreeze()
        gc.set_threshold(700, 10, 10)


class _Holder:
    def __init__(self, payload: object) -> None:
        self.me = self
        self.payload = payload


def _png():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("shot.png", png_bytes(), content_type="image/png")


def _comparable(values):
    # JSON columns are sent as psycopg adapters, which do not compare by value.
    return [getattr(v, "adapted", v) for v in values]


@pytest.mark.postgresql
def test_values_sent_without_conversion_equal_the_converted_ones(
    category, monkeypatch, time_machine
):
    # core.db._values_fast skips get_db_prep_save for text, integers, booleans, None and aware
    # datetimes.
    time_machine.move_to("2026-11-30 10:00:00+08:00", tick=False)
    compared = []
    fast = db._insert

    def both(obj, connection):
        sql, values = fast(obj, connection)
        if (type(obj), obj.pk is not None) in db._INSERTS:
            plain_sql, plain = db._insert_plain(obj, connection)
            assert (sql, _comparable(values)) == (plain_sql, _comparable(plain)), type(obj)
            compared.append(type(obj))
        return sql, values

    monkeypatch.setattr(db, "_insert", both)
    for n in range(3):
        services.ticket_create(
            category=category,
            subject=f"Payment failed {n}",
            description="The payment failed although my balance is enough.",
            email=f"a{n}@example.com",
            name="Ana",
            language="zh-hans",
            transaction_number="TX-2026-0001" if n else "",
            details={} if n == 1 else None,
        )

    assert {Ticket, TicketMessage, TicketEvent, Notification} <= set(compared)
