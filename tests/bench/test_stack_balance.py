"""bench.stack's granian gives each worker its share of the load generator's keep-alive
connections (a real granian with two workers)."""

import http.client
import os
import re
import shutil
from collections import Counter
from pathlib import Path

from bench.stack import PRODUCTION_WORKERS, Stack


def _worker_of_each(port: int, connections: int) -> list[str]:
    """Open ``connections`` keep-alive connections, all at once, and ask on each which worker
    serves it; the connections stay open until every one has answered."""
    opened = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(connections)]
    try:
        for connection in opened:
            connection.request("GET", "/")
        workers = []
        for connection in opened:
            response = connection.getresponse()
            workers.append(response.read().decode())
        # The second request of each connection comes back from the same worker.
        for connection, worker in zip(opened, workers, strict=True):
            connection.request("GET", "/")
            assert connection.getresponse().read().decode() == worker
        return workers
    finally:
        for connection in opened:
            connection.close()


def test_the_connections_are_split_evenly_over_the_workers():
    stack = Stack(redis=False)
    stack.env = dict(os.environ)
    try:
        server = stack.granian(workers=2, app="tests.bench.pid_app:application", connections=8)
        assert stack.web_layout == "granian -w 2 --backpressure 4"
        assert sorted(Counter(_worker_of_each(server.port, 8)).values()) == [4, 4]
    finally:
        for server in stack.servers:
            server.stop()
        shutil.rmtree(stack.var_dir, ignore_errors=True)


def test_the_production_worker_count_is_the_one_production_runs():
    root = Path(__file__).resolve().parents[2]
    for shipped in ("Dockerfile", "docker-compose.yml"):
        text = (root / shipped).read_text()
        workers = re.search(r'"--workers",\s*"(\d+)"', text)
        assert workers is not None, shipped
        assert int(workers.group(1)) == PRODUCTION_WORKERS, shipped
