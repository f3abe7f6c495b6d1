"""The servers a test starts sign with the test's own key, whatever happens to var/ meanwhile;
one run at a time uses a test pass's var directory; processes starting together on a fresh
var/ agree on one secret key."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import staff_user
from tests.run_suite import pass_lock
from tests.teams.sockets import agent_socket

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_a_server_started_after_var_secret_key_changed_still_accepts_the_tests_session(
    start_daphne,
):
    # What a second run on the same var directory did: the key file went, and a new one came.
    key_file = Path(settings.VAR_DIR) / "secret_key"
    kept = key_file.read_text()
    key_file.write_text("another-run-made-this-key-" * 2)
    try:
        server = start_daphne()
        # Refused with 403 when the server checks the session's hash with the other key.
        socket = agent_socket(server, staff_user("agent"))
    finally:
        key_file.write_text(kept)

    socket.close()


def test_a_second_run_on_the_same_var_directory_is_refused_while_the_first_holds_it(tmp_path):
    var_dir = tmp_path / "test-services"

    with pass_lock(var_dir) as first, pass_lock(var_dir) as second:
        pass
    with pass_lock(var_dir) as after:
        pass

    assert (first, second, after) == (True, False, True)


def test_processes_starting_together_on_a_fresh_var_directory_share_one_secret_key(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HELPCENTER_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "helpcenter.settings",
    }
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    keys = {process.communicate(timeout=120)[0].strip() for process in processes}

    assert len(keys) == 1
    assert keys != {""}
    assert (tmp_path / "secret_key").read_text() == keys.pop()
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith("secret")] == [
        "secret_key"
    ]
