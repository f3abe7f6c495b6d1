"""The security desk in the staff console, under ``/<lang>/console/security/``: a
conversation's wallet page (the chat console links to it; tickets show the same panel in
their workspace), the agent's actions on it (request verification, freeze, unfreeze, look up a
transaction) and the audit log for supervisors (filter, CSV export).

Views are thin: the conversation comes from ``wallet.conversations.conversation_get`` (its
app's access check), writes go through ``wallet.services``; POSTs redirect back with a flash
message (post/redirect/get)."""

import csv
from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import agent_required, supervisor_required
from core.audit import Action, audit_record
from wallet import services
from wallet.adapter import WalletUnavailable, wallet
from wallet.conversations import ConversationNotFound, ConversationRef, conversation_get
from wallet.forms import AuditFilterForm, ClosureForm, ReasonForm, UnfreezeForm, VerifyForm
from wallet.panel import status_label, wallet_panel
from wallet.selectors import audit_entries

AUDIT_PAGE_SIZE = 50


def _ref(request: HttpRequest, kind: str, conversation_id: int) -> ConversationRef:
    try:
        return conversation_get(kind=kind, conversation_id=conversation_id, user=request.user)
    except ConversationNotFound:
        raise Http404 from None


def _back(ref: ConversationRef) -> HttpResponse:
    return redirect(ref.console_url + "#wallet")


def _form_error(request: HttpRequest, form: object) -> None:
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    messages.error(request, " ".join(errors))


def _act(request: HttpRequest, ref: ConversationRef, action: Callable[[], str]) -> HttpResponse:
    """Run one desk action; its message (what happened) or the refusal (why not, or that the
    wallet is not answering) is flashed, and the agent is back on the conversation."""
    try:
        done = action()
    except services.SecurityDeskError as exc:
        messages.error(request, exc.message)
    except WalletUnavailable as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return _back(ref)


@agent_required
@require_GET
def conversation(request: HttpRequest, kind: str, conversation_id: int) -> HttpResponse:
    """A conversation's wallet context and actions on a page of its own (for chats)."""
    ref = _ref(request, kind, conversation_id)
    panel = wallet_panel(ref=ref, user=request.user, request=request)
    return render(
        request,
        "wallet/conversation.html",
        {"console_section": "chat" if kind == "chat" else "tickets", "wallet_panel": panel},
    )


@agent_required
@require_POST
def verify(request: HttpRequest, kind: str, conversation_id: int) -> HttpResponse:
    ref = _ref(request, kind, conversation_id)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(ref)

    def send() -> str:
        destination = services.verification_request(
            ref=ref, agent=request.user, channel=form.cleaned_data["channel"], request=request
        )
        return _(
            "A code was sent to %(destination)s. The customer types it into the conversation."
        ) % {"destination": destination}

    return _act(request, ref, send)


@agent_required
@require_POST
def freeze(request: HttpRequest, kind: str, conversation_id: int) -> HttpResponse:
    ref = _ref(request, kind, conversation_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(ref)

    def act() -> str:
        services.account_freeze(
            ref=ref, reason=form.cleaned_data["reason"], by=request.user, request=request
        )
        return _("The account is frozen. The customer was told.")

    return _act(request, ref, act)


@agent_required
@require_POST
def unfreeze(request: HttpRequest, kind: str, conversation_id: int) -> HttpResponse:
    ref = _ref(request, kind, conversation_id)
    form = UnfreezeForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(ref)

    def act() -> str:
        services.account_unfreeze(
            ref=ref,
            reason=form.cleaned_data["reason"],
            by=request.user,
            confirmed=form.cleaned_data["confirm"],
            request=request,
        )
        return _("The account is unfrozen. The customer was told.")

    return _act(request, ref, act)


@agent_required
@require_POST
def closure(request: HttpRequest, kind: str, conversation_id: int) -> HttpResponse:
    """Record a closure request (reasons, balance checked through the wallet)."""
    ref = _ref(request, kind, conversation_id)
    form = ClosureForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(ref)

    def act() -> str:
        services.closure_request(
            ref=ref,
            by=request.user,
            reasons=form.cleaned_data["reasons"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
        return _("Closure request recorded. The customer confirms it.")

    return _act(request, ref, act)


@agent_required
@require_POST
def closure_step(request: HttpRequest, kind: str, conversation_id: int, step: str) -> HttpResponse:
    """The agent's final step (``complete``) or cancelling (``cancel``)."""
    ref = _ref(request, kind, conversation_id)
    if step not in ("complete", "cancel"):
        raise Http404

    def act() -> str:
        if step == "complete":
            services.closure_complete(ref=ref, by=request.user, request=request)
            return _("The account is closed. The customer was told.")
        services.closure_cancel(ref=ref, by=request.user, request=request)
        return _("The closure request is cancelled.")

    return _act(request, ref, act)


@agent_required
@require_GET
def transaction_detail(
    request: HttpRequest, kind: str, conversation_id: int, number: str
) -> HttpResponse:
    """One transaction of the conversation's customer, once they are verified in it."""
    ref = _ref(request, kind, conversation_id)
    try:
        services.require_verified(ref)
        account = services.customer_account(ref)
        found = wallet().transaction(wallet_user_id=account.wallet_user_id, number=number)
    except services.SecurityDeskError as exc:
        messages.error(request, exc.message)
        return _back(ref)
    except WalletUnavailable as exc:
        messages.error(request, str(exc.message))
        return _back(ref)
    audit_record(
        action=Action.VIEWED_TRANSACTIONS,
        request=request,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
        detail={"number": number[:40]},
    )
    context = {
        "console_section": "chat" if kind == "chat" else "tickets",
        "ref": ref,
        "number": number,
        "transaction": found,
        "status": status_label(found.status) if found else "",
    }
    return render(request, "wallet/transaction.html", context, status=200 if found else 404)


class _Echo:
    def write(self, value: str) -> str:
        return value


@supervisor_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log, filtered; ``?format=csv`` exports every matching row."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(filters=filters)
    if request.GET.get("format") == "csv":
        return _csv(entries)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "wallet/audit.html",
        {
            "console_section": "audit",
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "csv_query": (query.urlencode() + "&" if query else "") + "format=csv",
        },
    )


def _csv(entries: object) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    header = ["time", "actor_id", "actor_role", "action", "address", "object_type", "object_id"]
    header += ["customer_id", "detail"]

    def rows():
        yield writer.writerow(header)
        for e in entries.iterator():
            yield writer.writerow(
                [
                    e.created_at.isoformat(),
                    e.actor_id or "",
                    e.actor_role,
                    e.action,
                    e.address,
                    e.object_type,
                    e.object_id,
                    e.customer_id or "",
                    e.detail,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
