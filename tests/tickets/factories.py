"""Factories for requests. Tickets are made through ``services.ticket_create`` so they carry a
reference, SLA targets, a first message and a queued confirmation like real ones."""

import io

import factory
from PIL import Image

from core.models import Topic
from tickets import services
from tickets.models import CannedResponse, SlaPolicy, Ticket, TopicField


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"主题{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    default_priority = Topic.Priority.NORMAL


class TicketFactory(factory.Factory):
    class Meta:
        model = Ticket

    category = factory.SubFactory(CategoryFactory)
    subject = "Payment failed at checkout"
    description = "The payment failed with an error although my balance is enough."
    name = "Wang Fang"
    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    language = "en"
    customer = None
    transaction_number = ""
    error_message = ""
    uploads = ()
    source = Ticket.Source.WEB

    @classmethod
    def _create(cls, model_class: type, **kwargs: object) -> Ticket:
        customer = kwargs.get("customer")
        if customer is not None:
            kwargs["email"] = customer.email
        return services.ticket_create(**kwargs)


class CannedResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CannedResponse

    title_zh_hans = "问候"
    title_en = "Greeting"
    body_zh_hans = "{customer_name}，您好！我是{agent_name}，正在处理 {reference}。"
    body_en = "Hello {customer_name}, this is {agent_name} about {reference}."
    scope = CannedResponse.Scope.TICKETS


class SlaPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlaPolicy

    category = None
    priority = ""
    first_response_minutes = 24 * 60
    resolution_minutes = None


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TopicFieldFactory(factory.django.DjangoModelFactory):
    """One of a topic's own questions on the request form."""

    class Meta:
        model = TopicField

    topic = factory.SubFactory(CategoryFactory)
    key = factory.Sequence(lambda n: f"field_{n}")
    label_zh_hans = "金额"
    label_en = "Amount"
    kind = TopicField.Kind.TEXT
    required = False
