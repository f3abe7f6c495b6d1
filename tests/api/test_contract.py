"""The contract: requests generated from the published schema against a live daphne, with a
bounded number of examples; no answer may be a server error or break the schema."""

import subprocess
import sys
from pathlib import Path

import pytest

from api import services
from tests.api.conftest import WALLET_SECRET, sign_identity
from tests.chat.factories import PresenceFactory
from tests.factories import staff_user
from tests.faq.factories import ArticleFactory
from tests.tickets.factories import CategoryFactory, TicketFactory

pytestmark = pytest.mark.django_db(transaction=True)

OPEN_LIMITS = {
    "API_RATE_PER_KEY": "100000/m",
    "API_RATE_PER_CUSTOMER": "100000/m",
    "API_RATE_ANONYMOUS": "100000/m",
    "TICKETS_RATE_CREATE_EMAIL": "100000/m",
    "TICKETS_RATE_REPLY_EMAIL": "100000/m",
    "WALLET_IDENTITY_SECRET": WALLET_SECRET,
}


def test_generated_requests_get_no_server_error_and_no_answer_off_schema(start_daphne, tmp_path):
    topic = CategoryFactory(slug="payment-failed", name_en="Payment failed", name_zh_hans="付款")
    PresenceFactory(user=staff_user("agent"))
    server = start_daphne(**OPEN_LIMITS)
    # One credential for every endpoint: a key with all scopes, acting for a wallet user.
    key = services.api_key_create(name="contract", scopes=["faq:read", "tickets:customer", "staff"])
    # The wallet user's guest request joins their account when they sign in.
    ticket = TicketFactory(category=topic, email="li.na@example.com")
    services.identity_exchange(token=sign_identity(sub="w-contract"), language="en")
    # One slug names both a category and its article.
    article = ArticleFactory(slug="top-up", category__slug="top-up")
    # Real identifiers, so that generated requests also reach the rows behind them.
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        f'[parameters]\n"path.reference" = "{ticket.reference}"\n"path.slug" = "{article.slug}"\n'
    )

    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "--config-file",
            str(config),
            "run",
            f"{server.url}/api/v1/schema/?format=json",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--max-examples",
            "6",
            "--max-time",
            "40",
            "--seed",
            "16",
            "--phases",
            "examples,coverage,fuzzing",
            "--generation-database",
            "none",
            "--request-timeout",
            "10",
            "--report-dir",
            str(tmp_path),
            "-H",
            f"Authorization: Bearer {key.plain}",
            "-H",
            "X-Wallet-User-Id: w-contract",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )

    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:] + server.output()[-3000:]
