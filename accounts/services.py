import datetime as dt
from collections.abc import Collection, Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts import verification
from accounts.models import CustomerProfile, EmailVerification, StaffPreference, WalletIdentity
from accounts.roles import ROLES
from accounts.signals import email_confirmed
from core.ratelimits import forget_attempts, over_limit, retry_after

# --- Customer accounts ----------------------------------------------------------------------
# A confirmation link works this long after it was sent.
VERIFICATION_VALID_FOR = dt.timedelta(hours=24)
# E-mails an account may ask for in an hour: confirmation links (resent or for a new address)
# per account, password reset links per address. Fixed, not settings: nobody needs more.
VERIFICATION_EMAILS_RATE = "3/h"
RESET_EMAILS_RATE = "3/h"
Purpose = EmailVerification.Purpose
Status = EmailVerification.Status


class VerificationRefused(Exception):
    """A confirmation link that cannot be used; ``reason`` is one of ``invalid``, ``used``,
    ``replaced``, ``expired`` or ``taken`` (another account has the address meanwhile)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def customer_create(*, name: str, email: str, password: str, language: str) -> AbstractUser:
    """A customer account signed in by e-mail (its username is the e-mail itself), whose
    e-mails are in ``language``; a confirmation link is e-mailed to the address."""
    user = get_user_model()(username=email, email=email, first_name=name[:150])
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    CustomerProfile.objects.create(user=user, language=language)
    email_verification_start(user=user, email=email, purpose=Purpose.SIGNUP)
    return user


def _profile(user: AbstractUser) -> CustomerProfile:
    # Accounts made before profiles existed get one in the site's default language.
    profile, _created = CustomerProfile.objects.get_or_create(
        user=user, defaults={"language": settings.LANGUAGE_CODE}
    )
    return profile


def _address_taken(email: str, *, by_other_than: AbstractUser) -> bool:
    others = get_user_model().objects.exclude(pk=by_other_than.pk)
    return others.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()


@transaction.atomic
def email_verification_start(*, user: AbstractUser, email: str, purpose: str) -> EmailVerification:
    """A new confirmation link for ``email``, e-mailed after commit (``accounts.tasks``); the
    account's pending link, if any, stops working."""
    EmailVerification.objects.filter(user=user, status=Status.PENDING).update(
        status=Status.REPLACED, updated_at=timezone.now()
    )
    pending = EmailVerification.objects.create(user=user, email=email, purpose=purpose)
    from accounts import tasks  # imported here: the task module imports the e-mails, then this

    transaction.on_commit(lambda: tasks.send_email_verification.delay(pending.pk))
    return pending


def email_verification_resend(*, user: AbstractUser) -> EmailVerification | None:
    """E-mail the link again (a new one) for the address waiting to be confirmed: a pending new
    address, else the account's own while unconfirmed. None when nothing waits."""
    pending = EmailVerification.objects.filter(user=user, status=Status.PENDING).first()
    if pending is not None:
        return email_verification_start(user=user, email=pending.email, purpose=pending.purpose)
    if _profile(user).email_verified_at is None:
        return email_verification_start(user=user, email=user.email, purpose=Purpose.SIGNUP)
    return None


def email_change_request(*, user: AbstractUser, new_email: str) -> EmailVerification:
    """Send a confirmation link to ``new_email``; the account keeps its address (and signs in
    with it) until the link is used."""
    new_email = new_email.strip().lower()
    if new_email == user.email.lower():
        raise ValidationError(_("This is already your e-mail address."))
    if _address_taken(new_email, by_other_than=user):
        raise ValidationError(_("An account with this e-mail already exists."))
    return email_verification_start(user=user, email=new_email, purpose=Purpose.CHANGE)


@transaction.atomic
def email_verification_confirm(*, token: str) -> AbstractUser:
    """Use a confirmation link once: the account's address becomes the link's (confirmed), and
    the guest requests and chats sent with that address join the account. Raises
    ``VerificationRefused`` for a forged, used, replaced or expired link."""
    found = verification.unpack(token)
    if found is None:
        raise VerificationRefused("invalid")
    pk, key = found
    pending = (
        EmailVerification.objects.select_for_update()
        .select_related("user")
        .filter(pk=pk, key=key)
        .first()
    )
    if pending is None or not pending.user.is_active:
        raise VerificationRefused("invalid")
    if pending.status != Status.PENDING:
        raise VerificationRefused(pending.status)
    if pending.created_at < timezone.now() - VERIFICATION_VALID_FOR:
        raise VerificationRefused("expired")
    user = pending.user
    if _address_taken(pending.email, by_other_than=user):
        raise VerificationRefused("taken")
    pending.status = Status.USED
    pending.save(update_fields=["status", "updated_at"])
    if user.username.lower() == user.email.lower():
        user.username = pending.email
    user.email = pending.email
    user.save(update_fields=["username", "email"])
    _email_confirmed(user)
    return user


