"""`make bench`: every benchmark, one after the other (they must never share the 2 cores).

Each prints its own figures; this runs them in sequence and stops at the first failure.
Needs `wrk` (apt-get install wrk) and Debian's postgresql and redis-server.
"""

import subprocess
import sys

BENCHMARKS = (
    "bench.faq_bench",
    "bench.tickets_bench",
    "bench.tickets_console_bench",
    "bench.chat_load",
)


def main() -> int:
    for module in BENCHMARKS:
        print(f"\n##### {module}", flush=True)
        code = subprocess.run([sys.executable, "-m", module, *sys.argv[1:]]).returncode
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
