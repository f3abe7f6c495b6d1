"""Throwaway PostgreSQL and Redis servers on free loopback ports, for the test suite.

PostgreSQL refuses to run as root: when the suite runs as root (as in CI), the cluster is
created and started as the ``postgres`` user with ``runuser``, in a directory it owns.
"""

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.waiting import wait_until

REQUIRE_SERVICES = os.environ.get("HELPCENTER_REQUIRE_SERVICES") == "1"


class ServiceUnavailable(RuntimeError):
    """A server binary is missing; tests skip, or fail when HELPCENTER_REQUIRE_SERVICES=1."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def postgres_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def redis_binary() -> str | None:
    return shutil.which("redis-server")


def _as_postgres_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@dataclass
class Postgres:
    port: int = field(default_factory=free_port)
    directory: Path | None = None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/helpcenter"

    def start(self) -> "Postgres":
        bindir = postgres_bindir()
        if bindir is None:
            raise ServiceUnavailable("PostgreSQL is not installed (apt-get install postgresql)")
        self.directory = Path(tempfile.mkdtemp(prefix="hc-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.directory, user.pw_uid, user.pw_gid)
        data = self.directory / "data"
        subprocess.run(
            _as_postgres_user(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "-N",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {self.port} -k {self.directory} -h 127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        subprocess.run(
            _as_postgres_user(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(self.directory / "log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        # The database the URL names, for processes that are not a test runner (benchmarks).
        createdb = [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)]
        subprocess.run(
            _as_postgres_user([*createdb, "-U", "postgres", "helpcenter"]),
            check=True,
            capture_output=True,
        )
        return self

    def stop(self) -> None:
        if self.directory is None:
            return
        bindir = postgres_bindir()
        subprocess.run(
            _as_postgres_user(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(self.directory / "data"),
                    "-m",
                    "immediate",
                    "stop",
                ]
            ),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None


@dataclass
class Redis:
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        binary = redis_binary()
        if binary is None:
            raise ServiceUnavailable("Redis is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
                "--maxclients",
                "20000",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: port_open(self.port), timeout=30, what="redis-server to listen")
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None

    def restart(self) -> None:
        """Stop and start again on the same port: every key and connection is lost."""
        self.stop()
        self.start()


def procfile_daphne_flags() -> list[str]:
    """The options `make run` gives daphne (the Procfile's web line), without the address and
    port: test and benchmark servers run the way the site does."""
    procfile = Path(__file__).resolve().parent.parent / "Procfile"
    line = next(line for line in procfile.read_text().splitlines() if line.startswith("web:"))
    words = shlex.split(line.removeprefix("web:"))[1:-1]  # without the program and the app
    flags = []
    while words:
        word = words.pop(0)
        if word in ("-b", "--bind", "-p", "--port"):
            words.pop(0)
        else:
            flags.append(word)
    return flags


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )


@dataclass
class Dovecot:
    """A throwaway IMAP server (Debian's dovecot-imapd) with its own configuration: plain
    IMAP on a free loopback port, users from a passwd-file, mail in a temporary directory.
    As root (CI) the mail belongs to ``nobody``; otherwise everything runs as the current
    user. ``user(name)`` adds a login whose password is ``secret-<name>``."""

    port: int = field(default_factory=free_port)
    directory: Path | None = None
    users: list[str] = field(default_factory=list)

    def _owner(self) -> tuple[str, int, int]:
        entry = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
        return entry.pw_name, entry.pw_uid, entry.pw_gid

    def start(self, users: tuple[str, ...] = ("support",)) -> "Dovecot":
        binary = dovecot_binary()
        if binary is None:
            raise ServiceUnavailable("dovecot is not installed (apt-get install dovecot-imapd)")
        self.directory = Path(tempfile.mkdtemp(prefix="hc-dovecot-"))
        name, uid, gid = self._owner()
        mail = self.directory / "mail"
        mail.mkdir()
        os.chown(mail, uid, gid)
        self.directory.chmod(0o755)
        self.users = list(users)
        (self.directory / "passwd").write_text(
            "".join(
                f"{user}:{{PLAIN}}secret-{user}:{uid}:{gid}::{mail}/{user}::\n" for user in users
            )
        )
        root = os.geteuid() == 0
        login_user = "dovenull" if root else name
        internal_user = "dovecot" if root else name
        config = f"""
base_dir = {self.directory}/run
state_dir = {self.directory}/state
log_path = {self.directory}/log
info_log_path = {self.directory}/log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {self.directory}/passwd
}}
userdb {{
  driver = passwd-file
  args = {self.directory}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
protocol imap {{
  mail_max_userip_connections = 50
}}
"""
        (self.directory / "dovecot.conf").write_text(config)
        # The master daemonizes and its children inherit our stdout: no pipes, or run() would
        # wait for them to close.
        with (self.directory / "start.log").open("wb") as out:
            subprocess.run(
                [binary, "-c", str(self.directory / "dovecot.conf")],
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_until(lambda: port_open(self.port), timeout=30, what="dovecot to listen")
        return self

    def log(self) -> str:
        path = self.directory / "log" if self.directory else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def stop(self) -> None:
        if self.directory is None:
            return
        subprocess.run(
            [dovecot_binary(), "-c", str(self.directory / "dovecot.conf"), "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: not port_open(self.port), timeout=30, what="dovecot to stop")
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None
