from collections.abc import Collection

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction
from django.utils.crypto import salted_hmac

from accounts.models import StaffPreference
from accounts.roles import ROLES
from core.ratelimits import forget_attempts, over_limit, retry_after


@transaction.atomic
def customer_create(*, name: str, email: str, password: str) -> AbstractUser:
    """A customer account signed in by e-mail; its username is the e-mail itself."""
    user = get_user_model()(username=email, email=email, first_name=name[:150])
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def staff_member_upsert(
    *, username: str, email: str, name: str, role: str, password: str
) -> AbstractUser:
    """Create or update a staff member in exactly one role (used by the demo data)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.email = email
    user.first_name = name
    user.is_staff = True
    user.is_superuser = role == "admin"
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user


def staff_language_remember(*, user: AbstractUser, language: str) -> None:
    """Record the language ``user`` works in, for the e-mails the help center sends them."""
    StaffPreference.objects.update_or_create(user=user, defaults={"language": language})


def staff_language(user: AbstractUser) -> str:
    """The language of e-mails to ``user``: their preference, else the site's default."""
    preference = StaffPreference.objects.filter(user=user).values_list("language", flat=True)
    return preference.first() or settings.LANGUAGE_CODE


# --- Sign-in throttling (the site's sign-in page and Django admin's alike) ---------------------
def login_account_key(identifier: str) -> str:
    """What sign-in limits and known-device cookies name an account by: a keyed hash of the
    username or e-mail as typed, ignoring case and surrounding spaces (the e-mail matches in any
    case, accounts.backends), so neither a cache key nor a cookie holds the name itself."""
    normalized = identifier.strip().casefold()
    return salted_hmac("accounts.login-account", normalized, algorithm="sha256").hexdigest()[:32]


def _login_failure_limits(*, account: str, address: str) -> list[tuple[str, str, str]]:
    return [
        (
            "accounts:login-failures:account-address",
            f"{account}@{address}",
            settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS,
        ),
        ("accounts:login-failures:account", account, settings.LOGIN_FAILURES_PER_ACCOUNT),
    ]


def login_throttle_check(*, identifier: str, address: str, known_accounts: Collection[str]) -> int:
    """Seconds before ``identifier`` may be tried from ``address`` (0: now). Refused after
    LOGIN_FAILURES_PER_ACCOUNT_ADDRESS failures of that account from that address, and after
    LOGIN_FAILURES_PER_ACCOUNT failures from all addresses together unless the browser signed
    in to the account recently (``known_accounts``, ``login_account_key`` values): an attacker
    rotating addresses cannot lock the owner out of a browser they use. Counts nothing."""
    account = login_account_key(identifier)
    per_address, per_account = _login_failure_limits(account=account, address=address)
    if account in known_accounts:
        return retry_after([per_address])
    return retry_after([per_address, per_account])


def login_throttle_record(*, identifier: str, address: str, succeeded: bool) -> None:
    """Count a failed sign-in against both limits; after a successful one, forget that
    account's failures from that address (the account-wide count stays: others may still be
    guessing from elsewhere)."""
    per_address, per_account = _login_failure_limits(
        account=login_account_key(identifier), address=address
    )
    if succeeded:
        forget_attempts([per_address])
    else:
        over_limit([per_address, per_account])
