"""A customer with a record in every store of personal data (privacy.stores), made through the
products' own services where they exist: requests by form and by e-mail, replies, a rating,
files, a chat with a file and a rating, security-desk rows, audit entries, events, a missed
search, a stored API response, webhook deliveries and bounces."""

import io
import os
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import CustomerProfile, EmailVerification, WalletIdentity
from api.models import IdempotentRequest
from chat import services as chat_services
from core.audit import Action, audit_record
from core.uploads import clean_upload
from email_channel.models import BouncingAddress, InboundEmail, TicketParticipant
from email_channel.services import inbound_email_receive
from faq.models import SearchMiss
from insights.models import Event
from insights.services import event_record
from tests.chat.factories import ConversationFactory
from tests.factories import UserFactory
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets import services as ticket_services
from tickets.models import Ticket
from wallet.models import AccountFreeze, ClosureRequest, Verification


@dataclass
class Person:
    email: str
    name: str
    first_name: str
    last_name: str
    phone: str
    wallet_user_id: str
    transaction_number: str
    user: object = None
    tickets: list = field(default_factory=list)
    conversation: object = None
    attachment_hashes: list[str] = field(default_factory=list)
    attachment_files: list[str] = field(default_factory=list)

    @property
    def needles(self) -> list[str]:
        """What must not remain anywhere after an erasure."""
        return [self.email, self.name, f"{self.first_name} {self.last_name}", self.phone]


ZHAO = {
    "email": "zhao.lianhua@example.com",
    "name": "Zhao Lianhua",
    "first_name": "Lianhua",
    "last_name": "Zhao",
    "phone": "+8613911112222",
    "wallet_user_id": "w-7001",
    "transaction_number": "TXN-7001-0042",
}
EMMA = {
    "email": "emma.fairweather@example.org",
    "name": "Emma Fairweather",
    "first_name": "Emma",
    "last_name": "Fairweather",
    "phone": "+8613900003333",
    "wallet_user_id": "w-7002",
    "transaction_number": "TXN-7002-0077",
}


def unique_png(name: str) -> SimpleUploadedFile:
    """An image no other test stores: its pixels are random, so its stored bytes are too."""
    out = io.BytesIO()
    image = Image.frombytes("RGB", (6, 6), os.urandom(6 * 6 * 3))
    image.save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def raw_mail(person: Person, subject: str, body: str) -> bytes:
    return (
        f"From: {person.name} <{person.email}>\r\n"
        f"To: support@help.example.com\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: <{person.wallet_user_id}-{os.urandom(4).hex()}@mail.example.net>\r\n"
        f"Date: Mon, 30 Nov 2026 09:00:00 +0000\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{body}\r\n"
    ).encode()


