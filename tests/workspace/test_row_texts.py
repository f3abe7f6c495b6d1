"""The inbox's shortcuts equal the plain way: row texts translated once per language, the age
written without ``timesince``, the SLA clock without ``sla_display``, rows read as tuples
instead of model instances (compared with rows built the plain way from the models), and the
whole list written in Python equal to the row template of record."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.timesince import timesince

from accounts.models import WalletIdentity
from chat.models import Conversation
from chat.serialize import display_name
from chat.services.messages import message_write
from core.i18n import localized
from macros.models import ConversationTag, TicketTag
from macros.selectors import tags_by_work, tags_of_conversation, tags_of_ticket
from tests.chat.factories import ConversationFactory, PresenceFactory, TopicFactory
from tests.factories import UserFactory
from tests.macros.factories import TagFactory
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets import selectors as ticket_selectors
from tickets import services
from tickets.console_selectors import InboxTickets, tickets_for_inbox
from tickets.models import Ticket
from workspace import selectors
from workspace.row_texts import CHANNELS, age_text, duration, row_texts, sla_clock
from workspace.rows import render_rows
from workspace.selectors import Row, row_url

LANGUAGES = ["zh-hans", "en"]
NOW = dt.datetime(2026, 3, 31, 9, 30, 15, 250000, tzinfo=dt.UTC)
# Ages around every unit's edge, across month ends (31 → 28/30 days) and years.
AGES = [
    dt.timedelta(seconds=-30),
    dt.timedelta(0),
    dt.timedelta(seconds=59, microseconds=999999),
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=59, seconds=59),
    dt.timedelta(hours=1),
    dt.timedelta(hours=23, minutes=59),
    dt.timedelta(days=1),
    dt.timedelta(days=6, hours=23),
    dt.timedelta(days=7),
    dt.timedelta(days=27, hours=23),
    dt.timedelta(days=28),
    dt.timedelta(days=30, hours=12),
    dt.timedelta(days=31),
    dt.timedelta(days=31, microseconds=1),
    dt.timedelta(days=59),
    dt.timedelta(days=364),
    dt.timedelta(days=365),
    dt.timedelta(days=366),
    dt.timedelta(days=800),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("age", AGES, ids=str)
@pytest.mark.parametrize(
    "now", [NOW, dt.datetime(2028, 2, 29, 23, 59, tzinfo=dt.UTC)], ids=["mar", "leap"]
)
def test_the_age_equals_timesince_to_one_unit(language, age, now):
    with translation.override(language):
        since = now - age
        assert age_text(since, now, row_texts()) == timesince(since, now, depth=1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_age_equals_timesince_in_another_time_zone(language):
    shanghai = dt.timezone(dt.timedelta(hours=8))
    since = dt.datetime(2026, 1, 31, 20, 0, tzinfo=dt.UTC)  # 1 February in Shanghai
    for days in range(0, 70, 3):
        now = (since + dt.timedelta(days=days, hours=5)).astimezone(shanghai)
        with translation.override(language):
            assert age_text(since, now, row_texts()) == timesince(since, now, depth=1)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("seconds", [-200000, -3600, -59, 0, 59, 61, 3599, 3600, 86399, 90061])
def test_the_time_left_equals_the_ticket_apps_duration(language, seconds):
    with translation.override(language):
        assert duration(seconds, row_texts()) == ticket_selectors.duration_text(seconds)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_row_texts_are_those_of_the_active_language(language):
    with translation.override(language):
        texts = row_texts()
        assert texts.language == language
        assert texts.guest == translation.gettext("Guest")
        assert texts.channels[Ticket.Source.EMAIL] == ("mail", str(CHANNELS["email"][1]))
        assert texts.ticket_status["pending_customer"] == str(Ticket.Status.PENDING_CUSTOMER.label)


def _read(which: str, agent) -> dict[str, object]:
    return {t.reference: t for t in tickets_for_inbox(which=which, user=agent, limit=50)}


def _sla_tickets(category, agent) -> list[Ticket]:
    """Tickets whose clock is on track, at risk, breached, on its second target, stopped."""
    on_track = TicketFactory(category=category)
    at_risk = TicketFactory(category=category)
    breached = TicketFactory(category=category)
    answered = TicketFactory(category=category)
    services.ticket_reply(ticket=answered, author=agent, body="Looking into it.")
    waiting = TicketFactory(category=category)
    services.ticket_reply(ticket=waiting, author=agent, body="Which card?")
    services.ticket_set_status(ticket=waiting, status=Ticket.Status.PENDING_CUSTOMER, by=agent)
    now = timezone.now()
    Ticket.objects.filter(pk=at_risk.pk).update(
        first_response_warn_at=now - dt.timedelta(minutes=5),
        first_response_due_at=now + dt.timedelta(minutes=20),
    )
    Ticket.objects.filter(pk=breached.pk).update(
        first_response_due_at=now - dt.timedelta(hours=2, minutes=3)
    )
    Ticket.objects.filter(pk=answered.pk).update(
        resolution_due_at=now + dt.timedelta(days=2, hours=4),
        resolution_warn_at=now + dt.timedelta(days=1),
    )
    return [Ticket.objects.get(pk=t.pk) for t in (on_track, at_risk, breached, answered, waiting)]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sla_clock_of_a_read_row_equals_sla_display(category, agent, language):
    tickets = _sla_tickets(category, agent)
    read = _read(InboxTickets.OPEN, agent)
    now = timezone.now()

    with translation.override(language):
        clocks = [sla_clock(read[t.reference], now, row_texts()) for t in tickets]
        plain = [ticket_selectors.sla_display(t, now) for t in tickets]

    assert [clock["state"] for clock in clocks] == ["ok", "at_risk", "breached", "ok", "met"]
    assert clocks == plain


def _plain_ticket_row(ticket: Ticket, now: dt.datetime) -> Row:
    """A ticket's row built from the model the plain way (gettext, timesince, sla_display)."""
    icon, channel = CHANNELS.get(ticket.source, CHANNELS[Ticket.Source.WEB])
    unread = (
        ticket.last_message_by_customer
        and ticket.assignee_id is not None
        and ticket.last_message_at is not None
        and (ticket.assignee_read_at is None or ticket.assignee_read_at < ticket.last_message_at)
    )
    return Row(
        key=f"ticket-{ticket.reference}",
        kind="ticket",
        url=row_url("workspace:ticket", ticket.reference),
        icon=icon,
        channel=str(channel),
        customer=ticket.customer_name or ticket.customer_email,
        topic=localized(ticket.category, "name"),
        title=f"{ticket.reference} · {ticket.subject}",
        preview=ticket.last_message_preview,
        preview_from_customer=ticket.last_message_by_customer,
        unread=bool(unread),
        assignee=display_name(ticket.assignee) if ticket.assignee_id else "",
        status=ticket.status,
        status_label=ticket.get_status_display(),
        at=ticket.created_at,
        age=timesince(ticket.created_at, now, depth=1),
        sla=ticket_selectors.sla_display(ticket, now)
        if ticket.status in Ticket.ACTIVE_STATUSES
        else None,
        rating=None,
        customer_id=ticket.customer_id,
        wallet_user=_wallet_user(ticket.customer_id),
        work_id=ticket.pk,
    )


