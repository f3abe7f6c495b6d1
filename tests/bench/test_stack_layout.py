"""bench.stack's production layout is the one production ships."""

import re
from pathlib import Path

from bench.stack import PRODUCTION_WORKERS

ROOT = Path(__file__).resolve().parents[2]


def test_the_production_worker_count_is_the_one_production_runs():
    for shipped in ("Dockerfile", "docker-compose.yml"):
        workers = re.search(r'"--workers",\s*"(\d+)"', (ROOT / shipped).read_text())
        assert workers is not None, shipped
        assert int(workers.group(1)) == PRODUCTION_WORKERS, shipped
