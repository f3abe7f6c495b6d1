"""Service-level targets: which policy applies, when targets fall due, what state a ticket is
in, and the sweep that sends reminders (75 %) and escalations (breach) once each.

One module per concern: ``policies`` (the per-process copy of ``SlaPolicy`` and the receivers
that clear it), ``calendar`` (minutes counted in business hours), ``targets`` (due times and
milestones), ``labels`` (the state people see), ``queries`` (console filters) and ``sweep``.
Callers use the names re-exported below as ``sla.<name>``; ``tickets.apps`` imports
``policies`` so its receivers are registered.
"""

from tickets.sla.labels import SlaState, State, state_of
from tickets.sla.queries import at_risk_q, breached_q
from tickets.sla.sweep import SWEEP_BATCH, sweep
from tickets.sla.targets import TARGET_FIELDS, WARN_FRACTION, apply_targets, refresh_next_check

__all__ = [
    "SWEEP_BATCH",
    "TARGET_FIELDS",
    "WARN_FRACTION",
    "SlaState",
    "State",
    "apply_targets",
    "at_risk_q",
    "breached_q",
    "refresh_next_check",
    "state_of",
    "sweep",
]
