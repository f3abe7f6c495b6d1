"""The export archive: every kind of record of the customer, their files, and nothing of
anyone else."""

import io
import json
import zipfile

from core.models import AuditEntry
from privacy import services


def archive_of(**who) -> tuple[dict, zipfile.ZipFile]:
    buffer = io.BytesIO()
    services.customer_export(out=buffer, **who)
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    return json.loads(archive.read("data.json")), archive


def test_the_archive_holds_every_kind_of_record_of_the_customer(zhao, emma):
    data, archive = archive_of(email=zhao.email)

    assert data["account"]["email"] == zhao.email
    assert data["account"]["wallet"]["phone"] == zhao.phone
    assert {t["reference"] for t in data["tickets"]} == {t.reference for t in zhao.tickets}
    first = next(t for t in data["tickets"] if t["reference"] == zhao.tickets[0].reference)
    assert first["transaction_number"] == zhao.transaction_number
    assert first["rating"]["score"] == 4
    assert any(m["from"] == "agent" for m in first["messages"])
    assert [c["id"] for c in data["chats"]] == [zhao.conversation.pk]
    assert data["chats"][0]["rating"]["score"] == 5
    assert len(data["verifications"]) == 1
    assert len(data["freezes"]) == 1
    assert len(data["closures"]) == 1
    assert {e["status"] for e in data["emails"]} == {"filed"}
    assert any(e["action"] == "viewed_wallet" for e in data["audit"])
    assert {e["kind"] for e in data["events"]} >= {"request_started", "suggested_article_opened"}
    files = [n for n in archive.namelist() if n.startswith("files/")]
    assert len(files) == 2


def test_the_archive_holds_the_customers_files_byte_for_byte(zhao, emma):
    import hashlib

    _data, archive = archive_of(email=zhao.email)

    hashes = {
        hashlib.sha256(archive.read(n)).hexdigest()
        for n in archive.namelist()
        if n.startswith("files/")
    }
    assert hashes == set(zhao.attachment_hashes)


def test_the_archive_holds_nothing_of_another_customer(zhao, emma):
    data, archive = archive_of(email=zhao.email)

    text = json.dumps(data, ensure_ascii=False).lower()
    for needle in [*emma.needles, emma.wallet_user_id, emma.transaction_number]:
        assert needle.lower() not in text
    for ticket in emma.tickets:
        assert ticket.reference.lower() not in text
    hashes = set()
    import hashlib

    for name in archive.namelist():
        hashes.add(hashlib.sha256(archive.read(name)).hexdigest())
    assert not hashes & set(emma.attachment_hashes)


def test_the_customer_is_found_by_wallet_user_id_or_account_alike(zhao, emma):
    by_email, _ = archive_of(email=zhao.email)
    by_wallet, _ = archive_of(wallet_user_id=zhao.wallet_user_id)
    by_user, _ = archive_of(user=zhao.user)

    assert by_wallet["tickets"] == by_email["tickets"] == by_user["tickets"]


def test_an_export_is_in_the_audit_log_by_internal_id(zhao, emma):
    archive_of(email=zhao.email)

    entry = AuditEntry.objects.get(action="data_exported")
    assert entry.customer_id == zhao.user.pk
    assert zhao.email not in json.dumps(entry.detail)
