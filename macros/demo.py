"""Demo tags and macros for ``manage.py seed_demo``: five tags (a few on the demo requests
and the demo floor's chats) and three macros (for requests, for chats, for both), so the
inbox shows chips and the pane's menus have something to offer. Idempotent."""

from chat.models import Conversation
from macros.models import ConversationTag, Macro, Tag, TicketTag
from tickets.models import Ticket

TAGS = [
    # zh name, en name, colour
    ("退款", "Refund", Tag.Colour.AMBER),
    ("重要客户", "VIP", Tag.Colour.PURPLE),
    ("程序错误", "Bug", Tag.Colour.RED),
    ("待回电", "Call back", Tag.Colour.BLUE),
    ("已核实身份", "Identity verified", Tag.Colour.GREEN),
]

MACROS = [
    {
        "title_zh_hans": "已退款并解决",
        "title_en": "Refunded and solved",
        "scope": Macro.Scope.TICKETS,
        "body_zh_hans": "{customer_name}，您好：我们已为请求 {reference} 办理退款，款项将在 1–3 个"
        "工作日内退回原支付方式。如有疑问，直接回复即可。—— {agent_name}",
        "body_en": "Hello {customer_name}, we have refunded the payment of request {reference}; "
        "it reaches your original payment method within 1–3 business days. Just reply if "
        "anything is unclear. — {agent_name}",
        "status": Ticket.Status.SOLVED,
        "tags": ("Refund",),
    },
    {
        "title_zh_hans": "请提供交易号",
        "title_en": "Ask for the transaction number",
        "scope": Macro.Scope.BOTH,
        "body_zh_hans": "{customer_name}，您好：请提供这笔交易的交易号"
        "（在“账单”中点开该笔交易即可看到），我们马上为您核查。",
        "body_en": "Hello {customer_name}, please send us the transaction number (open the "
        "payment under “Bills” to see it) and we will check it right away.",
        "status": "",
        "tags": (),
    },
    {
        "title_zh_hans": "身份已核实",
        "title_en": "Identity verified",
        "scope": Macro.Scope.CHATS,
        "body_zh_hans": "谢谢您，{customer_name}，您的身份已核实。",
        "body_en": "Thank you, {customer_name}, your identity is verified.",
        "status": "",
        "tags": ("Identity verified",),
    },
]


def load() -> None:
    tags = {}
    for zh, en, colour in TAGS:
        tags[en], _created = Tag.objects.get_or_create(
            name_en=en, defaults={"name_zh_hans": zh, "colour": colour}
        )
    for row in MACROS:
        data = {k: v for k, v in row.items() if k != "tags"}
        macro, created = Macro.objects.get_or_create(title_en=row["title_en"], defaults=data)
        if created:
            macro.tags.set([tags[name] for name in row["tags"]])
    if TicketTag.objects.exists() or ConversationTag.objects.exists():
        return
    tickets = list(Ticket.objects.order_by("pk")[:4])
    for ticket, name in zip(tickets, ("Refund", "VIP", "Bug", "Refund"), strict=False):
        TicketTag.objects.create(ticket=ticket, tag=tags[name])
    if tickets:
        TicketTag.objects.create(ticket=tickets[0], tag=tags["VIP"])
    chats = Conversation.objects.exclude(status=Conversation.Status.CLOSED).order_by("pk")[:2]
    for conversation, name in zip(chats, ("Call back", "Identity verified"), strict=False):
        ConversationTag.objects.create(conversation=conversation, tag=tags[name])
