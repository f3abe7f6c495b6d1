"""E-mail intake benchmark: 10,000 queued messages fetched from a local dovecot by the IMAP
poll, on the production-like stack (PostgreSQL, Redis). Target: >= 100 messages/s on two cores,
each filed exactly once.

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.email_intake_bench [--messages 10000]

The mix: new mail, replies by reply address, replies by References, one in ``--attach-every``
with a PNG attachment. Messages are appended over IMAP before the clock starts; then one
poller process per mailbox (``--mailboxes``, default 2: one per core, since a mailbox is polled
by one worker at a time) runs ``email_channel.imap.mailbox_poll`` until its mailbox is empty.
Afterwards every message must be filed exactly once and no mailbox may hold unread mail.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import time
from email.message import EmailMessage
from email.policy import SMTP

from imap_tools import MailBoxUnencrypted
from PIL import Image

from bench.stack import ROOT, Stack
from tests.services import Dovecot

SEED = """
import json
from core.models import Topic
from tickets import mail_ids, notifications, services
from email_channel.models import Mailbox
category = Topic.objects.create(slug="bench-mail", name_zh_hans="邮件", name_en="Mail")
targets = []
for n in range({targets}):
    t = services.ticket_create(category=category, subject=f"Earlier {{n}}", description="x",
        email=f"old{{n}}@example.com", name="Old", language="en")
    targets.append([t.customer_email, mail_ids.reply_address(t.pk),
                    notifications.thread_root_id(t)])
ids = [Mailbox.objects.create(name=f"bench {{i}}", host="127.0.0.1", port={port},
        security="none", username=user, password_env="BENCH_IMAP_PASSWORD_" + user).pk
       for i, user in enumerate({users!r})]
print(json.dumps({{"targets": targets, "mailboxes": ids}}))
"""

POLL = """
import cProfile, os, pstats, time
from email_channel import imap
started = time.perf_counter()
profile = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
if profile:
    profile.enable()
taken = imap.mailbox_poll(mailbox_id={mailbox_id})
if profile:
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
print(taken, time.perf_counter() - started)
"""

CHECK = """
import json
from django.db.models import Count
from email_channel.models import InboundEmail
from tickets.models import Ticket, TicketMessage
print(json.dumps({
    "inbound": InboundEmail.objects.count(),
    "filed": InboundEmail.objects.filter(status="filed").count(),
    "quarantined": InboundEmail.objects.filter(status="quarantined").count(),
    "email_tickets": Ticket.objects.filter(source="email").count(),
    "ticket_messages": TicketMessage.objects.count(),
    "duplicate_ids": InboundEmail.objects.values("message_id").annotate(n=Count("id"))
        .filter(n__gt=1).count(),
}))
"""


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 90, 200)).save(out, format="PNG")
    return out.getvalue()


def message(n: int, targets: list, attach_every: int, picture: bytes) -> bytes:
    mail = EmailMessage(policy=SMTP)
    mail["Message-ID"] = f"<bench-{n}@example.com>"
    kind = n % 10
    if kind < 6 or not targets:  # new mail
        mail["From"] = f"Customer {n} <c{n}@example.com>"
        mail["To"] = "support@wallet.example"
        mail["Subject"] = f"付款失败 {n}"
        mail.set_content(f"我的付款失败了，订单 {n}。\nMy payment {n} failed.")
    else:
        email, reply_address, root = targets[n % len(targets)]
        mail["From"] = email
        if kind < 8:
            mail["To"] = reply_address
        else:
            mail["To"] = "support@wallet.example"
            mail["In-Reply-To"] = root
            mail["References"] = root
        mail["Subject"] = "Re: your request"
        mail.set_content(f"Reply {n}.\n\nOn Mon, 30 Nov 2026 Help wrote:\n> earlier text\n")
    if attach_every and n % attach_every == 0:
        mail.add_attachment(picture, maintype="image", subtype="png", filename=f"shot{n}.png")
    return mail.as_bytes()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--mailboxes", type=int, default=2)
    parser.add_argument("--targets", type=int, default=200, help="earlier requests replied to")
    parser.add_argument("--attach-every", type=int, default=10)
    args = parser.parse_args()
    users = tuple(f"support{i}" for i in range(args.mailboxes))
    imap_server = Dovecot().start(users=users)
    try:
        with Stack() as stack:
            stack.env["EMAIL_AUTO_REPLY_RATE"] = "100000000/h"
            for user in users:
                stack.env[f"BENCH_IMAP_PASSWORD_{user}"] = f"secret-{user}"
            seeded = json.loads(
                stack.manage(
                    "shell",
                    "-c",
                    SEED.format(targets=args.targets, port=imap_server.port, users=users),
                ).splitlines()[-1]
            )
            picture = png()
            started = time.perf_counter()
            clients = [
                MailBoxUnencrypted("127.0.0.1", imap_server.port).login(u, f"secret-{u}")
                for u in users
            ]
            for n in range(args.messages):
                raw = message(n, seeded["targets"], args.attach_every, picture)
                clients[n % len(clients)].append(raw, "INBOX", flag_set=())
            for client in clients:
                client.logout()
            print(f"appended {args.messages} in {time.perf_counter() - started:.1f} s", flush=True)

            started = time.perf_counter()
            pollers = [
                subprocess.Popen(
                    [sys.executable, "manage.py", "shell", "-c", POLL.format(mailbox_id=pk)],
                    cwd=ROOT,
                    env=stack.env,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for pk in seeded["mailboxes"]
            ]
            outputs = [p.communicate()[0] for p in pollers]
            taken = [int(out.split()[-2]) for out in outputs]
            # Without each poller's Python and Django start-up.
            poll_seconds = max(float(out.split()[-1]) for out in outputs)
            if os.environ.get("BENCH_PROFILE"):
                print(*outputs, sep="\n")
            elapsed = time.perf_counter() - started
            check = json.loads(stack.manage("shell", "-c", CHECK).splitlines()[-1])
            unread = 0
            for user in users:
                with MailBoxUnencrypted("127.0.0.1", imap_server.port).login(
                    user, f"secret-{user}"
                ) as client:
                    unread += len(client.uids("UNSEEN"))
    finally:
        imap_server.stop()
    result = {
        "messages": args.messages,
        "taken": sum(taken),
        "seconds": round(elapsed, 2),
        "messages_per_second": round(sum(taken) / elapsed, 1),
        "poll_seconds": round(poll_seconds, 2),
        "messages_per_second_polling": round(sum(taken) / poll_seconds, 1),
        "unread_left": unread,
        **check,
    }
    print("BENCH_RESULT " + json.dumps(result), flush=True)
    ok = (
        check["inbound"] == args.messages
        and check["duplicate_ids"] == 0
        and check["quarantined"] == 0
        and unread == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
