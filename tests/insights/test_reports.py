"""Reports: the card, the table, the chart and the CSV of a metric show the same numbers;
agents see only their own figures; the page costs a bounded number of queries."""

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest

from insights import services
from tests.factories import staff_user

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
RANGE = {"start": "2026-03-02", "end": "2026-03-03"}
URL = "/en/console/dashboard/reports/"


def first_response(day: int, seconds: int, agent: int | None = None, **fields) -> None:
    services.event_record(
        kind="first_public_response",
        at=dt.datetime(2026, 3, day, 10, tzinfo=SHANGHAI),
        ticket_id=1,
        channel=fields.get("channel", "web"),
        language="en",
        data={"business_seconds": seconds, "within": True, "agent": agent, "priority": "normal"},
    )


@pytest.fixture
def responses():
    """Medians by hand: 2 March 250 s (4.2 min), 3 March 600 s (10.0), both days 300 s (5.0)."""
    for seconds in (100, 200, 300, 1000):
        first_response(2, seconds)
    first_response(3, 600)


@pytest.fixture
def supervisor_client(client):
    client.force_login(staff_user("supervisor"))
    return client


def test_card_table_chart_and_csv_of_a_metric_agree(supervisor_client, responses):
    page = supervisor_client.get(URL, RANGE).content.decode()
    download = supervisor_client.get(URL + "first-response.csv", RANGE)

    card = re.search(r'data-card="first-response.median">.*?__value">([^<\s]+)', page, re.S)[1]
    table = re.search(r'data-table="first-response".*?</table>', page, re.S)[0]
    cells = re.findall(r'<td data-key="median">([^<]+)</td>', table)
    chart = re.search(r'data-chart="first-response.median" data-values="([^"]*)"', page)[1]
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert card == "5.0"
    assert cells == ["4.2", "10.0", "5.0"]  # two days, then the total row
    assert chart.split(",") == ["4.2", "10.0"]
    assert [r["Median (min)"] for r in rows] == ["4.2", "10.0", "5.0"]
    assert [r["Day"] for r in rows] == ["2026-03-02", "2026-03-03", "Total"]


def test_every_table_has_a_csv(supervisor_client, responses):
    page = supervisor_client.get(URL, RANGE).content.decode()

    slugs = re.findall(r'data-table="([^"]+)"', page)
    assert len(slugs) >= 15
    for slug in slugs:
        response = supervisor_client.get(f"{URL}{slug}.csv", RANGE)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")


def test_the_channel_filter_narrows_the_figures(supervisor_client, responses):
    first_response(2, 5000, channel="email")

    page = supervisor_client.get(URL, RANGE | {"channel": "email"}).content.decode()

    card = re.search(r'data-card="first-response.median">.*?__value">([^<\s]+)', page, re.S)[1]
    assert card == "83.3"


def test_an_agent_sees_only_their_own_figures(client, responses):
    agent, other = staff_user("agent"), staff_user("agent")
    first_response(2, 120, agent=agent.pk)
    first_response(2, 900, agent=other.pk)
    client.force_login(agent)

    page = client.get(URL, RANGE).content.decode()

    card = re.search(r'data-card="first-response.median">.*?__value">([^<\s]+)', page, re.S)[1]
    assert card == "2.0"
    assert 'data-table="volume"' not in page  # team figures are for supervisors
    assert 'data-table="deflection"' not in page


def test_an_agent_gets_403_on_another_agents_figures(client):
    agent, other = staff_user("agent"), staff_user("agent")
    client.force_login(agent)

    assert client.get(URL, RANGE | {"agent": other.pk}).status_code == 403
    assert client.get(URL + "agents.csv", RANGE | {"agent": other.pk}).status_code == 403
    assert client.get(URL, RANGE | {"agent": agent.pk}).status_code == 200


def test_a_supervisor_may_see_any_agents_figures(supervisor_client):
    other = staff_user("agent")

    assert supervisor_client.get(URL, RANGE | {"agent": other.pk}).status_code == 200


def test_a_customer_sees_nothing(client, customer):
    client.force_login(customer)

    assert client.get(URL).status_code == 403


def test_a_range_ending_before_it_starts_is_a_clear_error(supervisor_client):
    response = supervisor_client.get(URL, {"start": "2026-03-05", "end": "2026-03-01"})

    assert response.status_code == 400
    assert "The first day must not be after the last." in response.content.decode()


def test_a_formula_in_search_words_is_defused_in_the_csv(supervisor_client):
    services.event_record(
        kind="search_without_results",
        at=dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI),
        query="=HYPERLINK(1)",
    )

    download = supervisor_client.get(URL + "searches.csv", RANGE).content.decode("utf-8-sig")

    assert "'=HYPERLINK(1)" in download


def test_a_thirty_day_report_costs_a_bounded_number_of_queries(
    supervisor_client, responses, django_assert_max_num_queries
):
    # About 65 on SQLite (a percentile is a second query there), fewer on PostgreSQL; what
    # matters is that more rows and more days do not add any.
    month = {"start": "2026-02-04", "end": "2026-03-05"}
    with django_assert_max_num_queries(70) as counted:
        supervisor_client.get(URL, month)
    for day in (4, 5):
        first_response(day, 60)

    with django_assert_max_num_queries(len(counted.captured_queries)):
        assert supervisor_client.get(URL, month).status_code == 200