def build_person(values: dict, *, agent, category=None) -> Person:
    person = Person(**values)
    category = category or CategoryFactory(slug="payment-failed")
    user = UserFactory(
        username=person.wallet_user_id,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    person.user = user
    CustomerProfile.objects.create(user=user, language="en", email_verified_at=timezone.now())
    EmailVerification.objects.create(
        user=user, email=person.email, purpose=EmailVerification.Purpose.SIGNUP, status="used"
    )
    WalletIdentity.objects.create(
        user=user,
        wallet_user_id=person.wallet_user_id,
        phone=person.phone,
        last_signed_in_at=timezone.now(),
    )

    # A request from the form, with a screenshot, an agent's answer naming them, a rating.
    ticket = TicketFactory(
        category=category,
        customer=user,
        name=person.name,
        description=f"My payment failed. Call me on {person.phone}.",
        transaction_number=person.transaction_number,
        error_message="Error 51",
        uploads=[clean_upload(unique_png("statement.png"))],
    )
    ticket_services.ticket_reply(
        ticket=ticket,
        author=agent,
        body=f"Hello {person.name}, we are checking {person.transaction_number}.",
    )
    ticket_services.ticket_reply(
        ticket=ticket, author=agent, body=f"Note: {person.email} verified.", internal=True
    )
    ticket_services.ticket_set_status(ticket=ticket, status=Ticket.Status.SOLVED, by=agent)
    ticket_services.ticket_rate(ticket=ticket, score=4, comment=f"Thanks! {person.name}")
    person.tickets.append(ticket)
    # A security report: its webhook payload carries the address and the transaction number.
    security = CategoryFactory(slug="account-security", is_security=True, default_priority="urgent")
    person.tickets.append(
        TicketFactory(
            category=security,
            customer=user,
            name=person.name,
            subject="Money left my wallet",
            transaction_number=person.transaction_number,
        )
    )

    # A request by e-mail (a guest: the mail's sender), and a quarantined mail of theirs.
    inbound = inbound_email_receive(
        raw=raw_mail(person, "Refund please", f"I am {person.name}, phone {person.phone}.")
    )
    person.tickets.append(Ticket.objects.get(pk=inbound.ticket_id))
    InboundEmail.objects.create(
        message_id=f"<q-{person.wallet_user_id}@mail.example.net>",
        sender=person.email,
        subject=f"From {person.name}",
        status=InboundEmail.Status.QUARANTINED,
        reason="Too many attachments",
        raw=raw_mail(person, "Big mail", f"Signed {person.name}"),
    )

    # A chat with a file, an agent's line naming them, ended and rated.
    conversation = ConversationFactory(
        name=person.name, email=person.email, customer=user, message=f"I am {person.name}."
    )
    chat_services.message_send_files(
        conversation_id=conversation.pk,
        sender_kind="customer",
        client_id=f"file-{person.wallet_user_id}",
        body=f"My phone is {person.phone}",
        uploads=[clean_upload(unique_png("receipt.png"))],
    )
    conversation.refresh_from_db()
    if conversation.agent_id:
        chat_services.message_send(
            conversation_id=conversation.pk,
            sender_kind="agent",
            client_id=f"agent-{person.wallet_user_id}",
            user=conversation.agent,
            body=f"Thank you {person.name}.",
        )
    chat_services.conversation_close(conversation_id=conversation.pk, by_customer=True)
    chat_services.conversation_rate(
        conversation_id=conversation.pk, score=5, comment=f"Great help for {person.name}"
    )
    person.conversation = conversation

    # The security desk's rows and the audit log about them.
    Verification.objects.create(
        kind="ticket",
        conversation_id=ticket.pk,
        customer_id=user.pk,
        wallet_user_id=person.wallet_user_id,
        method=Verification.Method.EMAIL,
        verified_at=timezone.now(),
    )
    AccountFreeze.objects.create(
        wallet_user_id=person.wallet_user_id,
        kind="ticket",
        conversation_id=ticket.pk,
        customer_id=user.pk,
        reason=f"{person.name} reported theft",
        frozen_by=agent,
        frozen_at=timezone.now(),
    )
    ClosureRequest.objects.create(
        kind="chat",
        conversation_id=conversation.pk,
        customer_id=user.pk,
        wallet_user_id=person.wallet_user_id,
        reasons=["not_used"],
        comment=f"Please close, {person.phone}",
        balance=Decimal("0.00"),
        currency="CNY",
        status=ClosureRequest.Status.CANCELLED,
        requested_by=agent,
        requested_at=timezone.now(),
    )
    audit_record(
        action=Action.VIEWED_WALLET,
        actor=agent,
        object_type="tickets.ticket",
        object_id=ticket.pk,
        customer_id=user.pk,
    )

    # Their visits, a search without results holding their address, an API response.
    visitor = f"account:{user.pk}"
    now = timezone.now()
    event_record(
        kind=Event.Kind.SUGGESTED_ARTICLE_OPENED, visitor=visitor, at=now - timedelta(hours=2)
    )
    event_record(kind=Event.Kind.REQUEST_STARTED, visitor=visitor, at=now - timedelta(hours=1))
    event_record(
        kind=Event.Kind.SEARCH_WITHOUT_RESULTS, visitor=visitor, query=f"refund {person.email}"
    )
    SearchMiss.objects.create(query=f"{person.name} refund", language="en")
    IdempotentRequest.objects.create(
        credential="key:1",
        key=f"idem-{person.wallet_user_id}",
        request_hash="0" * 64,
        status_code=201,
        response_body=f'{{"reference": "{ticket.reference}", "email": "{person.email}"}}',
    )
    BouncingAddress.objects.create(email=person.email, diagnostic="mailbox full")
    # An admin edited their account: the admin's history names it.
    LogEntry.objects.create(
        user=agent,
        content_type=ContentType.objects.get_for_model(user),
        object_id=str(user.pk),
        object_repr=f"{person.email} ({person.name})",
        action_flag=CHANGE,
    )
    # Copied (CC) on someone else's request.
    other = TicketFactory(
        category=category, name="Someone Else", email=f"other-{person.wallet_user_id}@example.net"
    )
    TicketParticipant.objects.create(ticket=other, email=person.email)

    from chat.models import ChatAttachment
    from tickets.models import Attachment

    for model, lookup in (
        (Attachment, {"message__ticket__in": person.tickets}),
        (ChatAttachment, {"message__conversation": conversation}),
    ):
        for stored in model.objects.filter(**lookup):
            person.attachment_hashes.append(stored.sha256)
            person.attachment_files.append(stored.file.name)
    return person
