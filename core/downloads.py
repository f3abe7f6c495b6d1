"""The one response for a privately stored file (``core.models.StoredFile``).

Callers check access first (an ``access`` function of their app) and answer 404 when it fails;
this only decides how the bytes leave: images re-encoded on upload are shown inline, PDFs
download, and the browser may neither guess the type, run anything in the file, embed it
from another site nor keep a copy.
"""

from django.http import FileResponse

from core.models import StoredFile


def private_file_response(stored: StoredFile) -> FileResponse:
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
