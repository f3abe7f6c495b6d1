"""core.new_rows.new_row(Model, **values) is Model(**values): the same attributes, the same
cached related objects and database, for every model and call a new request makes; and the
calls and models it does not mirror are left to Django."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db.models.signals import post_init

from api.models import IdempotentRequest
from core.new_rows import new_row
from insights.models import Event
from tests.factories import UserFactory
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets.models import Notification, Ticket, TicketEvent, TicketMessage

pytestmark = pytest.mark.django_db


def _same(made: Any, plain: Any) -> None:
    assert type(made) is type(plain)
    mine, theirs = dict(vars(made)), dict(vars(plain))
    state, their_state = mine.pop("_state"), theirs.pop("_state")
    assert mine.keys() == theirs.keys()
    made_anew = {
        f.attname
        for f in type(plain)._meta.concrete_fields
        if f.has_default() and callable(f.default)
    }
    for name, value in theirs.items():
        if isinstance(value, datetime):  # a default of "now", a moment apart
            assert abs(mine[name] - value) < timedelta(seconds=5), name
        elif name in made_anew and isinstance(value, str):  # a random default (a secret)
            assert type(mine[name]) is str, name
            assert len(mine[name]) == len(value), name
            assert mine[name] != value, name  # called for this row, not shared
        else:
            assert mine[name] == value, name
            assert type(mine[name]) is type(value), name
    assert (state.adding, state.db) == (their_state.adding, their_state.db)
    assert vars(state).keys() == vars(their_state).keys()  # fields_cache made or not
    if "fields_cache" in vars(their_state):
        assert state.fields_cache.keys() == their_state.fields_cache.keys()
        for name, related in their_state.fields_cache.items():
            assert state.fields_cache[name] is related


def _calls():
    topic = CategoryFactory()
    customer = UserFactory()
    ticket = TicketFactory(category=topic, customer=customer)
    message = TicketMessage.objects.create(ticket=ticket, author=customer, body="Hello there")
    unsaved = Ticket(id=10**9, category=topic, subject="Unsaved")
    return {
        "a new request": (
            Ticket,
            {
                "id": 10**9 + 1,
                "category": topic,
                "priority": Ticket.Priority.NORMAL,
                "subject": "Top-up not credited",
                "customer_email": "li.na@example.com",
                "customer_name": "Li Na",
                "language": Ticket.Language.ZH_HANS,
                "customer": customer,
                "transaction_number": "TXN-1",
                "error_message": "",
                "details": {"amount": "200"},
                "source": Ticket.Source.API,
                "created_at": datetime(2026, 12, 2, 3, 0, tzinfo=ticket.created_at.tzinfo),
            },
        ),
        "a guest's request (no customer)": (Ticket, {"category": topic, "customer": None}),
        "an id instead of the object": (Ticket, {"category_id": topic.pk, "subject": "x"}),
        "defaults only": (Ticket, {}),
        "its first message": (
            TicketMessage,
            {"ticket": unsaved, "author": None, "author_kind": "customer", "body": "Hi"},
        ),
        "its event": (
            TicketEvent,
            {
                "ticket": ticket,
                "actor": customer,
                "kind": "created",
                "old_value": "",
                "new_value": "R",
            },
        ),
        "its notification": (
            Notification,
            {
                "idempotency_key": "created:1",
                "kind": Notification.Kind.CREATED,
                "ticket": ticket,
                "recipient": None,
                "recipient_email": "li.na@example.com",
                "language": "en",
                "message": message,
            },
        ),
        "an insights event": (
            Event,
            {"kind": "created", "visitor": "v", "ticket_id": ticket.pk, "data": {"a": 1}},
        ),
        "a key's record": (
            IdempotentRequest,
            {"credential": "key:1", "key": "k", "request_hash": "h"},
        ),
    }


def test_new_rows_equal_the_constructor():
    for case, (model, values) in _calls().items():
        try:
            _same(new_row(model, **values), model(**values))
        except AssertionError as failed:
            raise AssertionError(case) from failed


@pytest.mark.parametrize(
    "values",
    [
        {"not_a_field": 1},
        {"category": "not a topic"},
        {"category_id": 1, "category": None},
    ],
)
def test_calls_it_does_not_mirror_are_djangos(values):
    def outcome(make):
        try:
            return make()
        except Exception as exc:
            return type(exc), str(exc)

    mine = outcome(lambda: new_row(Ticket, **values))
    theirs = outcome(lambda: Ticket(**values))
    if isinstance(theirs, tuple):
        assert mine == theirs
    else:
        _same(mine, theirs)


def test_a_model_with_init_receivers_is_made_by_django():
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=IdempotentRequest)
    try:
        from core import new_rows

        new_rows._plans.pop(IdempotentRequest, None)
        made = new_row(IdempotentRequest, credential="c", key="k", request_hash="h")
    finally:
        post_init.disconnect(receiver, sender=IdempotentRequest)
        new_rows._plans.pop(IdempotentRequest, None)
    assert seen == [made]
