"""The lists the pane and the filter menus keep per process (workspace.offered) equal what
their selectors read, after each kind of edit; and the filter menus offer what the fields'
querysets hold."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from chat.serialize import display_name
from core.models import Topic
from macros import selectors as macro_selectors
from macros.models import Macro
from teams import selectors as team_selectors
from tests.factories import staff_user
from tests.macros.factories import MacroFactory, TagFactory
from tests.teams.factories import TeamFactory
from tests.tickets.factories import CannedResponseFactory, CategoryFactory
from tickets import selectors as ticket_selectors
from tickets.console_selectors import console_agent_list
from tickets.models import CannedResponse
from workspace import offered
from workspace.forms import InboxFilterForm

pytestmark = pytest.mark.django_db


def kept_and_read(category_id: int) -> tuple[list, list]:
    kept = [
        offered.tags_active(),
        offered.macros_for("ticket"),
        offered.macros_for("chat"),
        offered.ticket_canned(category_id=category_id),
        offered.chat_canned(),
        offered.topics(),
        offered.filter_tags(),
        offered.filter_teams(),
    ]
    read = [
        macro_selectors.tags_active(),
        macro_selectors.macros_for("ticket"),
        macro_selectors.macros_for("chat"),
        ticket_selectors.canned_response_list(category_id=category_id),
        ticket_selectors.canned_response_search(kind=CannedResponse.Scope.CHATS),
        list(Topic.objects.order_by("position", "pk")),
        list(macro_selectors.tags_for_filter()),
        list(team_selectors.teams_for_filter()),
    ]
    return kept, read


def test_the_kept_lists_follow_every_kind_of_edit(category):
    kept_and_read(category.pk)  # kept before the edits
    tag = TagFactory(name_en="Refund")
    TagFactory(name_en="Old", is_active=False)
    MacroFactory(scope=Macro.Scope.CHATS)
    CannedResponseFactory(scope=CannedResponse.Scope.BOTH, category=category)
    CannedResponseFactory(scope=CannedResponse.Scope.CHATS)
    CategoryFactory(slug="later", position=0)
    TeamFactory(name_en="Tier 2")
    tag.is_active = False
    tag.save()

    kept, read = kept_and_read(category.pk)

    assert kept == read


def test_a_second_look_reads_nothing(category):
    kept_and_read(category.pk)

    with CaptureQueriesContext(connection) as queries:
        offered.tags_active(), offered.topics(), offered.filter_teams(), offered.chat_canned()

    assert len(queries.captured_queries) == 0


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_filter_menus_offer_what_their_querysets_hold(category, language):
    TeamFactory(name_en="Tier 2", name_zh_hans="二线")
    TagFactory(name_en="VIP", name_zh_hans="贵宾", is_active=False)
    with translation.override(language):
        form = InboxFilterForm()
        kept = {
            name: [(str(v), str(label)) for v, label in form.fields[name].choices]
            for name in ("topic", "team", "tag")
        }
        read = {
            name: [(str(v), str(label)) for v, label in InboxFilterForm.base_fields[name].choices]
            for name in ("topic", "team", "tag")
        }

    assert kept == read


def agent_choices() -> tuple[list, list]:
    return (
        [(a.pk, display_name(a)) for a in offered.agents()],
        [(a.pk, display_name(a)) for a in console_agent_list()],
    )


def test_the_kept_agents_follow_new_agents_renames_roles_and_departures(agent, supervisor):
    agent_choices()  # kept before the edits
    newcomer = staff_user("agent", first_name="Zoe")
    supervisor.first_name = "Aaron"
    supervisor.save()
    agent.groups.clear()
    leaver = staff_user("agent", first_name="Lea")
    leaver.is_active = False
    leaver.save()

    kept, read = agent_choices()

    assert kept == read
    assert (newcomer.pk, "Zoe") in kept
    assert agent.pk not in dict(kept)


def test_the_kept_agents_follow_a_group_deleted(agent):
    agent_choices()
    Group.objects.get(name="agent").delete()

    kept, read = agent_choices()

    assert kept == read == []
