"""The secret segment of the confirmation and password reset links never reaches the access
log (helpcenter.access_log's one redact rule)."""

import pytest

from helpcenter.access_log import redact


@pytest.mark.parametrize(
    ("target", "logged"),
    [
        ("/en/account/email/confirm/12.abc:SIG/", "/en/account/email/confirm/[redacted]/"),
        ("/zh-hans/account/reset/MTI/c4f-0a1b2c/", "/zh-hans/account/reset/MTI/[redacted]/"),
        ("/en/account/email/check/", "/en/account/email/check/"),
        ("/en/account/password-reset/", "/en/account/password-reset/"),
    ],
)
def test_link_tokens_are_redacted(target, logged):
    assert redact(target) == logged
