"""Sign-in throttling, on the site and in Django admin alike: failures limited per (account,
address) and per account across addresses, a browser that signed in recently exempt from the
account-wide limit, every attempt limited per address; a refusal is a translated 429 with the
form shown again."""

import pytest
import time_machine
from django.test import Client

from tests.factories import UserFactory, staff_user

SITE = "/en/account/login/"
ADMIN = "/admin/login/"
FROZEN = "2026-11-22 10:00:05"
PASSWORD = "pass-word-123"
HOME = "203.0.113.7"


@pytest.fixture(autouse=True)
def _fast_password_checks(settings):
    # Every attempt checks a password; the default hasher's cost, forty times a test, is not
    # what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, username, password, address, url=SITE):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def attack(client, username, *, addresses, url=SITE):
    """One wrong password from each address in turn, as from an attacker rotating addresses."""
    return [
        sign_in(client, username, "wrong", f"198.51.100.{n}", url).status_code
        for n in range(addresses)
    ]


@pytest.mark.django_db
def test_five_failures_from_one_address_refuse_that_account_there_even_the_right_password(client):
    user = UserFactory()

    with time_machine.travel(FROZEN, tick=False):
        failures = [sign_in(client, user.email, "wrong", HOME).status_code for _ in range(5)]
        response = sign_in(client, user.email, PASSWORD, HOME)

    assert failures == [200] * 5
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_address_refused_one_account_may_still_sign_in_to_another(client):
    victim, neighbour = UserFactory(), UserFactory()

    with time_machine.travel(FROZEN, tick=False):
        for _ in range(5):
            sign_in(client, victim.email, "wrong", HOME)
        victim_answer = sign_in(client, victim.email, PASSWORD, HOME)
        neighbour_answer = sign_in(client, neighbour.email, PASSWORD, HOME)

    assert (victim_answer.status_code, neighbour_answer.status_code) == (429, 302)


@pytest.mark.django_db
def test_the_account_is_counted_by_its_name_in_any_case(client):
    user = UserFactory(username="zhang.wei@example.com", email="zhang.wei@example.com")

    with time_machine.travel(FROZEN, tick=False):
        for typed in ["Zhang.Wei@example.com", "ZHANG.WEI@EXAMPLE.COM", " zhang.wei@Example.com"]:
            sign_in(client, typed, "wrong", HOME)
        for _ in range(2):
            sign_in(client, user.email, "wrong", HOME)
        response = sign_in(client, user.email, PASSWORD, HOME)

    assert response.status_code == 429


@pytest.mark.django_db
def test_a_successful_sign_in_forgets_the_failures_from_its_address(client):
    user = UserFactory()

    with time_machine.travel(FROZEN, tick=False):
        for _ in range(4):
            sign_in(client, user.email, "wrong", HOME)
        sign_in(client, user.email, PASSWORD, HOME)
        client.post("/en/account/logout/")
        failures = [sign_in(client, user.email, "wrong", HOME).status_code for _ in range(5)]
        response = sign_in(client, user.email, PASSWORD, HOME)

    assert failures == [200] * 5
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_refusal_ends_with_its_window():
    user = UserFactory()
    client = Client()

    with time_machine.travel(FROZEN, tick=False) as traveller:
        for _ in range(5):
            sign_in(client, user.email, "wrong", HOME)
        refused = sign_in(client, user.email, PASSWORD, HOME)
        traveller.shift(15 * 60)
        allowed = sign_in(client, user.email, PASSWORD, HOME)

    assert (refused.status_code, allowed.status_code) == (429, 302)


@pytest.mark.django_db
def test_twenty_failures_from_many_addresses_refuse_the_account_to_a_new_browser():
    user = UserFactory()
    attacker, stranger = Client(), Client()

    with time_machine.travel(FROZEN, tick=False):
        failures = attack(attacker, user.email, addresses=20)
        response = sign_in(stranger, user.email, PASSWORD, "192.0.2.44")

    assert failures == [200] * 20
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_owner_signs_in_from_their_browser_while_the_account_is_under_attack():
    user = UserFactory()
    owner, attacker, stranger = Client(), Client(), Client()

    with time_machine.travel(FROZEN, tick=False):
        sign_in(owner, user.email, PASSWORD, HOME)
        owner.post("/en/account/logout/")
        attack(attacker, user.email, addresses=30)
        stranger_at_home = sign_in(stranger, user.email, PASSWORD, HOME)
        at_home = sign_in(owner, user.email, PASSWORD, HOME)
        owner.post("/en/account/logout/")
        on_the_move = sign_in(owner, user.email, PASSWORD, "192.0.2.44")

    assert stranger_at_home.status_code == 429
    assert (at_home.status_code, on_the_move.status_code) == (302, 302)


