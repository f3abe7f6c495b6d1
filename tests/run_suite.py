"""`make test`: the whole suite, twice (browser tests once: see tests/conftest.py).

1. On the embedded default (SQLite, in-memory channel layer, file-system Celery broker).
2. On real PostgreSQL and Redis servers this script starts on free loopback ports.

When the server binaries are missing the second pass is skipped with its reason, unless
HELPCENTER_REQUIRE_SERVICES=1 (CI), which makes that a failure. Extra arguments go to pytest.
"""

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from tests.services import REQUIRE_SERVICES, Postgres, Redis, ServiceUnavailable

ROOT = Path(__file__).resolve().parent.parent
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL")


def run_pass(name: str, extra_env: dict[str, str], args: list[str]) -> int:
    # A prefix keeps parallel runs (several people, or CI beside a dev run) apart.
    prefix = os.environ.get("HELPCENTER_TEST_VAR_PREFIX", "")
    var_dir = ROOT / "var" / f"test-{prefix}{'-' if prefix else ''}{name}"
    with pass_lock(var_dir) as held:
        if not held:
            print(
                f"\n=== test pass: {name} REFUSED: another run is using {var_dir}; wait for it or"
                " set HELPCENTER_TEST_VAR_PREFIX ===",
                flush=True,
            )
            return 1
        return _run_pass(name, var_dir, extra_env, args)


@contextlib.contextmanager
def pass_lock(var_dir: Path) -> Iterator[bool]:
    """Whether this run has ``var_dir`` to itself, held for the whole pass. A second run on the
    same directory used to empty it under the first: its servers then made a new secret key
    and refused every session and token of the first (tests/conftest.py, ``server_env``)."""
    var_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(var_dir.with_name(f"{var_dir.name}.lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True  # the lock goes with the file's closing, or with this process


def _run_pass(name: str, var_dir: Path, extra_env: dict[str, str], args: list[str]) -> int:
    shutil.rmtree(var_dir, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env.update(extra_env)
    env.update({"HELPCENTER_VAR_DIR": str(var_dir), "HELPCENTER_TEST_PASS": name})
    print(f"\n=== test pass: {name} ===", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # The slowest tests of each pass, so a suite that grows shows where (README, Tests).
    report = var_dir / "junit.xml"
    command = [sys.executable, "-m", "pytest", "--durations=15", f"--junitxml={report}", *args]
    code = subprocess.run(command, cwd=ROOT, env=env).returncode
    FAILURES[name] = failures_in(report)
    return code


# What failed in each pass, printed again at the very end: CI may keep only the output's tail,
# and a first pass's failure would otherwise scroll out of it behind the second pass.
FAILURES: dict[str, list[str]] = {}


def failures_in(report: Path) -> list[str]:
    """One line per failed or erroring test in a JUnit XML report: its id and the first line
    of its message."""
    try:
        root = ET.parse(report).getroot()  # noqa: S314 -- written by this run's own pytest
    except (OSError, ET.ParseError):
        return []
    lines = []
    for case in root.iter("testcase"):
        for outcome in ("failure", "error"):
            found = case.find(outcome)
            if found is None:
                continue
            test = f"{case.get('classname', '').replace('.', '/')}.py::{case.get('name')}"
            message = (found.get("message") or "").strip().splitlines()
            lines.append(f"{outcome}: {test}: {message[0][:200] if message else ''}")
    return lines


def main(args: list[str]) -> int:
    results = {"embedded": run_pass("embedded", {}, args)}
    postgres, redis = Postgres(), Redis()
    try:
        postgres.start()
        redis.start()
    except (ServiceUnavailable, OSError, subprocess.CalledProcessError) as exc:
        reason = getattr(exc, "stderr", None) or exc
        print(f"\n=== test pass: services SKIPPED: {reason} ===", flush=True)
        if REQUIRE_SERVICES:
            print("HELPCENTER_REQUIRE_SERVICES=1: a skipped pass is a failure.", flush=True)
            results["services"] = 1
    else:
        results["services"] = run_pass(
            "services", {"DATABASE_URL": postgres.url, "REDIS_URL": redis.url}, args
        )
    finally:
        redis.stop()
        postgres.stop()
    for name, lines in FAILURES.items():
        for line in lines:
            print(f"{name}: {line}", flush=True)
    print("\n" + "  ".join(f"{k}: {'passed' if v == 0 else 'FAILED'}" for k, v in results.items()))
    return 0 if all(code == 0 for code in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
