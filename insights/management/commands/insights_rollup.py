"""Roll up the event log now (what the beat task does every 10 minutes), e.g. after an import
or a benchmark's raw seeding."""

from django.core.management.base import BaseCommand

from insights.rollup import rollup_refresh


class Command(BaseCommand):
    help = "Roll up volume and backlog of the days that ended (docs/metrics.md, Daily rollup)."

    def handle(self, *args: object, **options: object) -> None:
        state = rollup_refresh()
        self.stdout.write(f"rolled up through {state.rolled_through}")
