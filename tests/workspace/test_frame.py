"""The console's frame: the top bar served from a copy per language, role and section
(core.person_pages.render_part) equals the plain render and carries each agent's own values;
the inbox's filter menus and shortcuts dialog written in Python equal their templates."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from core.widgets import select_html
from tests.factories import staff_user
from tests.macros.factories import TagFactory
from tests.teams.factories import TeamFactory
from tests.tickets.factories import CategoryFactory, TicketFactory
from workspace import notifications
from workspace.forms import InboxFilterForm
from workspace.frame import shortcuts_dialog
from workspace.models import AgentNotification
from workspace.templatetags.console_bar import kept_permission_flags, permission_flags

pytestmark = pytest.mark.django_db

CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def bar(response) -> str:
    """The top bar of a page, without the per-response CSRF values."""
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<header class="console-bar">')
    end = html.index("</header>", start) + len("</header>")
    return CSRF_VALUE.sub(r"\1TOKEN\2", html[start:end])


def plain_and_copied(client: Client, url: str, settings) -> tuple[str, str]:
    settings.PERSON_PAGE_COPIES = False
    plain = bar(client.get(url))
    settings.PERSON_PAGE_COPIES = True
    client.get(url)  # makes the copy
    return plain, bar(client.get(url))


def unread(user, n: int) -> None:
    """``n`` unread notifications for ``user``."""
    ticket = TicketFactory()
    for _ in range(n):
        notifications.notify(
            recipient_ids=[user.pk],
            kind=AgentNotification.Kind.CUSTOMER_REPLY,
            ticket=ticket,
            params={"reference": ticket.reference, "subject": ticket.subject},
        )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", ["agent", "supervisor", "admin"])
@pytest.mark.parametrize(
    "path",
    ["/console/", "/console/?q=<b>\"Tom\"</b> & 'co'", "/console/tickets/", "/console/chat/"],
)
def test_the_top_bar_from_its_copy_equals_the_plain_render(client, settings, language, role, path):
    user = staff_user(role, first_name="Li", last_name="<Na> & co")
    client.force_login(user)

    plain, copied = plain_and_copied(client, f"/{language}{path}", settings)

    assert copied == plain


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_bell_from_the_copy_equals_the_plain_render(client, settings, count):
    user = staff_user("agent")
    unread(user, count)
    client.force_login(user)

    plain, copied = plain_and_copied(client, "/en/console/", settings)

    assert copied == plain


def test_each_agent_sees_their_own_name_count_and_search_in_the_shared_copy(client, settings):
    settings.PERSON_PAGE_COPIES = True
    first = staff_user("agent", first_name="Wang", last_name="Fang")
    second = staff_user("agent", first_name="Emma", last_name="Clark")
    unread(second, 2)
    client.force_login(first)
    client.get("/en/console/?q=first-search")
    client.force_login(second)

    html = bar(client.get("/en/console/?q=second-search"))

    assert "Emma Clark" in html
    assert "Wang Fang" not in html
    assert 'value="second-search"' in html
    assert "first-search" not in html
    assert "Notifications, 2 unread" in html


@pytest.fixture
def filter_choices(db):
    """A topic, a team and a tag each, with names a template must escape."""
    return {
        "topic": CategoryFactory(
            slug="refunds", name_en='Refunds <b>"now"</b>', name_zh_hans="退款&"
        ),
        "team": TeamFactory(name_en="Tier <2>", name_zh_hans="二线 & co"),
        "tag": TagFactory(name_en="VIP & 'co'", name_zh_hans="<贵宾>"),
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("chosen", ["none", "all", "invalid"])
def test_a_written_filter_equals_djangos_widget(filter_choices, language, chosen):
    data = {
        "none": {},
        "all": {
            "topic": filter_choices["topic"].pk,
            "priority": "high",
            "channel": "email",
            "language": "en",
            "team": filter_choices["team"].pk,
            "tag": filter_choices["tag"].pk,
        },
        "invalid": {"topic": "999999", "priority": "<x>", "channel": "x", "tag": "y"},
    }[chosen]
    with translation.override(language):
        form = InboxFilterForm(data)
        form.is_valid()

        written = [select_html(field) for field in form]
        widgets = [str(field) for field in form]

    assert written == widgets


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_kept_shortcuts_dialog_equals_its_template(language):
    with translation.override(language):
        kept = shortcuts_dialog()
        template = render_to_string("workspace/_keys.html")

    assert kept == template


USERS = {
    "agent": lambda: staff_user("agent"),
    "supervisor": lambda: staff_user("supervisor"),
    "admin": lambda: staff_user("admin"),
    "superuser": lambda: staff_user("agent", is_superuser=True),
    "inactive": lambda: staff_user("admin", is_active=False),
}


@pytest.mark.parametrize("kind", list(USERS))
def test_the_bars_permission_flags_equal_djangos_checks(kind):
    user = USERS[kind]()

    flags = permission_flags(user)

    assert flags == (user.has_perm("core.view_auditentry"), user.has_module_perms("faq"))


def test_a_permission_granted_to_the_agent_alone_shows_in_the_flags():
    user = staff_user("agent")
    user.user_permissions.add(Permission.objects.get(codename="view_auditentry"))

    flags = permission_flags(user)

    assert flags == (True, False)


def djangos(user) -> tuple[bool, bool]:
    user = type(user).objects.get(pk=user.pk)  # no permission cache of Django's own
    return user.has_perm("core.view_auditentry"), user.has_module_perms("faq")


def test_the_kept_permission_flags_follow_every_kind_of_grant():
    user = staff_user("agent")
    audit = Permission.objects.get(codename="view_auditentry")
    faq = Permission.objects.filter(content_type__app_label="faq").first()
    agents = Group.objects.get(name="agent")
    seen = [(kept_permission_flags(user), djangos(user))]  # kept before the grants
    user.user_permissions.add(audit)
    seen.append((kept_permission_flags(user), djangos(user)))
    agents.permissions.add(faq)
    seen.append((kept_permission_flags(user), djangos(user)))
    user.user_permissions.remove(audit)
    seen.append((kept_permission_flags(user), djangos(user)))
    user.groups.remove(agents)
    seen.append((kept_permission_flags(user), djangos(user)))
    user.groups.add(Group.objects.get(name="admin"))
    seen.append((kept_permission_flags(user), djangos(user)))
    Group.objects.get(name="admin").delete()
    seen.append((kept_permission_flags(user), djangos(user)))

    assert [kept for kept, _ in seen] == [django for _, django in seen]
    assert [kept for kept, _ in seen][:3] == [(False, False), (True, False), (True, True)]


@pytest.mark.parametrize("kind", list(USERS))
def test_the_kept_permission_flags_equal_djangos_checks(kind):
    user = USERS[kind]()

    assert kept_permission_flags(user) == permission_flags(user) == djangos(user)


def bulk(response) -> str:
    """The inbox's action bar, without the per-response CSRF value."""
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<form class="ib-bulk"')
    end = html.index("</form>", start) + len("</form>")
    return CSRF_VALUE.sub(r"\1TOKEN\2", html[start:end])


