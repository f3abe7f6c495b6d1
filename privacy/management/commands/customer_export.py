"""``manage.py customer_export EMAIL --out FILE``: a customer's data as a zip (audited)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privacy import services
from privacy.subjects import SubjectNotFound


class Command(BaseCommand):
    help = "Write everything the help center holds about a customer to a zip (JSON and files)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", nargs="?", default="", help="The customer's e-mail address.")
        parser.add_argument(
            "--wallet-user-id", default="", help="Find the customer by wallet user id."
        )
        parser.add_argument("--out", required=True, help="The zip file to write.")

    def handle(self, *args: object, **options: object) -> None:
        if not options["email"] and not options["wallet_user_id"]:
            raise CommandError("Give an e-mail address or --wallet-user-id.")
        out = Path(str(options["out"]))
        try:
            with out.open("wb") as handle:
                counts = services.customer_export(
                    out=handle,
                    email=str(options["email"]),
                    wallet_user_id=str(options["wallet_user_id"]),
                )
        except SubjectNotFound as exc:
            out.unlink(missing_ok=True)
            raise CommandError(str(exc.message)) from exc
        summary = ", ".join(f"{k} {v}" for k, v in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Wrote {out} ({summary})."))
