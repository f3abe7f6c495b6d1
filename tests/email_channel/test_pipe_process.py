"""``manage.py inbound_email`` as an MTA runs it: a process reading standard input."""

import pytest

from email_channel.models import InboundEmail
from tests.email_channel.helpers import run_pipe
from tests.email_channel.mails import build
from tests.tickets.factories import CategoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_pipe_files_the_message_and_exits_0():
    CategoryFactory(slug="general")

    result = run_pipe(build(message_id="<piped@example.com>"))

    assert result.returncode == 0, result.stderr
    assert InboundEmail.objects.get(message_id="<piped@example.com>").ticket is not None


def test_pipe_exits_65_for_a_message_over_the_size_limit_so_the_mta_bounces_it():
    result = run_pipe(build(body="x" * 5000), EMAIL_MAX_BYTES="2000")

    assert result.returncode == 65
    assert InboundEmail.objects.count() == 0


def test_pipe_exits_75_when_the_database_is_unreachable_so_the_mta_retries():
    from tests.services import free_port

    result = run_pipe(
        build(), DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/helpcenter"
    )

    assert result.returncode == 75, result.stderr
