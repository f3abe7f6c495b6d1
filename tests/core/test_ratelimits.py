"""The one rate-limit API: rates written one way, fixed-window counting in the shared cache (one
Redis round trip for several limits, the same answers as the plain cache calls; counts read
without counting, and forgotten), the view decorator's translated 429 and the in-process
allowance of one socket."""

import pytest
import redis
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from core.ratelimits import (
    Rate,
    RateLimited,
    SocketAllowance,
    attempt_wait,
    attempt_waits,
    count_in_cache,
    count_in_redis_pipeline,
    forget_attempts,
    over_limit,
    parse_rate,
    rate_limited,
    retry_after,
)
from tests.factories import UserFactory

FROZEN = "2026-11-22 10:00:05"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def ok(request):
    return HttpResponse("ok")


def post(remote="203.0.113.9", user=None):
    request = RequestFactory().post("/", REMOTE_ADDR=remote)
    request.user = user or AnonymousUser()
    return request


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("10/m", Rate(10, 60)),
        ("5/h", Rate(5, 3600)),
        ("20/s", Rate(20, 1)),
        ("1/d", Rate(1, 86400)),
        ("100/15m", Rate(100, 900)),
        ("10/2s", Rate(10, 2)),
        ("0/h", Rate(0, 3600)),
    ],
)
def test_rates_are_written_count_slash_period(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["10", "10/", "10/x", "ten/m", "10/0m", "-1/m", "10/m/h", ""])
def test_a_malformed_rate_is_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(text)


def test_a_limit_allows_its_rate_in_a_window_and_refuses_the_next_attempt():
    limits = [("test:form", "203.0.113.9", "3/m")]

    with time_machine.travel(FROZEN, tick=False):
        answers = [over_limit(limits) for _ in range(4)]

    assert answers == [False, False, False, True]


def test_the_next_window_starts_from_zero():
    limits = [("test:form", "203.0.113.9", "1/h")]

    with time_machine.travel(FROZEN, tick=False) as traveller:
        over_limit(limits)
        refused = over_limit(limits)
        traveller.shift(3600)
        allowed_again = over_limit(limits)

    assert (refused, allowed_again) == (True, False)


def test_one_attempt_counts_against_every_limit_and_any_of_them_refuses_it():
    with time_machine.travel(FROZEN, tick=False):
        first = over_limit(
            [("test:ip", "10.0.0.1", "100/h"), ("test:email", "a@example.com", "1/h")]
        )
        same_email = over_limit(
            [("test:ip", "10.0.0.2", "100/h"), ("test:email", "a@example.com", "1/h")]
        )
        other_email = over_limit(
            [("test:ip", "10.0.0.2", "100/h"), ("test:email", "b@example.com", "1/h")]
        )

    assert (first, same_email, other_email) == (False, True, False)


def test_scopes_and_keys_count_apart():
    with time_machine.travel(FROZEN, tick=False):
        over_limit([("test:one", "10.0.0.1", "1/m")])
        other_scope = over_limit([("test:two", "10.0.0.1", "1/m")])
        other_key = over_limit([("test:one", "10.0.0.2", "1/m")])

    assert (other_scope, other_key) == (False, False)


def test_a_limit_is_read_without_counting_and_says_when_its_window_ends():
    limits = [("test:form", "203.0.113.9", "2/m")]

    with time_machine.travel(FROZEN, tick=False):
        over_limit(limits)
        reads = [retry_after(limits) for _ in range(3)]
        over_limit(limits)
        used_up = retry_after(limits)

    assert reads == [0, 0, 0]
    assert used_up == 55  # FROZEN is five seconds into its minute


def test_the_wait_is_until_the_last_used_up_window_ends():
    limits = [("test:pair", "a@203.0.113.9", "1/15m"), ("test:account", "a", "1/h")]

    with time_machine.travel(FROZEN, tick=False):
        over_limit(limits[:1])
        one_used_up = retry_after(limits)
        over_limit(limits[1:])
        both_used_up = retry_after(limits)

    assert (one_used_up, both_used_up) == (895, 3595)


def test_the_waits_are_told_limit_by_limit_and_their_largest_is_the_wait():
    limits = [("test:key", "k1", "1/m"), ("test:email", "a@example.com", "5/h")]

    with time_machine.travel(FROZEN, tick=False):
        first = attempt_waits(limits)
        second = attempt_waits(limits)
        wait = attempt_wait(limits)

    assert (first, second, wait) == ([0, 0], [55, 0], 55)


def test_the_waits_are_zeros_with_limits_switched_off(settings):
    settings.RATELIMIT_ENABLE = False

    assert attempt_waits([("test:key", "k1", "0/m"), ("test:ip", "10.0.0.1", "0/m")]) == [0, 0]


def test_forgetting_a_limit_starts_its_count_again():
    limits = [("test:pair", "a@203.0.113.9", "1/h")]
    other = [("test:pair", "b@203.0.113.9", "1/h")]

    with time_machine.travel(FROZEN, tick=False):
        over_limit(limits)
        over_limit(other)
        forget_attempts(limits)
        answers = (retry_after(limits), over_limit(limits), retry_after(other))

    assert answers == (0, False, 3595)


