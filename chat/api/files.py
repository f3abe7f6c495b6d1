"""A message with files (multipart upload) and the private download of a chat file
(docs/chat-protocol.md, section 5.1)."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import is_agent
from chat import access, forms, services
from chat.api.common import (
    TOKEN_HEADER,
    chat_error,
    customer_conversation,
    customer_endpoint,
    error,
    form_error,
)
from chat.serialize import message_frame
from core.downloads import private_file_response
from core.ratelimits import rate_limited


def _upload_rate() -> str:
    return getattr(settings, "CHAT_UPLOAD_RATE", "20/m")


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
@rate_limited("chat:files", _upload_rate, key="user_or_ip")
def message_files(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """A message with files (multipart/form-data), from the customer or the assigned agent;
    stored and broadcast like a text message. Refused files are named in translated errors."""
    # An agent acts with the session; a call with the customer token is the customer's.
    as_agent = is_agent(request.user) and not request.headers.get(TOKEN_HEADER)
    try:
        if as_agent:
            conversation = access.conversation_get_for_agent(
                conversation_id=conversation_id, user=request.user
            )
        else:
            conversation = customer_conversation(request, conversation_id)
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    language = request.POST.get("language", "")
    if language not in ("en", "zh-hans"):
        language = (get_language() or "zh-hans") if as_agent else conversation.language
    with translation.override(language):
        form = forms.MessageFilesForm(request.POST, request.FILES)
        if not form.is_valid():
            return form_error(form)
    data = form.cleaned_data
    try:
        result = services.message_send_files(
            conversation_id=conversation.pk,
            sender_kind="agent" if as_agent else "customer",
            client_id=data["client_id"],
            body=data["body"],
            uploads=data["files"],
            user=request.user if as_agent else None,
        )
    except services.ChatError as exc:
        return chat_error(exc)
    return JsonResponse(
        {"message": message_frame(result.message), "duplicate": result.duplicate},
        status=200 if result.duplicate else 201,
    )


@require_GET
def attachment_download(
    request: HttpRequest, conversation_id: int, attachment_id: int
) -> HttpResponse:
    """A chat file, for the conversation's customer (the ``X-Chat-Token`` header: the widget
    fetches the file and shows it from a ``blob:`` URL, so no token is ever in a URL; or the
    session or account) and agents; 404 for everyone else. Images are shown inline, PDFs
    download; the browser must not guess the type or run anything in it."""
    try:
        conversation = customer_conversation(request, conversation_id)
    except access.ChatAccessDenied:
        try:
            conversation = access.conversation_get_for_agent(
                conversation_id=conversation_id, user=request.user
            )
        except access.ChatAccessDenied:
            raise Http404 from None
    try:
        attachment = access.attachment_get_for(conversation, attachment_id)
    except access.ChatAccessDenied:
        raise Http404 from None
    return private_file_response(attachment, request=request, customer_id=conversation.customer_id)
