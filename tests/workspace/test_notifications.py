"""Staff notifications (docs/console.md, Notifications): each kind is written by the receivers
of tickets' and chat's signals, in the change's transaction, in the recipient's language; only
their owner sees them; old ones are pruned."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import StaffPreference
from chat import events, protocol
from chat import services as chat_services
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets import services, sla
from workspace import notifications
from workspace.models import AgentNotification

pytestmark = pytest.mark.django_db

Kind = AgentNotification.Kind


def kinds_of(user) -> list[str]:
    mine = AgentNotification.objects.filter(recipient=user).order_by("id")
    return list(mine.values_list("kind", flat=True))


def test_a_ticket_assigned_by_someone_else_notifies_the_assignee(agent, supervisor, category):
    ticket = TicketFactory(category=category)

    services.ticket_assign(ticket=ticket, assignee=agent, by=supervisor)

    note = AgentNotification.objects.get(recipient=agent)
    assert (note.kind, note.ticket_id) == (Kind.TICKET_ASSIGNED, ticket.pk)
    with translation.override("en"):
        assert notifications.text_of(note) == (
            f"{supervisor.get_full_name() or supervisor.username} assigned {ticket.reference} "
            "to you: Payment failed at checkout"
        )
        assert notifications.url_of(note) == f"/en/console/inbox/t/{ticket.reference}/"


def test_taking_a_ticket_yourself_notifies_no_one(agent, category):
    ticket = TicketFactory(category=category)

    services.ticket_assign(ticket=ticket, assignee=agent, by=agent)

    assert not AgentNotification.objects.exists()


def test_a_ticket_assigned_by_routing_says_so(agent, category):
    ticket = TicketFactory(category=category)

    services.ticket_assign(ticket=ticket, assignee=agent, by=None)

    note = AgentNotification.objects.get(recipient=agent)
    with translation.override("zh-hans"):
        assert notifications.text_of(note).startswith(f"{ticket.reference} 已分配给你")


def test_a_customer_reply_notifies_the_assignee(agent, category):
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=agent, by=agent)

    services.ticket_reply(ticket=ticket, author=None, body="Any news?")

    assert kinds_of(agent) == [Kind.CUSTOMER_REPLY]


def test_an_agents_own_reply_notifies_no_one(agent, category):
    ticket = TicketFactory(category=category)

    services.ticket_reply(ticket=ticket, author=agent, body="Looking into it.")

    assert not AgentNotification.objects.exists()


def test_sla_at_risk_and_breached_notify_the_assignee(agent, category):
    t0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False):
        ticket = TicketFactory(category=category)
        services.ticket_assign(ticket=ticket, assignee=agent, by=agent)
    with time_machine.travel(t0 + dt.timedelta(hours=18), tick=False):
        sla.sweep()
    with time_machine.travel(t0 + dt.timedelta(hours=24), tick=False):
        sla.sweep()
        sla.sweep()  # a second sweep records nothing new

    assert kinds_of(agent) == [Kind.SLA_WARNING, Kind.SLA_BREACH]
    with translation.override("en"):
        assert "First response target breached" in notifications.text_of(
            AgentNotification.objects.get(kind=Kind.SLA_BREACH)
        )


def test_a_security_report_notifies_supervisors_only(agent, supervisor):
    topic = CategoryFactory(slug="stolen-phone", is_security=True)

    ticket = TicketFactory(category=topic)

    assert kinds_of(supervisor) == [Kind.SECURITY_REPORT]
    assert kinds_of(agent) == []
    assert AgentNotification.objects.get().ticket_id == ticket.pk


def test_a_chat_given_by_routing_notifies_its_agent(agent):
    PresenceFactory(user=agent)

    conversation = ConversationFactory()

    note = AgentNotification.objects.get(recipient=agent)
    assert (note.kind, note.conversation_id) == (Kind.CHAT_ASSIGNED, conversation.pk)
    with translation.override("en"):
        assert notifications.url_of(note) == f"/en/console/inbox/c/{conversation.pk}/"


def test_accepting_a_chat_yourself_notifies_no_one(agent):
    busy = staff_user("agent")
    PresenceFactory(user=busy, capacity=1)
    ConversationFactory()
    waiting = ConversationFactory()
    PresenceFactory(user=agent)
    AgentNotification.objects.all().delete()

    chat_services.conversation_accept(conversation_id=waiting.pk, user=agent)

    assert kinds_of(agent) == []


def test_a_take_over_notifies_the_agent_and_a_reassignment_both_agents(agent, supervisor):
    PresenceFactory(user=agent)
    taken = ConversationFactory()
    moved = ConversationFactory()
    colleague = staff_user("agent")
    AgentNotification.objects.all().delete()

    chat_services.conversation_take_over(conversation_id=taken.pk, by=supervisor)
    chat_services.conversation_reassign(
        conversation_id=moved.pk, by=supervisor, to_agent_id=colleague.pk
    )

    assert kinds_of(agent) == [Kind.CHAT_TAKEN_OVER, Kind.CHAT_REASSIGNED]
    assert kinds_of(colleague) == [Kind.CHAT_ASSIGNED]
    assert kinds_of(supervisor) == []


def test_a_transfer_notifies_the_colleague(agent):
    PresenceFactory(user=agent)
    conversation = ConversationFactory()
    colleague = staff_user("agent")
    PresenceFactory(user=colleague)
    AgentNotification.objects.all().delete()

    chat_services.conversation_transfer(
        conversation_id=conversation.pk, by=agent, to_agent_id=colleague.pk
    )

    assert kinds_of(colleague) == [Kind.CHAT_ASSIGNED]
    assert kinds_of(agent) == []


def test_the_frame_is_in_the_recipients_language_and_valid(
    published, django_capture_on_commit_callbacks, agent, supervisor, category
):
    StaffPreference.objects.create(user=agent, language="zh-hans")
    ticket = TicketFactory(category=category)

    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_assign(ticket=ticket, assignee=agent, by=supervisor)

    frames = [
        event["frame"]
        for group, event in published
        if group == events.agent_group(agent.pk) and event["frame"]["type"] == "notification"
    ]
    assert len(frames) == 1
    protocol.validate_server_frame(frames[0])
    assert frames[0]["unread"] == 1
    assert frames[0]["notification"]["url"] == f"/zh-hans/console/inbox/t/{ticket.reference}/"
    assert "分配给你" in frames[0]["notification"]["text"]


def test_a_rolled_back_change_notifies_no_one(agent, supervisor, category):
    from django.db import transaction

    ticket = TicketFactory(category=category)

    @transaction.atomic
    def assign_then_fail() -> None:
        services.ticket_assign(ticket=ticket, assignee=agent, by=supervisor)
        raise RuntimeError

    with pytest.raises(RuntimeError):
        assign_then_fail()

    assert not AgentNotification.objects.exists()


def test_old_notifications_are_pruned(agent, supervisor, category, settings):
    settings.NOTIFICATION_RETENTION_DAYS = 30
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=agent, by=supervisor)
    AgentNotification.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    services.ticket_assign(ticket=ticket, assignee=supervisor, by=agent)

    deleted = notifications.notifications_prune()

    assert deleted == 1
    assert kinds_of(supervisor) == [Kind.TICKET_ASSIGNED]


# --- The list and marking read (HTTP) ----------------------------------------------------------


def test_the_list_shows_mine_newest_first_and_marks_all_read(client, agent, supervisor, category):
    first = TicketFactory(category=category, subject="First one")
    second = TicketFactory(category=category, subject="Second one")
    services.ticket_assign(ticket=first, assignee=agent, by=supervisor)
    services.ticket_assign(ticket=second, assignee=agent, by=supervisor)
    client.force_login(agent)
    with translation.override("en"):
        url = reverse("workspace:notifications")
        read_all = reverse("workspace:notifications-read")

    page = client.get(url, HTTP_X_FRAGMENT="1").content.decode()
    response = client.post(read_all, HTTP_X_FRAGMENT="1")

    assert page.index("Second one") < page.index("First one")
    assert f'href="/en/console/inbox/t/{second.reference}/"' in page
    assert response.json() == {"unread": 0}
    assert not AgentNotification.objects.filter(read_at__isnull=True).exists()


def test_the_bell_shows_the_unread_count(client, agent, supervisor, category):
    services.ticket_assign(ticket=TicketFactory(category=category), assignee=agent, by=supervisor)
    client.force_login(agent)

    page = client.get(reverse("console-home")).content.decode()

    assert "Notifications, 1 unread" in page


def test_another_agents_notification_is_not_found(client, agent, supervisor, category):
    services.ticket_assign(ticket=TicketFactory(category=category), assignee=agent, by=supervisor)
    theirs = AgentNotification.objects.get(recipient=agent)
    colleague = staff_user("agent")
    client.force_login(colleague)

    response = client.post(reverse("workspace:notification-read", args=[theirs.pk]))
    listed = client.get(reverse("workspace:notifications"), HTTP_X_FRAGMENT="1").content.decode()
    client.post(reverse("workspace:notifications-read"))

    assert response.status_code == 404
    assert "Payment failed at checkout" not in listed
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_customers_cannot_read_notifications(client, customer):
    client.force_login(customer)

    response = client.get(reverse("workspace:notifications"))

    assert response.status_code in (302, 403)


def test_the_kept_unread_count_equals_a_fresh_count_through_every_change(
    agent, supervisor, category, settings
):
    def both() -> tuple[int, int]:
        return (
            notifications.unread_count(user_id=agent.pk),
            notifications.unread_count_fresh(user_id=agent.pk),
        )

    assert both() == (0, 0)  # kept now
    first, second, third = (TicketFactory(category=category) for _ in range(3))
    for ticket in (first, second, third):
        services.ticket_assign(ticket=ticket, assignee=agent, by=supervisor)
    assert both() == (3, 3)
    one = AgentNotification.objects.filter(recipient=agent).first()
    notifications.notifications_mark_read(user=agent, notification_id=one.pk)
    assert both() == (2, 2)
    AgentNotification.objects.filter(recipient=agent, read_at__isnull=True).first().delete()
    assert both() == (1, 1)
    settings.NOTIFICATION_RETENTION_DAYS = 30
    AgentNotification.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    notifications.notifications_prune()
    assert both() == (0, 0)
    services.ticket_assign(ticket=first, assignee=supervisor, by=agent)
    services.ticket_assign(ticket=first, assignee=agent, by=supervisor)
    assert both() == (1, 1)
    notifications.notifications_mark_read(user=agent)
    assert both() == (0, 0)


BELL_ONE = (
    'id="nb-button" href="/en/console/inbox/notifications/" aria-label="Notifications, 1 unread"'
)


def test_the_bell_follows_a_new_notification_and_marking_all_read(
    client, agent, supervisor, category
):
    client.force_login(agent)
    assert BELL_ONE not in client.get(reverse("console-home")).content.decode()
    services.ticket_assign(ticket=TicketFactory(category=category), assignee=agent, by=supervisor)
    assert BELL_ONE in client.get(reverse("console-home")).content.decode()
    client.post(reverse("workspace:notifications-read"))
    assert BELL_ONE not in client.get(reverse("console-home")).content.decode()


def plain_frame(note: AgentNotification) -> tuple[str, dict]:
    """A notification's frame the plain way: one at a time, its recipient's language and
    unread count read for it alone."""
    preference = StaffPreference.objects.filter(user_id=note.recipient_id).first()
    with translation.override(preference.language if preference else "zh-hans"):
        item = {
            "id": note.pk,
            "kind": note.kind,
            "text": notifications.text_of(note),
            "url": notifications.url_of(note),
            "created_at": note.created_at.isoformat(),
        }
    unread = AgentNotification.objects.filter(
        recipient_id=note.recipient_id, read_at__isnull=True
    ).count()
    return events.agent_group(note.recipient_id), protocol.notification_frame(
        notification=item, unread=unread
    )


def notification_frames_published(published) -> list[tuple[str, dict]]:
    return [
        (group, event["frame"])
        for group, event in published
        if event.get("frame", {}).get("type") == "notification"
    ]


def test_a_transactions_notifications_are_pushed_together_as_the_plain_way_makes_them(
    published, django_capture_on_commit_callbacks, agent, supervisor, category
):
    StaffPreference.objects.create(user=agent, language="zh-hans")
    colleague = staff_user("agent")
    StaffPreference.objects.create(user=colleague, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(6):
            services.ticket_assign(
                ticket=TicketFactory(category=category),
                assignee=agent if number % 2 else colleague,
                by=supervisor,
            )

    written = AgentNotification.objects.order_by("pk")
    assert len(written) == 6
    assert notification_frames_published(published) == [plain_frame(note) for note in written]


def test_the_frames_of_many_notifications_take_three_queries(
    django_assert_num_queries, agent, supervisor, category
):
    for number in range(20):
        notifications.notify(
            recipient_ids=[agent.pk, supervisor.pk],
            kind=Kind.SECURITY_REPORT,
            ticket=TicketFactory(category=category),
            params={"reference": f"HC-{number}", "subject": "Stolen funds"},
        )
    ids = list(AgentNotification.objects.values_list("pk", flat=True))

    with django_assert_num_queries(3):  # the rows, their recipients' languages, unread counts
        frames = notifications.notification_frames(ids)

    assert len(frames) == 40
    assert {frame["unread"] for _group, frame in frames} == {20}


def test_a_notification_rolled_back_with_its_savepoint_is_never_pushed(
    published, django_capture_on_commit_callbacks, agent, supervisor, category
):
    from django.db import transaction

    rolled_back, kept = TicketFactory(category=category), TicketFactory(category=category)

    @transaction.atomic
    def assign_then_fail() -> None:
        services.ticket_assign(ticket=rolled_back, assignee=agent, by=supervisor)
        raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            assign_then_fail()
        services.ticket_assign(ticket=kept, assignee=agent, by=supervisor)

    frames = notification_frames_published(published)
    assert [frame["notification"]["url"] for _group, frame in frames] == [
        f"/zh-hans/console/inbox/t/{kept.reference}/"
    ]
    assert frames[0][1]["unread"] == 1


def test_the_sla_sweep_writes_all_its_notifications_in_one_statement(agent, category):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    t0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False):
        for _ in range(5):
            services.ticket_assign(
                ticket=TicketFactory(category=category), assignee=agent, by=agent
            )

    with (
        time_machine.travel(t0 + dt.timedelta(hours=18), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        sla.sweep()

    inserts = [q for q in queries if 'INTO "workspace_agentnotification"' in q["sql"]]
    assert len(inserts) == 1
    assert kinds_of(agent) == [Kind.SLA_WARNING] * 5