def test_the_switch_turns_every_limit_off(settings):
    settings.RATELIMIT_ENABLE = False

    assert [over_limit([("test:form", "203.0.113.9", "0/m")]) for _ in range(3)] == [False] * 3
    assert retry_after([("test:form", "203.0.113.9", "0/m")]) == 0


def test_a_view_over_its_limit_is_not_run():
    view = rate_limited("test:view", "1/m")(ok)

    with time_machine.travel(FROZEN, tick=False):
        view(post())
        with pytest.raises(RateLimited):
            view(post())


def test_a_view_counts_only_the_methods_it_names():
    view = rate_limited("test:view", "1/m")(ok)
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")

    with time_machine.travel(FROZEN, tick=False):
        statuses = [view(request).status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


def test_a_view_limited_for_every_method_counts_reads_too():
    view = rate_limited("test:view", "1/m", methods=None)(ok)
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")

    with time_machine.travel(FROZEN, tick=False):
        view(request)
        with pytest.raises(RateLimited):
            view(request)


def test_a_view_reads_a_rate_function_at_each_request(settings):
    settings.FAQ_SUGGEST_RATE = "1/m"
    view = rate_limited("test:view", lambda: settings.FAQ_SUGGEST_RATE)(ok)

    with time_machine.travel(FROZEN, tick=False):
        view(post())
        settings.FAQ_SUGGEST_RATE = "5/m"
        response = view(post())

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_signed_in_user_is_counted_as_themself_from_any_address():
    view = rate_limited("test:view", "1/m", key="user_or_ip")(ok)
    user = UserFactory()

    with time_machine.travel(FROZEN, tick=False):
        view(post(remote="10.0.0.1", user=user))
        anonymous_same_address = view(post(remote="10.0.0.1"))
        with pytest.raises(RateLimited):
            view(post(remote="10.0.0.2", user=user))

    assert anonymous_same_address.status_code == 200


@pytest.mark.django_db
def test_a_limited_page_answers_a_translated_429(client):
    with time_machine.travel(FROZEN, tick=False):
        for _ in range(5):
            client.post("/zh-hans/account/signup/", {})
        response = client.post("/zh-hans/account/signup/", {})

    assert response.status_code == 429
    assert "请求过于频繁" in response.content.decode()


@pytest.mark.django_db
def test_a_limited_api_call_answers_json(client, settings):
    settings.FAQ_SUGGEST_RATE = "1/m"

    with time_machine.travel(FROZEN, tick=False):
        client.get("/api/faq/suggest", {"q": "password"})
        response = client.get("/api/faq/suggest", {"q": "password"})

    assert response.status_code == 429
    assert response.json()["error"] == "rate_limited"


# --- The Redis pipeline gives the plain cache's answers --------------------------------------
ATTEMPTS = [["a"], ["a", "b"], ["a", "b"], ["b"], ["a", "c"], ["c"]]


def attempt_counts(count, cache):
    return [count(cache, [(f"contract:{name}", 60) for name in names]) for names in ATTEMPTS]


@pytest.mark.redis
def test_the_redis_pipeline_counts_what_the_plain_cache_calls_count():
    cache = caches["default"]

    plain = attempt_counts(count_in_cache, cache)
    cache.clear()
    pipelined = attempt_counts(count_in_redis_pipeline, cache)

    assert pipelined == plain == [[1], [2, 1], [3, 2], [3], [4, 1], [2]]


@pytest.mark.redis
def test_both_ways_share_one_counter_and_its_expiry(redis_url):
    cache = caches["default"]
    counter = [("contract:shared", 60)]

    counts = [
        count_in_cache(cache, counter),
        count_in_redis_pipeline(cache, counter),
        count_in_cache(cache, counter),
    ]

    assert counts == [[1], [2], [3]]
    assert 0 < redis.Redis.from_url(redis_url).ttl(cache.make_key("contract:shared")) <= 60


# --- One socket's allowance ------------------------------------------------------------------
def test_a_socket_may_send_a_burst_then_is_refused():
    allowance = SocketAllowance("10/2s", clock=FakeClock())

    assert [allowance.take() for _ in range(11)] == [True] * 10 + [False]


def test_a_socket_allowance_refills_at_its_rate():
    clock = FakeClock()
    allowance = SocketAllowance("10/2s", clock=clock)
    for _ in range(10):
        allowance.take()

    clock.now = 0.2  # 5 a second: one message more
    answers = [allowance.take(), allowance.take()]

    assert answers == [True, False]


def test_an_idle_socket_gets_no_more_than_one_burst():
    clock = FakeClock()
    allowance = SocketAllowance("3/s", clock=clock)

    clock.now = 3600.0

    assert [allowance.take() for _ in range(4)] == [True, True, True, False]


def test_the_switch_turns_the_socket_allowance_off(settings):
    settings.RATELIMIT_ENABLE = False
    allowance = SocketAllowance("1/m", clock=FakeClock())

    assert [allowance.take() for _ in range(3)] == [True, True, True]
