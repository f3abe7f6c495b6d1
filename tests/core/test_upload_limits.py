"""Uploads are bounded before they cost anything: a body too long is refused by its
Content-Length before it is read, a file over the limit is not kept whole, and an image with
more pixels than a screenshot or a receipt photo is refused before it is decoded."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import translation

from core.uploads import MAX_BYTES, MAX_REQUEST_BYTES, clean_upload
from tests.tickets.factories import PDF_BYTES, png_bytes


class UnreadBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.django_db
def test_a_form_post_longer_than_the_limit_gets_413_before_its_body_is_read(client):
    response = client.generic(
        "POST",
        "/en/requests/new/",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(MAX_REQUEST_BYTES + 1),
        **{"wsgi.input": UnreadBody()},
    )

    assert response.status_code == 413
    assert "at most 5 files of 10 MB each" in response.content.decode()


@pytest.mark.django_db
def test_a_chat_upload_longer_than_the_limit_gets_413_as_translated_json(client):
    response = client.generic(
        "POST",
        "/api/chat/conversations/1/files",
        content_type="multipart/form-data; boundary=x",
        headers={"Accept-Language": "zh-hans"},
        CONTENT_LENGTH=str(MAX_REQUEST_BYTES + 1),
        **{"wsgi.input": UnreadBody()},
    )

    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert "10 MB" in response.json()["message"]
    assert "upload is too large" not in response.json()["message"]


def test_a_file_over_the_limit_is_kept_only_up_to_the_limit_and_still_refused():
    oversized = SimpleUploadedFile("statement.pdf", PDF_BYTES + bytes(3 * MAX_BYTES))

    upload = RequestFactory().post("/", {"file": oversized}).FILES["file"]

    assert MAX_BYTES < upload.size < MAX_BYTES + 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        clean_upload(upload)
    assert refused.value.code == "file_size"


def test_an_image_over_16_megapixels_is_refused_with_its_own_message():
    photo = SimpleUploadedFile("receipt.png", png_bytes((4200, 4000)), content_type="image/png")

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        clean_upload(photo)
    assert refused.value.messages == [
        "“receipt.png” is too large an image: at most 16 megapixels are accepted."
    ]


def test_a_12_megapixel_receipt_photo_is_accepted():
    photo = SimpleUploadedFile("receipt.png", png_bytes((4000, 3000)), content_type="image/png")

    assert clean_upload(photo).content_type == "image/png"
