"""Public request pages: the form, the customer portal (by login or secret link) and private
attachment downloads. Views parse, check access through ``tickets.access`` and call one
service; a missing ticket and someone else's look the same (404)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_agent
from core import topics
from core import uploads as attachments
from core.cards import CARD_NUMBER_NOTE
from core.downloads import private_file_response
from core.person_pages import render_for_person
from core.ratelimits import client_ip, over_limit
from tickets import access, selectors, services, signals
from tickets.forms import RatingForm, ReplyForm, TicketCreateForm
from tickets.models import Ticket
from wallet.selectors import customer_state

Status = Ticket.Status


def _limited(request: HttpRequest, action: str, email: str) -> bool:
    """Count this attempt per IP and per e-mail address; True when either limit is exceeded.
    The rates are read at request time so an operator's setting (and a test's) applies."""
    prefix = f"TICKETS_RATE_{action.upper()}"
    limits = [(f"tickets:{action}:ip", client_ip(request), getattr(settings, f"{prefix}_IP"))]
    if email:
        limits.append(
            (f"tickets:{action}:email", email.strip().lower(), getattr(settings, f"{prefix}_EMAIL"))
        )
    return over_limit(limits)


def _rate_limited_message() -> str:
    return _(
        "You have sent too many requests in a short time. Please wait a while and try again; "
        "what you typed is kept below."
    )


def _files_not_kept_message() -> str:
    return _("For your security, browsers do not keep attached files: please attach them again.")


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """The public request form; on success, the new ticket's page. The form's script sends it
    with fetch (``X-Request-Form: fetch``) so the chosen files stay in the page when something
    must be corrected; it is answered with the page's address instead of a redirect."""
    user = request.user if request.user.is_authenticated else None
    by_script = request.headers.get("X-Request-Form") == "fetch"
    status = 200
    if request.method == "POST":
        form = TicketCreateForm.posted(request.POST, request.FILES)
        if _limited(request, "create", request.POST.get("email", "")):
            form.is_valid()
            form.add_error(None, _rate_limited_message())
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                ticket = services.ticket_create(
                    category=data["category"],
                    subject=data["subject"],
                    description=data["description"],
                    email=data["email"],
                    name=data["name"],
                    language=get_language(),
                    customer=user,
                    transaction_number=form.transaction_number_given(),
                    error_message=data["error_message"],
                    uploads=data["attachments"],
                    details=data["details"],
                    rows_with=lambda new: signals.submitted_rows(request=request, ticket=new),
                )
            except ValidationError as exc:
                form.add_error(None if hasattr(exc, "error_dict") else "attachments", exc)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your request %(reference)s was received; we sent a "
                        "confirmation to %(email)s."
                    )
                    % {"reference": ticket.reference, "email": ticket.customer_email},
                )
                _tell_card_number_hidden(request, ticket)
                if user is not None:
                    url = reverse("tickets:ticket", kwargs={"reference": ticket.reference})
                else:
                    url = access.portal_url(ticket, absolute=False)
                return JsonResponse({"redirect": url}) if by_script else redirect(url)
        if status == 200:
            status = 400
        if request.FILES and not by_script:
            form.add_error(None, _files_not_kept_message())
        form.own_fields()  # shown again: its own copies of the fields, as a plain form
    else:
        return _blank_form(request, user)
    return render(request, "tickets/create.html", _form_context(form), status=status)


def _form_context(form: TicketCreateForm) -> dict[str, Any]:
    chosen = form.chosen_topic_id()
    return {
        "form": form,
        "js_strings": _form_strings(),
        "chosen_topic_id": chosen,
        "hide_transaction_number": any(
            str(details.topic.pk) == chosen and details.asks_transaction
            for details in form.topic_forms
        ),
    }


CREATE_TEMPLATE = "tickets/create.html"


