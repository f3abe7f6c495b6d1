"""The conversation pane: a ticket or a chat opened beside the inbox list.

Each pane has two GET addresses rendering the same template include: the full page (the
inbox with the pane open, for a link, a reload or back/forward) and the fragment the page
swaps in without a reload. Writes (a reply or note, one property) are POSTs with CSRF that
call one ticket service and answer with the updated fragment (or, without JavaScript, go back
to the full page)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import agent_required
from chat.access import ChatAccessDenied, conversation_get_for_agent
from core import uploads
from core.csrf import csrf_token
from core.i18n import localized
from macros import selectors as macro_selectors
from macros import services as macro_services
from macros.models import Macro, Tag
from tickets import access
from tickets import services as ticket_services
from tickets.console_forms import (
    AssignForm,
    CategoryForm,
    ConsoleReplyForm,
    PriorityForm,
    StatusForm,
)
from tickets.console_selectors import can_assign
from tickets.models import Ticket
from workspace import panes
from workspace.selectors import row_url
from workspace.views import inbox_context

PROPERTY_FORMS = {
    "status": StatusForm,
    "priority": PriorityForm,
    "category": CategoryForm,
    "assignee": AssignForm,
}


def _from_pane(request: HttpRequest) -> bool:
    """The fragment is wanted: its own address (``…/pane/``), or a POST from the page's
    script (a form sent without it wants the full page back)."""
    match = request.resolver_match
    return request.headers.get("X-Pane") == "1" or bool(
        match and match.url_name and match.url_name.endswith("-pane")
    )


def _ticket(request: HttpRequest, reference: str) -> Ticket:
    try:
        return access.ticket_get_for(request.user, reference)
    except Ticket.DoesNotExist:
        raise Http404 from None


def _chat(request: HttpRequest, conversation_id: int) -> Any:
    try:
        return conversation_get_for_agent(conversation_id=conversation_id, user=request.user)
    except ChatAccessDenied:
        raise Http404 from None


def _list_query(request: HttpRequest) -> str:
    return request.GET.urlencode()


def _pane_context(request: HttpRequest, pane: dict[str, Any], **extra: Any) -> dict[str, Any]:
    # The pane's addresses from the kept patterns of ``row_url`` (held equal to reverse).
    if pane["kind"] == "ticket":
        reference = pane["ticket"].reference
        key = f"ticket-{reference}"
        urls = {
            "page": row_url("workspace:ticket", reference),
            "fragment": row_url("workspace:ticket-pane", reference),
            "reply": row_url("workspace:ticket-reply", reference),
            "full": row_url("tickets_console:detail", reference),
            "tag": row_url("workspace:ticket-tag", reference),
            "macro": row_url("workspace:ticket-macro", reference),
        }
        title = f"{reference} · {pane['ticket'].subject}"
        work_id = pane["ticket"].pk
    else:
        pk = pane["conversation"].pk
        key = f"chat-{pk}"
        urls = {
            "page": row_url("workspace:chat", pk),
            "fragment": row_url("workspace:chat-pane", pk),
            "full": reverse("chat_console:home") + f"#conversation-{pk}",
            "tag": row_url("workspace:chat-tag", pk),
            "macro": row_url("workspace:chat-macro", pk),
        }
        title = pane["conversation"].customer_name
        work_id = pk
    query = _list_query(request)
    suffix = f"?{query}" if query else ""
    return {
        "pane": pane,
        "pane_key": key,
        "pane_title": title,
        "tagging": panes.pane_tagging(kind=pane["kind"], work_id=work_id),
        "pane_urls": {name: url + suffix for name, url in urls.items()},
        "list_query": query,
        "list_suffix": suffix,
        "list_url": reverse("console-home") + suffix,
        "attach": {
            "max_files": uploads.MAX_FILES,
            "max_bytes": uploads.MAX_BYTES,
            "accept": uploads.ACCEPT,
        },
        **extra,
    }


def _fragment(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    """The pane alone. Its templates read no request, user, messages or language links, so it
    is rendered without the context processors (the language links alone, two
    ``translate_url``, cost more than the pane's menus), given the CSRF token its forms need."""
    html = render_to_string("workspace/_pane.html", {**context, "csrf_token": csrf_token(request)})
    return HttpResponse(html, status=status)


def _ticket_response(
    request: HttpRequest, ticket: Ticket, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = _pane_context(request, panes.ticket_pane(user=request.user, ticket=ticket), **extra)
    if _from_pane(request):
        return _fragment(request, context, status)
    return render(
        request, "workspace/inbox.html", {**inbox_context(request), **context}, status=status
    )


def _chat_response(
    request: HttpRequest, conversation: Any, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = _pane_context(
        request, panes.chat_pane(user=request.user, conversation=conversation), **extra
    )
    if _from_pane(request):
        return _fragment(request, context, status)
    return render(
        request, "workspace/inbox.html", {**inbox_context(request), **context}, status=status
    )


@agent_required
@require_GET
def ticket_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The inbox with this ticket open in the pane, or (``…/pane/``) the pane alone; the
    assignee opening it has read it."""
    ticket = _ticket(request, reference)
    ticket_services.ticket_mark_read(ticket=ticket, by=request.user)
    return _ticket_response(request, ticket)


@agent_required
@require_GET
def chat_page(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The inbox with this chat open in the pane, or (``…/pane/``) the pane alone."""
    return _chat_response(request, _chat(request, conversation_id))


def _done(request: HttpRequest, ticket: Ticket, notice: str) -> HttpResponse:
    if _from_pane(request):
        return _ticket_response(request, ticket, notice=notice)
    messages.success(request, notice)
    page = reverse("workspace:ticket", args=[ticket.reference])
    query = _list_query(request)
    return redirect(page + (f"?{query}" if query else ""))


@agent_required
@require_POST
def ticket_reply(request: HttpRequest, reference: str) -> HttpResponse:
    """A public reply or an internal note with attachments, and "send and set status", in one
    service call (one transaction). ``last_seen_message`` (the newest message the agent had
    on screen) is posted for the send check of docs/console.md; errors keep the text."""
    ticket = _ticket(request, reference)
    form = ConsoleReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            ticket_services.ticket_reply(
                ticket=ticket,
                author=request.user,
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["attachments"],
                internal=form.is_note,
                then_status=form.cleaned_data["then_status"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            ticket = _ticket(request, reference)
            return _done(
                request, ticket, _("Internal note added.") if form.is_note else _("Reply sent.")
            )
    errors = [e for errors in form.errors.values() for e in errors]
    return _ticket_response(
        request,
        ticket,
        status=400,
        errors=errors,
        draft=request.POST.get("body", ""),
        draft_kind=request.POST.get("kind", ""),
    )


def _apply(request: HttpRequest, ticket: Ticket, name: str, data: dict[str, Any]) -> str:
    """Call the one service of property ``name``; the notice to show."""
    by = request.user
    if name == "status":
        ticket = ticket_services.ticket_set_status(ticket=ticket, status=data["status"], by=by)
        return _("Status set to %(status)s.") % {"status": ticket.get_status_display()}
    if name == "priority":
        ticket = ticket_services.ticket_set_priority(
            ticket=ticket, priority=data["priority"], by=by
        )
        return _("Priority set to %(priority)s.") % {"priority": ticket.get_priority_display()}
    if name == "category":
        ticket = ticket_services.ticket_set_category(
            ticket=ticket, category=data["category"], by=by
        )
        return _("Topic set to %(topic)s.") % {"topic": localized(ticket.category, "name")}
    assignee = by if data["assignee"] == "me" else data["assignee"]
    if not can_assign(by, ticket, assignee):
        raise PermissionDenied(_("Only a supervisor can reassign a colleague's request."))
    ticket = ticket_services.ticket_assign(ticket=ticket, assignee=assignee, by=by)
    if ticket.assignee is None:
        return _("The request is now unassigned.")
    return _("Assigned to %(name)s.") % {
        "name": ticket.assignee.get_full_name() or ticket.assignee.get_username()
    }


@agent_required
@require_POST
def ticket_property(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    """Set one property (status, priority, topic or assignee) in one click; the updated pane
    (or, refused, the pane with the reason)."""
    form_class = PROPERTY_FORMS.get(name)
    if form_class is None:
        raise Http404
    ticket = _ticket(request, reference)
    form = form_class(request.POST)
    if not form.is_valid():
        errors = [e for errors in form.errors.values() for e in errors]
        return _ticket_response(request, ticket, status=400, errors=errors)
    try:
        notice = _apply(request, ticket, name, form.cleaned_data)
    except ValidationError as exc:
        return _ticket_response(request, ticket, status=400, errors=exc.messages)
    except PermissionDenied as exc:
        return _ticket_response(request, ticket, status=403, errors=[str(exc)])
    return _done(request, _ticket(request, reference), notice)


# --- Tags and macros (docs/console.md, "Tags, bulk actions and macros") -------------------------


def _tag_choice(request: HttpRequest) -> tuple[Tag, bool]:
    """The tag a tag menu's item posts: ``add`` or ``remove`` its id."""
    on = "add" in request.POST
    raw = request.POST.get("add" if on else "remove", "")
    try:
        return macro_selectors.tag_get(int(raw)), on
    except (ValueError, Tag.DoesNotExist):
        raise ValidationError(_("Choose a tag.")) from None


def _tag_notice(tag: Tag, on: bool) -> str:
    if on:
        return _("Tag “%(tag)s” added.") % {"tag": tag}
    return _("Tag “%(tag)s” removed.") % {"tag": tag}


def _chat_done(request: HttpRequest, conversation: Any, notice: str) -> HttpResponse:
    if _from_pane(request):
        return _chat_response(request, _chat(request, conversation.pk), notice=notice)
    messages.success(request, notice)
    page = reverse("workspace:chat", args=[conversation.pk])
    query = _list_query(request)
    return redirect(page + (f"?{query}" if query else ""))


@agent_required
@require_POST
def ticket_tag(request: HttpRequest, reference: str) -> HttpResponse:
    """Add or remove one tag on the request in one click; the updated pane."""
    ticket = _ticket(request, reference)
    try:
        tag, on = _tag_choice(request)
        macro_services.ticket_tag_set(ticket=ticket, tag=tag, on=on, by=request.user)
    except ValidationError as exc:
        return _ticket_response(request, ticket, status=400, errors=exc.messages)
    return _done(request, ticket, _tag_notice(tag, on))


@agent_required
@require_POST
def chat_tag(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Add or remove one tag on the chat in one click; the updated pane."""
    conversation = _chat(request, conversation_id)
    try:
        tag, on = _tag_choice(request)
        macro_services.conversation_tag_set(
            conversation=conversation, tag=tag, on=on, by=request.user
        )
    except ValidationError as exc:
        return _chat_response(request, conversation, status=400, errors=exc.messages)
    return _chat_done(request, conversation, _tag_notice(tag, on))


def _macro(request: HttpRequest, kind: str) -> Macro:
    raw = request.POST.get("macro", "")
    try:
        return macro_selectors.macro_get_for(kind, int(raw))
    except (ValueError, Macro.DoesNotExist):
        raise ValidationError(_("This macro is not offered here.")) from None


@agent_required
@require_POST
def ticket_macro(request: HttpRequest, reference: str) -> HttpResponse:
    """Apply one macro to the request: every action or, refused, none (with the reason)."""
    ticket = _ticket(request, reference)
    try:
        macro = _macro(request, "ticket")
        macro_services.macro_apply_to_ticket(macro=macro, ticket=ticket, by=request.user)
    except ValidationError as exc:
        return _ticket_response(request, ticket, status=400, errors=exc.messages)
    except PermissionDenied as exc:
        return _ticket_response(request, ticket, status=403, errors=[str(exc)])
    return _done(
        request, _ticket(request, reference), _("Macro “%(macro)s” applied.") % {"macro": macro}
    )


@agent_required
@require_POST
def chat_macro(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Apply one macro to the chat (its reply as the agent's message, its tags), all or none."""
    conversation = _chat(request, conversation_id)
    try:
        macro = _macro(request, "chat")
        macro_services.macro_apply_to_chat(macro=macro, conversation=conversation, by=request.user)
    except ValidationError as exc:
        return _chat_response(request, conversation, status=400, errors=exc.messages)
    return _chat_done(request, conversation, _("Macro “%(macro)s” applied.") % {"macro": macro})
