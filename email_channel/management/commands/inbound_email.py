"""``manage.py inbound_email < message.eml``: the pipe a local MTA (postfix, exim) delivers
support mail to. Exit codes are sysexits(3), which both MTAs understand:

- 0: filed, ignored as automatic, already filed before, or kept in the quarantine;
- 65 (EX_DATAERR): larger than ``EMAIL_MAX_BYTES``: the MTA bounces it to the sender;
- 75 (EX_TEMPFAIL): the database is unreachable or another temporary failure: the MTA keeps the
  message and tries again later.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from email_channel.services import inbound_email_receive

EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "File one e-mail read from standard input (for an MTA's pipe transport)."
    # call_command(..., stdin=binary_file) for callers in the same process.
    stealth_options = ("stdin",)

    def handle(self, *args, **options) -> None:
        source = options.get("stdin") or sys.stdin.buffer
        raw = source.read(settings.EMAIL_MAX_BYTES + 1)
        if len(raw) > settings.EMAIL_MAX_BYTES:
            self.stderr.write("message larger than EMAIL_MAX_BYTES")
            raise CommandError("message too large", returncode=EX_DATAERR)
        try:
            record = inbound_email_receive(raw=raw)
        except DatabaseError as exc:
            self.stderr.write(f"temporary failure: {exc}")
            raise CommandError("temporary failure", returncode=EX_TEMPFAIL) from exc
        self.stdout.write(f"{record.status} {record.message_id}")
