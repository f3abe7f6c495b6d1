"""SLA policies (targets per topic and priority) and the proof each reminder went out once."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped, Topic
from tickets.models.tickets import Ticket


class SlaPolicy(TimeStamped):
    """Targets for a category and/or priority; the most specific policy wins
    (category + priority, then category, then priority, then the default with neither)."""

    category = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sla_policies",
        verbose_name=_("category"),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Topic.Priority.choices, blank=True
    )
    first_response_minutes = models.PositiveIntegerField(_("first response within (minutes)"))
    resolution_minutes = models.PositiveIntegerField(
        _("resolution within (minutes)"), null=True, blank=True
    )
    business_hours_only = models.BooleanField(
        _("count business hours only"),
        default=False,
        help_text=_("Count only the opening hours set under Site settings › Business hours."),
    )

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(fields=["category", "priority"], name="slapolicy_unique"),
            models.UniqueConstraint(
                fields=["priority"],
                condition=models.Q(category__isnull=True),
                name="slapolicy_unique_without_category",
            ),
            models.CheckConstraint(
                condition=models.Q(first_response_minutes__gt=0), name="slapolicy_fr_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.priority or '*'}"


class SlaReminder(models.Model):
    """Proof that a reminder (75 %) or escalation (breach) went out for a ticket's target,
    so each is sent once per ticket and target."""

    class Target(models.TextChoices):
        FIRST_RESPONSE = "first_response", _("First response")
        RESOLUTION = "resolution", _("Resolution")

    class Kind(models.TextChoices):
        WARNING = "warning", _("Reminder")
        BREACH = "breach", _("Escalation")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="sla_reminders")
    target = models.CharField(max_length=20, choices=Target.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "target", "kind"], name="slareminder_once_per_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.target} {self.kind}"