def form_values(user: Any) -> dict[str, str]:
    """What the blank form is prefilled with for a signed-in customer (the holes of its copy;
    helpcenter.person_wsgi fills them the same way)."""
    return {"name": user.get_full_name() or user.username, "email": user.email}


def _blank_form(request: HttpRequest, user: Any) -> HttpResponse:
    """The empty form, prefilled for a signed-in customer; rendered once per audience and
    topic and filled in per person (core.person_pages). ``?topic=<slug>`` (or the older
    ``?category=<id>``) preselects a topic, so its questions show without JavaScript."""
    values = form_values(user) if user is not None else {}
    slug = request.GET.get("topic")
    chosen = next((t.pk for t in topics.active() if t.slug == slug), None) if slug else None

    def context(fill: Callable[[str, str], str]) -> dict[str, Any]:
        initial = {"category": chosen or request.GET.get("category")}
        initial.update({name: fill(name, value) for name, value in values.items()})
        return _form_context(TicketCreateForm(initial=initial))

    return render_for_person(
        request,
        CREATE_TEMPLATE,
        context,
        values=values,
        query_keys=("category", "topic"),
    )


def _form_strings() -> dict[str, str]:
    """Texts the form's script shows, translated here (no JavaScript catalog)."""
    return {
        **attachments.picker_strings(),
        "failed": _("Your request could not be sent. Check your connection and try again."),
        "read": _("Read"),
        "maxFiles": str(attachments.MAX_FILES),
        "maxBytes": str(attachments.MAX_BYTES),
    }


# --- The ticket page, reached by login (reference) or by the secret link (token) -----------


def _ticket_for(request: HttpRequest, reference: str | None, token: str | None) -> Ticket:
    """The ticket the URL names, if this request may see it; 404 otherwise."""
    try:
        if token is not None:
            return access.ticket_get_by_token(token)
        if not request.user.is_authenticated:
            raise Http404
        return access.ticket_get_for(request.user, reference or "")
    except Ticket.DoesNotExist:
        raise Http404 from None


def _urls(ticket: Ticket, token: str | None) -> dict[str, str]:
    """The page's own action URLs, in the same access mode it was opened with."""
    if token is not None:
        base, kwargs = "tickets:portal", {"token": token}
    else:
        base, kwargs = "tickets:ticket", {"reference": ticket.reference}
    urls = {"page": reverse(base, kwargs=kwargs)}
    for action in ("reply", "solve", "rate", "new-link", "verify", "freeze"):
        urls[action.replace("-", "_")] = reverse(f"{base}-{action}", kwargs=kwargs)
    urls["files"] = urls["page"] + "files/"
    urls["closure"] = urls["page"] + "closure/"
    return urls


