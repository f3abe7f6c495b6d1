from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction

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
