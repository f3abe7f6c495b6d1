"""Where webhooks may go: never to loopback, private, link-local or other internal addresses
(a subscription must not turn the help center into a way to reach its own network), unless
``WEBHOOKS_ALLOW_PRIVATE_TARGETS`` is set (tests, a receiver on the same host).

The rule is checked when an admin saves a subscription and again at every send: the host is
resolved, every address it resolves to must be public, and the request then connects to one of
the addresses that were checked (a DNS answer that changes between the check and the connect
cannot point it inside). Redirects are never followed (``webhooks.sending``)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _internal(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def split_target(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of an http(s) URL; ValidationError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Enter an http or https URL."))
    if parts.username or parts.password:
        raise ValidationError(_("The URL cannot contain a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValidationError(_("The URL's port is not valid.")) from None
    return parts.scheme, parts.hostname, port


def resolve_target(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, address)``: the address to connect to, after checking every
    address the host resolves to. ValidationError (translated) when the URL is malformed, the
    host does not resolve, or any address is internal and the setting does not allow it."""
    scheme, host, port = split_target(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(_("The host name does not resolve.")) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise ValidationError(_("The host name does not resolve."))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS and any(_internal(a) for a in addresses):
        raise ValidationError(_("Webhooks cannot go to loopback, private or link-local addresses."))
    return scheme, host, port, str(addresses[0])


def check_target(url: str) -> None:
    """Raise ValidationError unless webhooks may be sent to ``url`` now."""
    resolve_target(url)