def _page(
    request: HttpRequest,
    ticket: Ticket,
    token: str | None,
    *,
    reply_form: ReplyForm | None = None,
    rating_form: RatingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    preselected = request.GET.get("rate", "")
    # A missing one-to-one raises an AttributeError subclass, which getattr turns into None.
    rating = getattr(ticket, "rating", None)
    if rating_form is None:
        initial = {"score": rating.score, "comment": rating.comment} if rating else {}
        if preselected in {"1", "2", "3", "4", "5"}:
            initial["score"] = int(preselected)
        rating_form = RatingForm(initial=initial)
    context = {
        "ticket": ticket,
        "thread": selectors.ticket_thread(ticket=ticket, staff=False),
        "reply_form": reply_form or ReplyForm(),
        "rating_form": rating_form,
        "rating": rating,
        "urls": _urls(ticket, token),
        "can_reply": ticket.status != Status.CLOSED and not ticket.merged_into_id,
        "can_solve": ticket.status in Ticket.OPEN_STATUSES and not ticket.merged_into_id,
        "can_rate": ticket.status in (Status.SOLVED, Status.CLOSED) and not ticket.merged_into_id,
        "merged_into_url": access.portal_url(ticket.merged_into, absolute=False)
        if ticket.merged_into_id
        else "",
        "by_token": token is not None,
        "auto_close_days": settings.TICKETS_AUTO_CLOSE_DAYS,
        "security": customer_state(
            kind="ticket",
            conversation_id=ticket.pk,
            security_report=ticket.category.is_security and ticket.status != Status.CLOSED,
        ),
    }
    return render(request, "tickets/ticket.html", context, status=status)


def _actor(request: HttpRequest, ticket: Ticket, token: str | None) -> Any:
    """Who acts: the logged-in user, except that the secret link speaks for the ticket's
    customer (a different logged-in person holding the link acts anonymously)."""
    user = request.user if request.user.is_authenticated else None
    if token is not None and user is not None and user.pk != ticket.customer_id:
        return None
    return user


@require_GET
def ticket_page(request: HttpRequest, reference: str | None = None, token: str | None = None):
    """The ticket with its public thread, reply form, solve button and rating."""
    ticket = _ticket_for(request, reference, token)
    return _page(request, ticket, token)


@require_POST
def ticket_reply(request: HttpRequest, reference: str | None = None, token: str | None = None):
    """The customer's reply (with attachments); errors re-show the page with the text kept."""
    ticket = _ticket_for(request, reference, token)
    form = ReplyForm(request.POST, request.FILES)
    if _limited(request, "reply", ticket.customer_email):
        form.is_valid()
        form.add_error(None, _rate_limited_message())
        return _page(request, ticket, token, reply_form=form, status=429)
    if form.is_valid():
        try:
            reply = services.ticket_reply(
                ticket=ticket,
                author=_actor(request, ticket, token),
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your reply was sent."))
            _tell_card_number_hidden(request, reply)
            return redirect(_urls(ticket, token)["page"])
    if request.FILES:
        form.add_error(None, _files_not_kept_message())
    return _page(request, ticket, token, reply_form=form, status=400)


def _tell_card_number_hidden(request: HttpRequest, written: object) -> None:
    if getattr(written, "card_number_hidden", False):
        messages.warning(request, _(CARD_NUMBER_NOTE))


@require_POST
def ticket_solve(request: HttpRequest, reference: str | None = None, token: str | None = None):
    """The customer marks their request solved."""
    ticket = _ticket_for(request, reference, token)
    try:
        services.ticket_set_status(
            ticket=ticket, status=Status.SOLVED, by=_actor(request, ticket, token)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you. Your request is marked as solved."))
    return redirect(_urls(ticket, token)["page"] + "#rate")


@require_POST
def ticket_rate(request: HttpRequest, reference: str | None = None, token: str | None = None):
    """Record the customer's 1-5 rating and comment."""
    ticket = _ticket_for(request, reference, token)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_rate(
                ticket=ticket,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(_urls(ticket, token)["page"])
    return _page(request, ticket, token, rating_form=form, status=400)


@require_POST
def ticket_new_link(request: HttpRequest, reference: str | None = None, token: str | None = None):
    """Replace the secret link (old links stop working) and e-mail the new one."""
    ticket = _ticket_for(request, reference, token)
    services.ticket_rotate_portal_link(ticket=ticket, by=_actor(request, ticket, token))
    messages.success(
        request,
        _("The old link no longer works. We e-mailed a new one to %(email)s.")
        % {"email": ticket.customer_email},
    )
    if token is not None:
        return redirect("tickets:create")
    return redirect(_urls(ticket, token)["page"])


@require_GET
def attachment_download(
    request: HttpRequest,
    attachment_id: int,
    reference: str | None = None,
    token: str | None = None,
) -> HttpResponse:
    """A private attachment, after the ticket's access check. Re-encoded images are shown
    inline; PDFs download. The browser must not guess the type or run anything in it."""
    ticket = _ticket_for(request, reference, token)
    try:
        attachment = access.attachment_get_for(
            ticket, attachment_id, staff=token is None and is_agent(request.user)
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    return private_file_response(attachment, request=request, customer_id=ticket.customer_id)
