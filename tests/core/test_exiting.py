"""``core.exiting.at_exit`` runs at a normal interpreter exit and in a multiprocessing child
(how granian runs its workers), where ``atexit`` does not."""

import atexit
import multiprocessing
import subprocess
import sys
from pathlib import Path

from core.exiting import at_exit


def _write(path: str, text: str) -> None:
    Path(path).write_text(text)


def _child(with_at_exit: str, without: str) -> None:
    at_exit(_write, with_at_exit, "ran")
    atexit.register(_write, without, "ran")


def test_a_multiprocessing_child_runs_it_and_not_atexit(tmp_path):
    with_at_exit, without = tmp_path / "at_exit", tmp_path / "atexit"
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(str(with_at_exit), str(without))
    )
    child.start()
    child.join(timeout=30)

    assert child.exitcode == 0
    assert with_at_exit.read_text() == "ran"
    assert not without.exists()  # why not atexit


def test_an_interpreter_exiting_normally_runs_it(tmp_path):
    done = tmp_path / "done"
    code = (
        "from core.exiting import at_exit; from pathlib import Path; "
        f"at_exit(Path({str(done)!r}).write_text, 'ran')"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)

    assert done.read_text() == "ran"
