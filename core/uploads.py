"""Attachment checks: the type comes from the bytes, never from the name or the browser.

Accepted: PNG, JPEG, GIF, WebP images (verified and re-encoded by Pillow, which also drops
metadata such as GPS positions) and PDF (``%PDF-`` header). Everything else (SVG, HTML,
archives, executables) is refused, as is anything over 10 MB, before it is read into memory,
and any image over 16 megapixels, before it is decoded.

Every request with files (request form, portal and console replies, chat files) is bounded
before its files are checked: ``RequestSizeMiddleware`` refuses a body longer than
``MAX_REQUEST_BYTES`` by its Content-Length, before reading it, and ``SizeCappedUploadHandler``
(first of ``FILE_UPLOAD_HANDLERS``) stops keeping a file's bytes once it passes ``MAX_BYTES``.
"""

import hashlib
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.models import StoredFile

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
# A 10 MB PNG can decode to gigabytes, and re-encoding costs CPU by the pixel (~2 s at 40 MP):
# 16 MP holds a 4K screenshot (8.3 MP) and a phone photo of a receipt (12 MP).
MAX_PIXELS = 16_000_000
# The longest body a request may have: MAX_FILES files at the limit plus the form's text.
MAX_REQUEST_BYTES = MAX_FILES * MAX_BYTES + 1024 * 1024

IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}
# What each accepted image is stored as: GIF becomes PNG (first frame), the rest keep format.
STORED_AS = {
    "PNG": ("PNG", "image/png", ".png"),
    "JPEG": ("JPEG", "image/jpeg", ".jpg"),
    "GIF": ("PNG", "image/png", ".png"),
    "WEBP": ("WEBP", "image/webp", ".webp"),
}
ACCEPT = "image/png,image/jpeg,image/gif,image/webp,application/pdf,.png,.jpg,.jpeg,.gif,.webp,.pdf"


@dataclass(frozen=True)
class CleanUpload:
    """An accepted file: safe name, detected content type and the bytes to store."""

    name: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def picker_strings() -> dict[str, str]:
    """The texts the attachment picker (static/tickets/attachments.js) shows, translated here
    (no JavaScript catalog): the request form and the staff pane use this one set."""
    return {
        "tooMany": _("Attach at most %(count)d files.") % {"count": MAX_FILES},
        "tooLarge": _("“%(name)s” is larger than 10 MB."),
        "badType": _(
            "“%(name)s” cannot be attached: only images (PNG, JPEG, GIF, WebP) and PDF files "
            "are accepted."
        ),
        "added": _("Added “%(name)s”."),
        "removed": _("Removed “%(name)s”."),
        "remove": _("Remove “%(name)s”"),
    }


def _refused(name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” cannot be attached: only images (PNG, JPEG, GIF, WebP) and PDF files "
            "are accepted."
        )
        % {"name": name},
        code="file_type",
    )


def _too_many_pixels(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is too large an image: at most %(megapixels)d megapixels are accepted.")
        % {"name": name, "megapixels": MAX_PIXELS // 1_000_000},
        code="image_size",
    )


def _safe_name(name: str, extension: str) -> str:
    base = os.path.basename(name.replace("\\", "/"))
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[\x00-\x1f\x7f\"/\\<>:|?*]", "", base).strip(" .") or "file"
    stem = os.path.splitext(base)[0][:120] or "file"
    return f"{stem}{extension}"


def _sniff_image(head: bytes) -> str | None:
    for signature, kind in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _reencode(data: bytes, kind: str, name: str) -> bytes:
    fmt = STORED_AS[kind][0]
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != kind:
                raise _refused(name)
            if probe.width * probe.height > MAX_PIXELS:
                raise _too_many_pixels(name)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            elif fmt == "PNG" and image.mode == "P":
                image = image.convert("RGBA")
            out = io.BytesIO()
            image.save(out, format=fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refused(name) from None


def clean_upload(upload: Any) -> CleanUpload:
    """Check one uploaded file and return what to store, or raise a translated
    ValidationError. ``upload`` is a Django ``UploadedFile`` (``name``, ``size``, ``read``)."""
    name = getattr(upload, "name", "") or "file"
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than 10 MB.") % {"name": os.path.basename(name)},
            code="file_size",
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than 10 MB.") % {"name": os.path.basename(name)},
            code="file_size",
        )
    kind = _sniff_image(data[:16])
    if kind is not None:
        _fmt, content_type, extension = STORED_AS[kind]
        return CleanUpload(_safe_name(name, extension), content_type, _reencode(data, kind, name))
    if data.startswith(b"%PDF-"):
        return CleanUpload(_safe_name(name, ".pdf"), "application/pdf", data)
    raise _refused(os.path.basename(name))


def store(
    message: Any,
    uploads: list[CleanUpload],
    *,
    model: type[StoredFile],
) -> list[StoredFile]:
    """Save accepted files to private storage as ``model`` rows (a ``core.models.StoredFile``)
    of ``message``; the model's ``file`` field decides where in private storage the bytes go."""
    return [
        model.objects.create(
            message=message,
            file=ContentFile(upload.data, name=upload.name),
            original_name=upload.name,
            content_type=upload.content_type,
            size=len(upload.data),
            sha256=upload.sha256,
        )
        for upload in uploads
    ]


class SizeCappedUploadHandler(FileUploadHandler):
    """First of ``FILE_UPLOAD_HANDLERS``: passes a file's bytes on to the handlers that keep
    them only until the file is over ``MAX_BYTES``, so an oversized file is never written out
    whole. What was kept is still over the limit, so ``clean_upload`` refuses it as usual."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.kept = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.kept > MAX_BYTES:
            return None
        self.kept += len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class RequestSizeMiddleware:
    """413 for a request whose Content-Length is over ``MAX_REQUEST_BYTES``, before any of its
    body is read or parsed: JSON in the APIs' error shape, else the translated sentence."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= MAX_REQUEST_BYTES:
            return self.get_response(request)
        message = _("The upload is too large: attach at most %(count)d files of 10 MB each.") % {
            "count": MAX_FILES
        }
        if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
            return JsonResponse(
                {"error": "too_large", "message": message, "fields": {}}, status=413
            )
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
