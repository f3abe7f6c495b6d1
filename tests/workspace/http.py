"""A visitor or an agent talking to the live server over HTTP, as a browser would."""

import re

import httpx

from tests.chat.conftest import _login_cookie
from tests.waiting import HTTP_TIMEOUT

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def signed_in(user) -> httpx.Client:
    """An HTTP client with a session of ``user`` (as after signing in)."""
    name, value = _login_cookie(user).split("=", 1)
    return httpx.Client(cookies={name: value}, timeout=HTTP_TIMEOUT)


def post_form(
    client: httpx.Client, url: str, data: dict, *, page: str | None = None
) -> httpx.Response:
    """POST a form the way a browser does: the token from its page, the cookie it set."""
    page = page or url
    token = TOKEN.search(client.get(page).text).group(1)
    return client.post(url, data={**data, "csrfmiddlewaretoken": token}, headers={"Referer": page})


def send_request(base: str, category, *, subject: str = "Top-up missing") -> httpx.Response:
    """A guest sends a request through the public form."""
    with httpx.Client(timeout=HTTP_TIMEOUT) as visitor:
        return post_form(
            visitor,
            f"{base}/en/requests/new/",
            {
                "category": category.pk,
                "subject": subject,
                "description": "I topped up 100 CNY an hour ago and it is not there.",
                "name": "Emma Clark",
                "email": "emma@example.com",
                "website": "",
            },
        )
