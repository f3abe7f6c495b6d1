"""``manage.py customer_erase EMAIL --reason TEXT [--yes]``: erase a customer (audited). The
customer is e-mailed first. Without ``--yes`` the command asks for confirmation."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privacy import services
from privacy.subjects import SubjectNotFound, subject_find


class Command(BaseCommand):
    help = "Erase a customer's personal data; their requests and chats stay as anonymous rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", nargs="?", default="", help="The customer's e-mail address.")
        parser.add_argument(
            "--wallet-user-id", default="", help="Find the customer by wallet user id."
        )
        parser.add_argument("--reason", required=True, help="Why (kept in the audit log).")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: object, **options: object) -> None:
        email = str(options["email"])
        wallet_user_id = str(options["wallet_user_id"])
        if not email and not wallet_user_id:
            raise CommandError("Give an e-mail address or --wallet-user-id.")
        try:
            subject = subject_find(email=email, wallet_user_id=wallet_user_id)
        except SubjectNotFound as exc:
            raise CommandError(str(exc.message)) from exc
        if not options["yes"]:
            self.stdout.write(
                f"This erases {len(subject.ticket_ids)} requests and "
                f"{len(subject.conversation_ids)} chats of {', '.join(sorted(subject.emails))}."
            )
            if input("Type 'erase' to go on: ").strip() != "erase":
                raise CommandError("Nothing was erased.")
        try:
            result = services.customer_erase(
                email=email, wallet_user_id=wallet_user_id, reason=str(options["reason"])
            )
        except services.ErasureError as exc:
            raise CommandError(str(exc.message)) from exc
        changed = ", ".join(f"{k} {v}" for k, v in result.counts.items() if v)
        self.stdout.write(
            self.style.SUCCESS(f"Erased customer {result.customer_id or '-'}: {changed}.")
        )
