"""In-process profile of the e-mail intake (no IMAP): the benchmark's message mix filed in
batches of ``email_channel.imap.BATCH`` by ``email_channel.services.inbound_emails_receive``
(what the poll calls per fetched batch), under cProfile, with the SQL statements counted.

    .venv/bin/python -m bench.email_intake_profile [--messages 500] [--postgres] [--top 25]

Prints CPU milliseconds and SQL statements per message (``--no-cprofile``: the CPU without the
profiler's own cost). SQLite in a throwaway directory by default;
``--postgres`` starts a throwaway PostgreSQL and Redis (``bench.stack``) and runs there.
"""

import argparse
import os
import subprocess
import sys
import tempfile

from bench.stack import ROOT, Stack

RUN = """
import cProfile, io, json, pstats, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from bench.email_intake_bench import SEED, message, png
from email_channel import imap, services as intake
from email_channel.models import InboundEmail
seeded = {{}}
seed = SEED.format(targets={targets}, port=1, users=("p0",))
exec(seed.replace("print(json.dumps(", "seeded.update(("))
raws = [message(n, seeded["targets"], {attach_every}, png()) for n in range({messages})]
mailbox = imap.Mailbox.objects.get(pk=seeded["mailboxes"][0])
profile = cProfile.Profile() if {cprofile} else None
with CaptureQueriesContext(connection) as queries:
    cpu, wall = time.process_time(), time.perf_counter()
    if profile:
        profile.enable()
    for start in range(0, len(raws), imap.BATCH):
        intake.inbound_emails_receive(raws=raws[start:start + imap.BATCH], mailbox=mailbox)
    if profile:
        profile.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
if profile:
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("{sort}").print_stats({top})
    print(out.getvalue())
import collections, re
kinds = collections.Counter(
    re.sub(r"'[^']*'|\\b\\d+\\b|\\bs\\d+_x\\d+", "?", q["sql"])[:90]
    for q in queries.captured_queries
)
for sql, count in kinds.most_common(30):
    print(f"{{count / {messages}:6.2f}}  {{sql}}")
assert InboundEmail.objects.count() == {messages}, InboundEmail.objects.count()
assert not InboundEmail.objects.filter(status="quarantined").exists()
print("PROFILE_RESULT " + json.dumps({{
    "messages": {messages},
    "cpu_ms_per_message": round(1000 * cpu / {messages}, 2),
    "wall_ms_per_message": round(1000 * wall / {messages}, 2),
    "statements_per_message": round(len(queries) / {messages}, 2),
    "vendor": connection.vendor,
    "cprofile": {cprofile},
}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--targets", type=int, default=50)
    parser.add_argument("--attach-every", type=int, default=10)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument(
        "--no-cprofile", action="store_true", help="CPU and statements without the profiler"
    )
    args = parser.parse_args()
    code = RUN.format(
        messages=args.messages,
        targets=args.targets,
        attach_every=args.attach_every,
        top=args.top,
        sort=args.sort,
        cprofile=not args.no_cprofile,
    )
    if args.postgres:
        with Stack() as stack:
            stack.env["EMAIL_AUTO_REPLY_RATE"] = "100000000/h"
            print(stack.manage("shell", "-c", code))
        return 0
    env = {
        **os.environ,
        "HELPCENTER_VAR_DIR": tempfile.mkdtemp(prefix="hc-profile-"),
        "EMAIL_AUTO_REPLY_RATE": "100000000/h",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [*manage, "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    print(result.stdout, result.stderr[-3000:])
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
