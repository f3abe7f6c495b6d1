"""factory_boy factories shared by every test module (apps add theirs in their test packages)."""

import factory
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

__all__ = ["UserFactory", "agent", "customer", "staff_user", "supervisor"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs) -> None:
        self.set_password(extracted or "pass-word-123")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs) -> None:
        if create and extracted:
            self.is_staff = True
            self.save(update_fields=["is_staff"])
            self.groups.add(Group.objects.get(name=extracted))


def staff_user(role: str, **kwargs):
    return UserFactory(role=role, **kwargs)


@pytest.fixture
def customer(db):
    return UserFactory()


@pytest.fixture
def agent(db):
    return staff_user("agent")


@pytest.fixture
def supervisor(db):
    return staff_user("supervisor")