@transaction.atomic
def email_confirmed_by_password_reset(*, user: AbstractUser) -> None:
    """A password reset was completed from a link e-mailed to the account's address, which
    proves the address as well as a confirmation link does (and ends the hold of someone who
    signed up with an address that is not theirs)."""
    if not user.is_staff and _profile(user).email_verified_at is None:
        _email_confirmed(user)


def _email_confirmed(user: AbstractUser) -> None:
    CustomerProfile.objects.filter(pk=_profile(user).pk).update(email_verified_at=timezone.now())
    # tickets and chat claim the address's guest requests and chats (their receivers).
    email_confirmed.send(sender=type(user), user=user, email=user.email)


class WalletIdentityRefused(Exception):
    """A signed wallet identity that cannot be given an account: ``reason`` is ``staff`` (the
    e-mail is a staff member's) or ``taken`` (the e-mail's account belongs to another wallet
    user)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def wallet_customer_sign_in(
    *, wallet_user_id: str, email: str, name: str, phone: str = "", language: str
) -> AbstractUser:
    """The customer account of a wallet user whose identity the wallet signed: found by the
    wallet user id, else by the e-mail (any case), else created without a password. The wallet
    is the authority on its users, so the e-mail counts as confirmed: the guest requests and
    chats sent with it join the account (``email_confirmed``). A later identity with a new
    e-mail moves the account to it unless another account has it. Raises
    ``WalletIdentityRefused`` rather than attach a staff account or another wallet user's."""
    email = email.strip()
    users = get_user_model().objects.select_for_update()
    known = WalletIdentity.objects.select_related("user").filter(wallet_user_id=wallet_user_id)
    identity = known.first()
    if identity is not None:
        user = identity.user
        if user.email.lower() != email.lower() and not _address_taken(email, by_other_than=user):
            if user.username.lower() == user.email.lower():
                user.username = email
            user.email = email
            user.save(update_fields=["username", "email"])
    else:
        user = users.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
        if user is None:
            user = get_user_model()(username=email, email=email, first_name=name.strip()[:150])
            user.set_unusable_password()
            user.save()
            CustomerProfile.objects.create(user=user, language=language)
        elif user.is_staff:
            raise WalletIdentityRefused("staff")
        elif WalletIdentity.objects.filter(user=user).exists():
            raise WalletIdentityRefused("taken")
        identity = WalletIdentity(user=user, wallet_user_id=wallet_user_id)
    identity.phone = phone.strip()[:32]
    identity.last_signed_in_at = timezone.now()
    identity.save()
    if user.email.lower() == email.lower():
        _email_confirmed(user)
    return user


@transaction.atomic
def customer_deactivate(*, user: AbstractUser) -> None:
    """Close a customer account for good until deletion exists: it can no longer sign in,
    its links stop working; its requests stay with the help center."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    EmailVerification.objects.filter(user=user, status=Status.PENDING).update(
        status=Status.REPLACED, updated_at=timezone.now()
    )


def password_reset_mail_allowed(*, email: str) -> bool:
    """Count a password reset e-mail to ``email``; False once RESET_EMAILS_RATE is used
    up, so nobody can flood an inbox from many addresses."""
    address = email.strip().casefold()
    return not over_limit([("accounts:password-reset:email", address, RESET_EMAILS_RATE)])


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
    return staff_languages([user.pk])[user.pk]


def staff_languages(user_ids: Iterable[int]) -> dict[int, str]:
    """``staff_language`` of each of ``user_ids``, in one query."""
    ids = set(user_ids)
    rows = StaffPreference.objects.filter(user_id__in=ids).values_list("user_id", "language")
    chosen = {user_id: language for user_id, language in rows if language}
    return {user_id: chosen.get(user_id, settings.LANGUAGE_CODE) for user_id in ids}


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
