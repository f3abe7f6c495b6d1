"""``manage.py apikey create --name NAME --scopes faq:read,tickets:customer`` (prints the key
once), ``apikey revoke PREFIX`` and ``apikey list``."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api import services
from api.models import ApiKey


class Command(BaseCommand):
    help = "Create, list and revoke API keys."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="Create a key and print it once.")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--scopes",
            required=True,
            help=f"Comma-separated: {', '.join(ApiKey.Scope.values)}.",
        )
        revoke = commands.add_parser("revoke", help="Revoke the key with this prefix.")
        revoke.add_argument("prefix", help="The 8 characters after hck_.")
        commands.add_parser("list", help="The keys (never their secrets).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action}")(**options)

    def _create(self, *, name: str, scopes: str, **options: Any) -> None:
        try:
            created = services.api_key_create(name=name, scopes=scopes.split(","))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stderr.write(f"Created {created.api_key}. The key is shown only now:")
        self.stdout.write(created.plain)

    def _revoke(self, *, prefix: str, **options: Any) -> None:
        api_key = ApiKey.objects.filter(prefix=prefix.removeprefix("hck_")[:8]).first()
        if api_key is None:
            raise CommandError(f"No API key with prefix {prefix!r}.")
        services.api_key_revoke(api_key=api_key)
        self.stdout.write(f"Revoked {api_key}.")

    def _list(self, **options: Any) -> None:
        for api_key in ApiKey.objects.all():
            state = "revoked" if api_key.revoked_at else "active"
            self.stdout.write(
                f"hck_{api_key.prefix}_…  {state:8}  {','.join(api_key.scopes):35}  {api_key.name}"
            )