def _wallet_user(customer_id: int | None) -> bool:
    return bool(customer_id) and WalletIdentity.objects.filter(pk=customer_id).exists()


def _plain_chat_row(conversation: Conversation, now: dt.datetime) -> Row:
    """A chat's row built from the model the plain way."""
    line = conversation.messages.exclude(sender_kind="system").order_by("-seq").first()
    preview = (line.body if line else "") or ""
    return Row(
        key=f"chat-{conversation.pk}",
        kind="chat",
        url=row_url("workspace:chat", conversation.pk),
        icon="chat",
        channel=str(CHANNELS[Ticket.Source.CHAT][1]),
        customer=conversation.customer_name,
        topic=localized(conversation.topic, "name") if conversation.topic_id else "",
        title="",
        preview=" ".join(preview.split())[:160],
        preview_from_customer=(line.sender_kind if line else None) != "agent",
        unread=conversation.last_seq > conversation.agent_read_seq,
        assignee=display_name(conversation.agent) if conversation.agent_id else "",
        status=conversation.status,
        status_label=conversation.get_status_display(),
        at=conversation.queued_at,
        age=timesince(conversation.queued_at, now, depth=1),
        sla=None,
        rating=conversation.rating_score,
        customer_id=conversation.customer_id,
        wallet_user=_wallet_user(conversation.customer_id),
        work_id=conversation.pk,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_rows_read_as_tuples_equal_rows_built_from_the_models(category, agent, customer, language):
    agent.first_name, agent.last_name = "Na", "Li"
    agent.save()
    tickets = _sla_tickets(category, agent)
    services.ticket_assign(ticket=tickets[0], assignee=agent, by=agent)
    services.ticket_reply(ticket=tickets[0], author=None, body="Any  news?\nStill\twaiting.")
    TicketFactory(category=category, source=Ticket.Source.EMAIL, customer=customer)
    WalletIdentity.objects.create(
        user=customer, wallet_user_id="w-42", last_signed_in_at=timezone.now()
    )
    TicketFactory(category=category, source=Ticket.Source.SOCIAL, customer=UserFactory())
    TicketFactory(
        category=CategoryFactory(),
        source=Ticket.Source.PHONE,
        subject='<b>"Refund" & more</b>',
    )
    PresenceFactory(user=agent, capacity=5)
    ConversationFactory(topic=TopicFactory())
    answered = ConversationFactory(topic=None)
    message_write(conversation_id=answered.pk, sender_kind="agent", body="Done  now.", user=agent)
    now = timezone.now()

    with translation.override(language):
        rows = selectors.inbox_rows(user=agent, view=selectors.VIEWS_BY_SLUG["open"], now=now)
        tickets = {t.pk: t for t in Ticket.objects.select_related("category", "assignee")}
        chats = {c.pk: c for c in Conversation.objects.select_related("topic", "agent")}
        plain = [
            _plain_ticket_row(tickets[row.work_id], now)
            if row.kind == "ticket"
            else _plain_chat_row(chats[row.work_id], now)
            for row in rows
        ]

    assert len(rows) == 10
    assert [row.wallet_user for row in rows].count(True) == 1
    assert [row.kind for row in rows].count("chat") == 2
    assert rows == plain


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_listed_page_of_rows_equals_the_row_template(category, agent, language):
    tickets = _sla_tickets(category, agent)
    services.ticket_assign(ticket=tickets[1], assignee=agent, by=agent)
    TicketFactory(category=category, subject="<script>x</script> & 'quotes'")
    PresenceFactory(user=agent, capacity=5)
    ConversationFactory(name='<i>"Tom"</i>')

    with translation.override(language), timezone.override("Asia/Shanghai"):
        rows = selectors.inbox_rows(user=agent, view=selectors.VIEWS_BY_SLUG["open"])
        written = render_rows(rows, list_query="view=open&q=a<b", pane_key=rows[2].key)
        template = "".join(
            render_to_string(
                "workspace/_row.html",
                {"row": row, "list_query": "view=open&q=a<b", "pane_key": rows[2].key},
            )
            for row in rows
        )

    assert len(rows) == 7
    assert written == template


def _chips(tags) -> list[tuple]:
    return [(t.pk, t.name_en, t.name_zh_hans, t.colour) for t in tags]


@pytest.mark.django_db
def test_the_rows_tag_chips_are_each_works_tags_read_in_one_statement(category, agent):
    refund, vip, urgent = (
        TagFactory(name_en="Refund", colour="amber"),
        TagFactory(name_en="VIP", colour="red"),
        TagFactory(name_en="Card", colour=""),
    )
    first, second = TicketFactory(category=category), TicketFactory(category=category)
    PresenceFactory(user=agent, capacity=5)
    chat = ConversationFactory()
    for work, tags in ((first, [vip, refund]), (second, [urgent])):
        for tag in tags:
            TicketTag.objects.create(ticket=work, tag=tag)
    ConversationTag.objects.create(conversation=chat, tag=vip)

    with CaptureQueriesContext(connection) as queries:
        tickets, chats = tags_by_work(ticket_ids=[first.pk, second.pk], conversation_ids=[chat.pk])
    rows = selectors.inbox_rows(user=agent, view=selectors.VIEWS_BY_SLUG["open"])
    chips = {
        row.key: [(t.pk, t.name_en, t.name_zh_hans, t.colour) for t in row.tags] for row in rows
    }

    def plain(tags):
        return [
            (t.pk, t.name_en, t.name_zh_hans, t.colour)
            for t in sorted(tags, key=lambda t: (t.name_en, t.pk))
        ]

    assert len(queries.captured_queries) == 1
    assert chips[f"ticket-{first.reference}"] == plain(tags_of_ticket(first.pk))
    assert chips[f"ticket-{second.reference}"] == plain(tags_of_ticket(second.pk))
    assert chips[f"chat-{chat.pk}"] == plain(tags_of_conversation(chat.pk))
    assert [t.name_en for t in tickets[first.pk]] == ["Refund", "VIP"]
    assert [t.name_en for t in chats[chat.pk]] == ["VIP"]
