"""The staff console's ticket pages: queues and the ticket workspace, under
``/<lang>/console/tickets/``. Every view is for agents (``agent_required``), finds its ticket
through ``tickets.access`` and writes only through ``tickets.services``; POSTs redirect back
to the ticket (post/redirect/get) with a flash message."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import agent_required
from accounts.selectors import wallet_user_for
from core import uploads
from core.i18n import localized
from tickets import access, kept, selectors, services, signals
from tickets.canned import canned_choices, canned_response_render
from tickets.console_forms import (
    AssignForm,
    CategoryForm,
    ConsoleReplyForm,
    MergeForm,
    NewTicketForm,
    PriorityForm,
    QueueFilterForm,
    StatusForm,
    agent_label,
)
from tickets.console_properties import ticket_properties
from tickets.console_selectors import (
    PAGE_SIZE,
    Tab,
    can_assign,
    can_merge,
    canned_response_get,
    console_agent_list,
    console_tab_counts,
    console_ticket_list,
    customer_other_tickets,
    ticket_history,
    ticket_rating,
)
from tickets.models import (
    CannedResponse,
    Ticket,
)
from wallet.panel import wallet_panel

Status = Ticket.Status


def _tabs() -> list[tuple[str, str]]:
    return [
        (Tab.UNASSIGNED, _("Unassigned")),
        (Tab.MINE, _("Mine")),
        (Tab.OPEN, _("All open")),
        (Tab.AT_RISK, _("SLA at risk")),
        (Tab.BREACHED, _("Breached")),
    ]


def _ticket(request: HttpRequest, reference: str) -> Ticket:
    try:
        return access.ticket_get_for(request.user, reference)
    except Ticket.DoesNotExist:
        raise Http404 from None


def _back(ticket: Ticket, anchor: str = "") -> HttpResponse:
    return redirect(reverse("tickets_console:detail", args=[ticket.reference]) + anchor)


def _flash_errors(request: HttpRequest, errors: Any) -> None:
    for message in errors.messages if isinstance(errors, ValidationError) else errors:
        messages.error(request, message)


def _sla(ticket: Ticket) -> dict[str, Any]:
    return selectors.sla_display(ticket)


# --- Queues -----------------------------------------------------------------------------------


@agent_required
@require_GET
def ticket_list(request: HttpRequest) -> HttpResponse:
    """A queue (tab) of tickets with filters, search and pagination."""
    tab = request.GET.get("tab", Tab.DEFAULT)
    if tab not in Tab.VALUES:
        tab = Tab.DEFAULT
    agents = list(console_agent_list())
    form = QueueFilterForm(request.GET, agents=agents)
    filters = form.filters()
    queryset = console_ticket_list(user=request.user, tab=tab, filters=filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = console_tab_counts(user=request.user)
    kept = {k: v for k, v in request.GET.items() if k not in ("page", "tab") and v}
    context = {
        "console_section": "tickets",
        "tab": tab,
        "tabs": [
            {
                "value": value,
                "label": label,
                "count": counts[value],
                "url": "?" + urlencode({"tab": value, **kept}),
            }
            for value, label in _tabs()
        ],
        "form": form,
        "filters": filters,
        "page": page,
        "page_query": urlencode({"tab": tab, **kept}),
        "rows": [(ticket, _sla(ticket)) for ticket in page.object_list],
        "is_filtered": bool(kept),
    }
    return render(request, "tickets/console/list.html", context)


@agent_required
@require_http_methods(["GET", "POST"])
def ticket_new(request: HttpRequest) -> HttpResponse:
    """Open a request for a customer who called or wrote on a social network, or start one
    with an e-mail to the customer."""
    form = NewTicketForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_open_for_customer(by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if data["first_message"].strip():
                text = _("Request %(reference)s opened; your message was e-mailed to %(email)s.")
            else:
                text = _("Request %(reference)s opened and assigned to you.")
            messages.success(
                request, text % {"reference": ticket.reference, "email": data["email"]}
            )
            return redirect("tickets_console:detail", reference=ticket.reference)
    status = 400 if form.errors else 200
    context = {"console_section": "new", "form": form}
    return render(request, "tickets/console/new.html", context, status=status)


# --- The ticket page --------------------------------------------------------------------------


def _canned_text(request: HttpRequest, ticket: Ticket, canned_id: str) -> str:
    if not canned_id.isdigit():
        return ""
    try:
        reply = canned_response_get(canned_id=int(canned_id))
    except CannedResponse.DoesNotExist:
        return ""
    return canned_response_render(
        canned=reply, ticket=ticket, agent=request.user, language=ticket.language
    )


def _page(
    request: HttpRequest,
    ticket: Ticket,
    *,
    reply_form: ConsoleReplyForm | None = None,
    status: int = 200,
    collision: services.ReplyCollision | None = None,
) -> HttpResponse:
    thread = selectors.ticket_thread(ticket=ticket, staff=True)
    if reply_form is None:
        # Without JavaScript the canned picker reloads the page with ``?canned=<id>``.
        reply_form = ConsoleReplyForm(
            initial={
                "body": _canned_text(request, ticket, request.GET.get("canned", "")),
                "last_seen_message": services.last_public_message_id(ticket, thread=thread),
            }
        )
    user = request.user
    writable = ticket.status != Status.CLOSED and not ticket.merged_into_id
    # What the apps above tickets add (the e-mail channel's CCs, held mail, bounces).
    parts = signals.console_parts(request=request, ticket=ticket, thread=thread)
    for message in thread:
        message.extra_parts = parts["messages"].get(message.pk, [])
    reference = ticket.reference
    # The workspace pane's menus and composer (workspace/_menu.html, workspace/_composer.html),
    # posting to this page's own actions, which answer with this page.
    actions = {
        "status": reverse("tickets_console:status", args=[reference]),
        "priority": reverse("tickets_console:priority", args=[reference]),
        "category": reverse("tickets_console:category", args=[reference]),
        "assignee": reverse("tickets_console:assign", args=[reference]),
    }
    properties = ticket_properties(user, ticket) if writable else []
    draft = reply_form["body"].value() or ""
    context = {
        "console_section": "tickets",
        "ticket": ticket,
        "sla": _sla(ticket),
        "thread": thread,
        "parts": parts,
        "events": ticket_history(ticket=ticket, topics=kept.topics()),
        "other_tickets": customer_other_tickets(ticket=ticket),
        "rating": ticket_rating(ticket),
        "wallet_user": wallet_user_for(ticket.customer_id) if ticket.customer_id else None,
        "reply_form": reply_form,
        "reply_errors": [e for errors in reply_form.errors.values() for e in errors]
        if reply_form.is_bound
        else [],
        "collision": collision,
        "properties": [(prop, actions[prop.name]) for prop in properties],
        # A refused reply is shown again even on a ticket closed meanwhile (the text is kept).
        "pane": {
            "kind": "ticket",
            "writable": writable or reply_form.is_bound,
            "last_seen_message": reply_form["last_seen_message"].value() or "",
            "canned": canned_choices(
                kept.ticket_canned(category_id=ticket.category_id),
                lambda canned: canned_response_render(
                    canned=canned, ticket=ticket, agent=user, language=ticket.language
                ),
            ),
        },
        "pane_urls": {"reply": reverse("tickets_console:reply", args=[reference])},
        "attach": {
            "max_files": uploads.MAX_FILES,
            "max_bytes": uploads.MAX_BYTES,
            "accept": uploads.ACCEPT,
        },
        "draft": draft,
        "draft_kind": reply_form["kind"].value() if reply_form.is_bound else "",
        "merge_form": MergeForm(),
        "can_reply": writable,
        "can_take": writable and ticket.assignee_id != user.pk and can_assign(user, ticket, user),
        "can_merge": writable and can_merge(user, ticket, ticket),
        "wallet_panel": wallet_panel(ref=services.ticket_ref(ticket), user=user, request=request),
        "strings": {**uploads.picker_strings(), "inserted": _("Canned response inserted.")},
    }
    return render(request, "tickets/console/ticket.html", context, status=status)


@agent_required
@require_GET
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The ticket workspace: thread, notes, attachments, SLA, customer, history and actions.
    The assignee opening it has read the customer's messages (the inbox's unread marker)."""
    ticket = _ticket(request, reference)
    services.ticket_mark_read(ticket=ticket, by=request.user)
    return _page(request, ticket)


