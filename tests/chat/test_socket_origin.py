"""The websocket Origin check compares whole origins (scheme, host and port) with the site's
own: each ALLOWED_HOSTS host at SITE_URL's scheme and port, and CSRF_TRUSTED_ORIGINS."""

import pytest

from tests.chat.conftest import agent_socket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("origin", [b"http://127.0.0.1:9999", b"https://127.0.0.1"])
async def test_the_sites_host_on_another_port_or_scheme_is_refused(settings, online_agent, origin):
    settings.SITE_URL = "http://127.0.0.1:8000"
    socket = await agent_socket(online_agent, origin=origin)

    assert await socket.connect() is False


async def test_the_sites_own_origin_is_accepted(settings, online_agent):
    settings.SITE_URL = "http://127.0.0.1:8000"
    socket = await agent_socket(online_agent, origin=b"http://localhost:8000")

    assert await socket.connect() is True
    await socket.close()


async def test_an_origin_the_site_trusts_for_csrf_is_accepted(settings, online_agent):
    settings.CSRF_TRUSTED_ORIGINS = ["https://help.wallet.example"]
    socket = await agent_socket(online_agent, origin=b"https://help.wallet.example")

    assert await socket.connect() is True
    await socket.close()
