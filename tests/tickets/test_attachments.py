import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation
from PIL import Image

from core import uploads as attachments
from tests.tickets.factories import PDF_BYTES, png_bytes


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched by their English text, whatever language earlier tests left."""
    with translation.override("en"):
        yield


def upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_png_is_accepted_and_re_encoded_as_png():
    clean = attachments.clean_upload(upload("shot.png", png_bytes()))

    assert clean.content_type == "image/png"
    assert clean.name == "shot.png"
    assert Image.open(io.BytesIO(clean.data)).format == "PNG"


def test_jpeg_metadata_is_dropped_by_re_encoding():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    Image.new("RGB", (8, 8)).save(out, format="JPEG", exif=exif.tobytes())

    clean = attachments.clean_upload(upload("photo.jpg", out.getvalue(), "image/jpeg"))

    assert b"SecretCameraMaker" in out.getvalue()
    assert b"SecretCameraMaker" not in clean.data


def test_pdf_is_accepted_by_its_header():
    clean = attachments.clean_upload(upload("receipt.pdf", PDF_BYTES, "application/pdf"))

    assert clean.content_type == "application/pdf"
    assert clean.data == PDF_BYTES


def test_html_named_png_is_refused():
    fake = upload("screenshot.png", b"<html><script>alert(1)</script></html>", "image/png")

    with pytest.raises(ValidationError, match="cannot be attached"):
        attachments.clean_upload(fake)


def test_svg_with_script_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    with pytest.raises(ValidationError, match="cannot be attached"):
        attachments.clean_upload(upload("logo.svg", svg, "image/svg+xml"))


def test_zip_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "hello")

    with pytest.raises(ValidationError, match="cannot be attached"):
        attachments.clean_upload(upload("statement.pdf", out.getvalue(), "application/pdf"))


def test_windows_executable_is_refused():
    with pytest.raises(ValidationError, match="cannot be attached"):
        attachments.clean_upload(upload("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 64))


def test_png_header_with_garbage_body_is_refused():
    broken = png_bytes()[:20] + b"\x00" * 100

    with pytest.raises(ValidationError, match="cannot be attached"):
        attachments.clean_upload(upload("broken.png", broken))


def test_50_mb_file_is_refused_without_being_read():
    big = TemporaryUploadedFile("huge.png", "image/png", 50 * 1024 * 1024, None)
    big.file.truncate(50 * 1024 * 1024)

    with pytest.raises(ValidationError, match="larger than 10 MB"):
        attachments.clean_upload(big)

    assert big.file.tell() == 0
    big.close()


def test_dangerous_characters_are_removed_from_the_name():
    clean = attachments.clean_upload(upload('../../etc/<b>"x".png', png_bytes()))

    assert clean.name == "bx.png"