@agent_required
@require_GET
def canned_render(request: HttpRequest, reference: str) -> JsonResponse:
    """A canned response rendered for this ticket's customer, as JSON ``{"text": ...}``."""
    ticket = _ticket(request, reference)
    text = _canned_text(request, ticket, request.GET.get("id", ""))
    if not text:
        raise Http404
    return JsonResponse({"text": text})


@agent_required
@require_POST
def ticket_reply(request: HttpRequest, reference: str) -> HttpResponse:
    """Send a public reply (e-mailed to the customer) or add an internal note, optionally
    setting the status in the same transaction; errors re-show the page with the text kept."""
    ticket = _ticket(request, reference)
    form = ConsoleReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.ticket_reply(
                ticket=ticket,
                author=request.user,
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["attachments"],
                internal=form.is_note,
                then_status="" if form.is_note else form.cleaned_data["then_status"],
                seen_up_to=form.cleaned_data["last_seen_message"],
            )
        except services.ReplyCollision as exc:
            # Stopped: the page shows the newer reply; sending again goes through.
            data = form.data.copy()
            data["last_seen_message"] = exc.latest_id
            form = ConsoleReplyForm(data)
            form.is_valid()
            return _page(request, ticket, reply_form=form, status=409, collision=exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Internal note added.") if form.is_note else _("Reply sent.")
            )
            return _back(ticket, "#thread-end")
    if request.FILES:
        form.add_error(None, _("Files are not kept after an error: please attach them again."))
    return _page(request, ticket, reply_form=form, status=400)


