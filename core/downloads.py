"""The one response for a privately stored file (``core.models.StoredFile``).

Callers check access first (an ``access`` function of their app) and answer 404 when it fails;
this only decides how the bytes leave: images re-encoded on upload are shown inline, PDFs
download, and the browser may neither guess the type, run anything in the file, embed it
from another site nor keep a copy. A download by staff is written to the audit log.
"""

from django.http import FileResponse, HttpRequest

from core.audit import Action, audit_record
from core.models import StoredFile


def private_file_response(
    stored: StoredFile, *, request: HttpRequest | None = None, customer_id: int | None = None
) -> FileResponse:
    """``request``: the download's request, so that staff downloads are audited (with the
    internal id of the customer the file belongs to, if any)."""
    if request is not None and getattr(request.user, "is_staff", False):
        audit_record(
            action=Action.DOWNLOADED_ATTACHMENT,
            request=request,
            object_type=stored._meta.label_lower,
            object_id=stored.pk,
            customer_id=customer_id,
        )
    inline = stored.content_type.startswith("image/")
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
