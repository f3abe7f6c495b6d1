from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction

from accounts.models import StaffPreference
from accounts.roles import ROLES


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