@pytest.mark.django_db
def test_a_browser_is_known_to_an_account_for_thirty_days():
    user = UserFactory()
    owner, attacker = Client(), Client()

    with time_machine.travel(FROZEN, tick=False) as traveller:
        sign_in(owner, user.email, PASSWORD, HOME)
        owner.post("/en/account/logout/")
        traveller.shift(31 * 86400)
        attack(attacker, user.email, addresses=20)
        response = sign_in(owner, user.email, PASSWORD, HOME)

    assert response.status_code == 429


@pytest.mark.django_db
def test_a_known_browser_is_still_limited_per_address():
    user = UserFactory()
    owner = Client()

    with time_machine.travel(FROZEN, tick=False):
        sign_in(owner, user.email, PASSWORD, HOME)
        owner.post("/en/account/logout/")
        for _ in range(5):
            sign_in(owner, user.email, "wrong", "192.0.2.44")
        response = sign_in(owner, user.email, PASSWORD, "192.0.2.44")

    assert response.status_code == 429


@pytest.mark.django_db
def test_the_owner_signs_in_from_another_address_while_one_address_is_refused():
    user = UserFactory()
    attacker, owner = Client(), Client()

    with time_machine.travel(FROZEN, tick=False):
        for _ in range(5):
            sign_in(attacker, user.email, "wrong", "198.51.100.9")
        attacker_answer = sign_in(attacker, user.email, PASSWORD, "198.51.100.9")
        owner_answer = sign_in(owner, user.email, PASSWORD, HOME)

    assert (attacker_answer.status_code, owner_answer.status_code) == (429, 302)


@pytest.mark.django_db
def test_the_admin_sign_in_refuses_an_account_after_five_failures_from_one_address(client):
    supervisor = staff_user("supervisor")

    with time_machine.travel(FROZEN, tick=False):
        failures = [
            sign_in(client, supervisor.username, "wrong", HOME, ADMIN).status_code for _ in range(5)
        ]
        response = sign_in(client, supervisor.username, PASSWORD, HOME, ADMIN)

    assert failures == [200] * 5
    assert response.status_code == 429
    assert "该账户登录失败次数过多" in response.content.decode()
    assert 'name="password"' in response.content.decode()


@pytest.mark.django_db
def test_failures_on_the_site_and_in_admin_count_together(client):
    supervisor = staff_user("supervisor")

    with time_machine.travel(FROZEN, tick=False):
        for _ in range(3):
            sign_in(client, supervisor.username, "wrong", HOME, SITE)
        for _ in range(2):
            sign_in(client, supervisor.username, "wrong", HOME, ADMIN)
        response = sign_in(client, supervisor.username, PASSWORD, HOME, ADMIN)

    assert response.status_code == 429


@pytest.mark.django_db
def test_the_admin_sign_in_lets_the_owner_in_from_their_browser_while_under_attack():
    supervisor = staff_user("supervisor")
    owner, attacker, stranger = Client(), Client(), Client()

    with time_machine.travel(FROZEN, tick=False):
        sign_in(owner, supervisor.email, PASSWORD, HOME, SITE)
        owner.post("/en/account/logout/")
        attack(attacker, supervisor.username, addresses=20, url=ADMIN)
        refused = sign_in(stranger, supervisor.username, PASSWORD, "192.0.2.44", ADMIN)
        owner_answer = sign_in(owner, supervisor.username, PASSWORD, HOME, ADMIN)

    assert refused.status_code == 429
    assert owner_answer.status_code == 302


@pytest.mark.django_db
def test_the_admin_sign_in_allows_twenty_attempts_a_minute_per_address(client):
    with time_machine.travel(FROZEN, tick=False):
        attempts = [
            sign_in(client, f"nobody{n}", "wrong", HOME, ADMIN).status_code for n in range(20)
        ]
        response = sign_in(client, "nobody20", "wrong", HOME, ADMIN)

    assert attempts == [200] * 20
    assert response.status_code == 429
    assert 'name="password"' not in response.content.decode()


@pytest.mark.django_db
def test_the_refusal_is_a_translated_429_with_the_form_kept(client):
    user = UserFactory()
    url = "/zh-hans/account/login/?next=/zh-hans/requests/"

    with time_machine.travel(FROZEN, tick=False):
        for _ in range(5):
            sign_in(client, user.email, "wrong", HOME, url)
        response = sign_in(client, user.email, PASSWORD, HOME, url)

    page = response.content.decode()
    assert response.status_code == 429
    assert "该账户登录失败次数过多，请 15 分钟后再试。" in page
    assert f'value="{user.email}"' in page
    assert 'value="/zh-hans/requests/"' in page
    assert 'name="password"' in page