def _action(
    form_class: type, apply: Callable[[HttpRequest, Ticket, dict[str, Any]], tuple[str, Ticket]]
) -> Callable[[HttpRequest, str], HttpResponse]:
    """A POST action on one ticket: validate ``form_class``, call ``apply`` (which calls one
    service and returns the success message and the ticket to show next), flash the outcome
    and go back to the ticket. Refusals (ValidationError from the service, PermissionDenied
    from the role rules) are flashed as errors."""

    @agent_required
    @require_POST
    def view(request: HttpRequest, reference: str) -> HttpResponse:
        ticket = _ticket(request, reference)
        form = form_class(request.POST)
        if not form.is_valid():
            _flash_errors(request, [e for errors in form.errors.values() for e in errors])
            return _back(ticket)
        try:
            done, show = apply(request, ticket, form.cleaned_data)
        except ValidationError as exc:
            _flash_errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
            return _back(show)
        return _back(ticket)

    view.__doc__ = apply.__doc__
    return view


def _set_status(request: HttpRequest, ticket: Ticket, data: dict[str, Any]) -> tuple[str, Ticket]:
    """Change the status (only the transitions the service allows)."""
    ticket = services.ticket_set_status(ticket=ticket, status=data["status"], by=request.user)
    return _("Status set to %(status)s.") % {"status": ticket.get_status_display()}, ticket


def _set_priority(request: HttpRequest, ticket: Ticket, data: dict[str, Any]) -> tuple[str, Ticket]:
    """Change the priority (the SLA targets follow)."""
    ticket = services.ticket_set_priority(ticket=ticket, priority=data["priority"], by=request.user)
    return _("Priority set to %(priority)s.") % {"priority": ticket.get_priority_display()}, ticket


def _set_category(request: HttpRequest, ticket: Ticket, data: dict[str, Any]) -> tuple[str, Ticket]:
    """Move the ticket to another category (the SLA targets follow)."""
    ticket = services.ticket_set_category(ticket=ticket, category=data["category"], by=request.user)
    message = _("Category set to %(category)s.") % {"category": localized(ticket.category, "name")}
    return message, ticket


def _assign(request: HttpRequest, ticket: Ticket, data: dict[str, Any]) -> tuple[str, Ticket]:
    """Assign, reassign, release, or take ("assign to me") within the role rules."""
    assignee = request.user if data["assignee"] == "me" else data["assignee"]
    if not can_assign(request.user, ticket, assignee):
        raise PermissionDenied(_("Only a supervisor can reassign a colleague's request."))
    ticket = services.ticket_assign(ticket=ticket, assignee=assignee, by=request.user)
    if ticket.assignee is None:
        return _("The request is now unassigned."), ticket
    return _("Assigned to %(name)s.") % {"name": agent_label(ticket.assignee)}, ticket


def _merge(request: HttpRequest, ticket: Ticket, data: dict[str, Any]) -> tuple[str, Ticket]:
    """Merge this ticket (a duplicate) into the request with the given reference."""
    try:
        target = access.ticket_get_for(request.user, data["target"])
    except Ticket.DoesNotExist:
        raise ValidationError(
            _("No request has the reference %(reference)s.") % {"reference": data["target"]}
        ) from None
    if not can_merge(request.user, ticket, target):
        raise PermissionDenied(_("Only a supervisor can merge a colleague's requests."))
    target = services.ticket_merge(source=ticket, target=target, by=request.user)
    message = _("%(source)s was merged into %(target)s.") % {
        "source": ticket.reference,
        "target": target.reference,
    }
    return message, target


ticket_set_status = _action(StatusForm, _set_status)
ticket_set_priority = _action(PriorityForm, _set_priority)
ticket_set_category = _action(CategoryForm, _set_category)
ticket_assign = _action(AssignForm, _assign)
ticket_merge = _action(MergeForm, _merge)
