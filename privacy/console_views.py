"""The privacy desk in the staff console (supervisors): find a customer by e-mail or wallet user
id, see what is held, export it as a zip, or erase it (a reason, then a second confirmation).
Views are thin: the services do the work and the audit."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import supervisor_required
from core.downloads import private_file_response
from privacy import selectors, services
from privacy.forms import EraseConfirmForm, EraseForm, FindForm
from privacy.subjects import SubjectNotFound, subject_find


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"console_section": "privacy", **context}, status=status)


@supervisor_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The search, and what is held about the customer found."""
    form = FindForm(request.GET or None)
    summary = None
    if form.is_valid():
        try:
            subject = subject_find(**form.cleaned_data)
        except SubjectNotFound as exc:
            form.add_error(None, exc.message)
        else:
            summary = selectors.subject_summary(subject)
    return _render(
        request,
        "privacy/console.html",
        {
            "form": form,
            "summary": summary,
            "erase_form": EraseForm(initial=form.cleaned_data) if summary else None,
            "exports": selectors.recent_exports(),
        },
    )


@supervisor_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    form = FindForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(str(e) for e in form.non_field_errors()) or _("Check the form.")
        )
        return redirect("privacy_console:home")
    try:
        archive = services.export_archive_create(
            **form.cleaned_data, actor=request.user, request=request
        )
    except SubjectNotFound as exc:
        messages.error(request, exc.message)
        return redirect("privacy_console:home")
    messages.success(request, _("The archive is ready: download it below."))
    return redirect(reverse("privacy_console:home") + f"#export-{archive.pk}")


@supervisor_required
@require_GET
def export_download(request: HttpRequest, archive_id: int) -> HttpResponse:
    archive = selectors.archive_for_supervisor(archive_id)
    if archive is None:
        raise Http404
    return private_file_response(archive, request=request, customer_id=archive.customer_id)


@supervisor_required
@require_http_methods(["POST"])
def erase(request: HttpRequest) -> HttpResponse:
    """First POST (reason given): the confirmation page. Second POST (confirmed): erase."""
    if "confirm_step" not in request.POST:
        form = EraseForm(request.POST)
        if not form.is_valid():
            return _render(
                request, "privacy/erase_confirm.html", {"form": form, "summary": None}, 400
            )
        try:
            subject = subject_find(
                email=form.cleaned_data["email"], wallet_user_id=form.cleaned_data["wallet_user_id"]
            )
        except SubjectNotFound as exc:
            messages.error(request, exc.message)
            return redirect("privacy_console:home")
        return _render(
            request,
            "privacy/erase_confirm.html",
            {
                "form": EraseConfirmForm(initial=form.cleaned_data),
                "summary": selectors.subject_summary(subject),
            },
        )
    form = EraseConfirmForm(request.POST)
    if not form.is_valid():
        return _render(request, "privacy/erase_confirm.html", {"form": form, "summary": None}, 400)
    data = form.cleaned_data
    try:
        result = services.customer_erase(
            email=data["email"],
            wallet_user_id=data["wallet_user_id"],
            reason=data["reason"],
            actor=request.user,
            request=request,
            channel="console",
        )
    except SubjectNotFound as exc:
        messages.error(request, exc.message)
        return redirect("privacy_console:home")
    except services.ErasureError as exc:
        messages.error(request, exc.message)
        return redirect("privacy_console:home")
    messages.success(
        request,
        _(
            "The customer's data was erased: %(tickets)s requests and %(chats)s chats now hold "
            "placeholders."
        )
        % {
            "tickets": result.counts.get("tickets.Ticket", 0),
            "chats": result.counts.get("chat.Conversation", 0),
        },
    )
    return redirect("privacy_console:home")
