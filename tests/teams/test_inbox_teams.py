"""The inbox narrowed to a team's work, and saved views an admin publishes to a team."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.chat.factories import ConversationFactory, PresenceFactory, TopicFactory
from tests.factories import staff_user
from tests.teams.factories import TeamFactory
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets import services as ticket_services
from tickets.console_selectors import InboxFilters
from workspace import selectors, services
from workspace.models import SavedView

pytestmark = pytest.mark.django_db


def keys(user, view: str = "open", **filters) -> list[str]:
    rows = selectors.inbox_rows(
        user=user, view=selectors.VIEWS_BY_SLUG[view], filters=InboxFilters(**filters)
    )
    return [row.key for row in rows]


def test_a_team_filter_keeps_its_members_work_and_the_unassigned_work_of_its_topics(agent):
    member, outsider = staff_user("agent"), staff_user("agent")
    topic, other_topic = CategoryFactory(), CategoryFactory()
    team = TeamFactory(members=[member], topics=[topic])
    theirs = TicketFactory(category=other_topic)
    ticket_services.ticket_assign(ticket=theirs, assignee=member, by=member)
    unassigned_in_topic = TicketFactory(category=topic)
    elsewhere = TicketFactory(category=other_topic)
    ticket_services.ticket_assign(ticket=elsewhere, assignee=outsider, by=outsider)
    TicketFactory(category=other_topic)

    found = keys(agent, team_id=team.pk)

    assert sorted(found) == sorted(
        [f"ticket-{theirs.reference}", f"ticket-{unassigned_in_topic.reference}"]
    )


def test_a_team_filter_narrows_chats_to_those_of_its_members(agent):
    topic = TopicFactory()
    member = staff_user("agent")
    PresenceFactory(user=member)
    mine = ConversationFactory(topic=topic)
    team = TeamFactory(members=[member])
    outsider = staff_user("agent")
    PresenceFactory(user=outsider, capacity=5)
    member.chat_presence.status = "away"
    member.chat_presence.save()
    ConversationFactory(topic=topic)

    assert keys(agent, team_id=team.pk) == [f"chat-{mine.pk}"]


def test_the_filter_bar_offers_teams_and_applies_one(client, agent):
    team = TeamFactory(name_en="Payments desk", members=[agent])
    client.force_login(agent)

    with translation.override("en"):
        url = reverse("console-home") + f"?view=open&team={team.pk}"
    page = client.get(url)

    assert "Payments desk" in page.content.decode()
    assert page.context["is_filtered"]


def test_a_view_published_to_a_team_is_listed_and_opens_for_its_members_only(client, agent):
    admin = staff_user("admin")
    team = TeamFactory(members=[agent])
    published = services.saved_view_create(
        owner=admin, name="Urgent for us", base="open", filters=InboxFilters(priority="urgent")
    )
    SavedView.objects.filter(pk=published.pk).update(team=team)
    outsider = staff_user("agent")
    client.force_login(agent)

    listed = client.get(reverse("console-home"))
    opened = client.get(reverse("console-home") + f"?saved={published.pk}")
    client.force_login(outsider)
    refused = client.get(reverse("console-home") + f"?saved={published.pk}")

    assert "Urgent for us" in listed.content.decode()
    assert opened.status_code == 200
    assert refused.status_code == 404


def test_the_rail_lists_own_views_and_each_team_view_once_with_the_team_name(agent):
    admin = staff_user("admin")
    first = TeamFactory(name_en="Payments desk", name_zh_hans="支付组", members=[agent, admin])
    TeamFactory(members=[agent, admin])  # a second team: its membership repeats no view
    own = services.saved_view_create(owner=agent, name="Mine", base="open", filters=InboxFilters())
    published = services.saved_view_create(
        owner=admin, name="Team view", base="open", filters=InboxFilters()
    )
    SavedView.objects.filter(pk=published.pk).update(team=first)
    services.saved_view_create(owner=admin, name="Admin's own", base="open", filters=InboxFilters())

    with translation.override("zh-hans"):
        listed = selectors.saved_views_for(agent)

    assert [(v.pk, v.name, v.team) for v in listed] == [
        (own.pk, "Mine", ""),
        (published.pk, "Team view", "支付组"),
    ]
    assert listed[1].owner_id == admin.pk
    assert listed[1].team_id == first.pk


def test_a_member_cannot_delete_a_view_published_to_their_team(client, agent):
    team = TeamFactory(members=[agent])
    published = services.saved_view_create(
        owner=staff_user("admin"), name="Team view", base="open", filters=InboxFilters()
    )
    SavedView.objects.filter(pk=published.pk).update(team=team)
    client.force_login(agent)

    response = client.post(reverse("workspace:saved-view-delete", args=[published.pk]))

    assert response.status_code == 404
    assert SavedView.objects.filter(pk=published.pk).exists()


def test_an_admin_publishes_a_saved_view_to_a_team_in_the_admin(client):
    admin = staff_user("admin")
    team = TeamFactory()
    view = services.saved_view_create(
        owner=admin, name="Breached", base="breached", filters=InboxFilters()
    )
    client.force_login(admin)

    response = client.post(
        reverse("admin:workspace_savedview_change", args=[view.pk]),
        {
            "owner": admin.pk,
            "name": "Breached",
            "base": "breached",
            "priority": "",
            "source": "",
            "language": "",
            "team": team.pk,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    view.refresh_from_db()
    assert response.status_code == 302
    assert view.team == team


def test_an_admin_edits_a_team_in_the_admin(client):
    admin = staff_user("admin")
    agent = staff_user("agent")
    topic = CategoryFactory()
    client.force_login(admin)

    response = client.post(
        reverse("admin:teams_team_add"),
        {
            "name_en": "Top-ups",
            "name_zh_hans": "充值组",
            "members": [agent.pk],
            "topics": [topic.pk],
            "language": "en",
            "is_active": "on",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    team = agent.teams.get()
    assert (team.name_en, list(team.topics.all()), team.language) == ("Top-ups", [topic], "en")