def plain_and_copied_bulk(client: Client, url: str, settings) -> tuple[str, str]:
    settings.PERSON_PAGE_COPIES = False
    plain = bulk(client.get(url))
    settings.PERSON_PAGE_COPIES = True
    client.get(url)  # makes the copy
    return plain, bulk(client.get(url))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("query", ["view=open", "view=mine&q=<b>\"Tom\"</b> & 'co'", ""])
def test_the_bulk_bar_from_its_copy_equals_the_plain_render(client, settings, language, query):
    user = staff_user("agent", first_name="<Li>", last_name='"Na" & co')
    staff_user("supervisor", first_name="Wang")
    TagFactory(name_en='VIP <b>"gold"</b>', name_zh_hans="<贵宾>", colour="red")
    TagFactory(name_en="Refund")
    client.force_login(user)

    plain, copied = plain_and_copied_bulk(client, f"/{language}/console/?{query}", settings)

    assert copied == plain
    assert "&lt;Li&gt;" in copied


def test_the_bulk_bars_copy_follows_a_new_agent_and_a_renamed_tag(client, settings):
    user = staff_user("agent", first_name="Li")
    tag = TagFactory(name_en="Refund")
    client.force_login(user)
    plain_and_copied_bulk(client, "/en/console/", settings)  # a copy is kept
    staff_user("agent", first_name="Newcomer")
    tag.name_en = "Refunds"
    tag.save()

    plain, copied = plain_and_copied_bulk(client, "/en/console/", settings)

    assert copied == plain
    assert ">Newcomer</button>" in copied
    assert ">Refunds</span>" in copied


def test_each_agent_gets_their_own_list_query_and_token_in_the_bulk_bars_copy(client, settings):
    settings.PERSON_PAGE_COPIES = True
    first, second = staff_user("agent"), staff_user("agent")
    client.force_login(first)
    mine = client.get("/en/console/?view=mine").content.decode()
    other = Client()
    other.force_login(second)
    theirs = other.get("/en/console/?view=solved").content.decode()

    assert 'name="list" value="view=mine"' in mine
    assert 'name="list" value="view=solved"' in theirs
    assert CSRF_VALUE.search(mine).group(0) != CSRF_VALUE.search(theirs).group(0)
