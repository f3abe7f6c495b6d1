"""Load the bilingual demo data: staff accounts, contact channels, business hours, and each
app's own demo content (``<app>/demo.py`` with a ``load()`` function). Safe to run repeatedly."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from helpcenter import demo

APPS_WITH_DEMO = (
    "faq",
    "tickets",
    "chat",
    "teams",
    "insights",
    "wallet",
    "webhooks",
    "api",
    "email_channel",
    "privacy",
    "workspace",
    "macros",
)


class Command(BaseCommand):
    help = "Load (or refresh) the demo data. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Demo accounts have well-known passwords; refuse in production unless set.",
        )

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError("Refusing to create demo accounts in production.")
        with transaction.atomic():
            demo.load()
            for name in APPS_WITH_DEMO:
                try:
                    module = importlib.import_module(f"{name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{name}.demo":
                        raise
                    continue
                module.load()
            demo.load_customer()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        for login in [*demo.DEMO_LOGINS, demo.DEMO_CUSTOMER]:
            self.stdout.write(f"  {login['role']:<11} {login['username']:<12} {login['password']}")
