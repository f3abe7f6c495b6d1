"""Demo event log for ``manage.py seed_demo``: a week of visitors reading suggested answers,
some of whom then chatted or sent a request, so the deflection rate has something to show.
Idempotent (the demo visitors' ids start with ``demo-``)."""

import random
from datetime import timedelta

from django.utils import timezone

from faq.models import Article
from insights import services
from insights.models import Event
from insights.rollup import rollup_refresh
from insights.services import EventRow

Kind = Event.Kind
VISITORS_PER_DAY = 12
# Every third visitor who read an answer still asked us, within the hour.
ASKS_EVERY = 3


def load() -> None:
    load_history()
    rollup_refresh()  # the past days into the daily rollup, as the beat task would
    load_floor()
    if Event.objects.filter(visitor__startswith="demo-").exists():
        return
    articles = list(
        Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True)
    )
    if not articles:
        return
    now = timezone.now()
    rows = []
    for day in range(7, 0, -1):
        for n in range(VISITORS_PER_DAY):
            visitor = f"demo-{day}-{n}"
            at = now - timedelta(days=day, hours=n)
            article = articles[(day * VISITORS_PER_DAY + n) % len(articles)]
            language = "zh-hans" if n % 2 else "en"
            common = {"visitor": visitor, "channel": Event.Channel.WIDGET, "language": language}
            rows.append(
                EventRow(
                    kind=Kind.SUGGESTION_SHOWN, at=at, data={"article_ids": [article]}, **common
                )
            )
            rows.append(
                EventRow(
                    kind=Kind.SUGGESTED_ARTICLE_OPENED,
                    at=at + timedelta(seconds=20),
                    article_id=article,
                    data={"source": "suggestion"},
                    **common,
                )
            )
            if n % ASKS_EVERY == 0:
                rows.append(
                    EventRow(kind=Kind.CHAT_STARTED, at=at + timedelta(minutes=5), **common)
                )
    services.events_record_many(events=rows)


# Thirty days of requests and chats for the dashboard and the reports. Their ids start here,
# above any real demo request or chat, so the rows are recognisable (and loaded once).
HISTORY_FIRST_ID = 9_000_000
HISTORY_DAYS = 30


def _agents() -> list[int]:
    from accounts.roles import agent_accounts

    return list(agent_accounts().order_by("pk").values_list("pk", flat=True))


def _ticket_rows(rng: random.Random, ticket_id: int, at, topics, agents) -> list[EventRow]:
    common = {
        "ticket_id": ticket_id,
        "topic_id": rng.choice(topics),
        "channel": rng.choice(["web", "web", "web", "email", "chat"]),
        "language": rng.choice(["zh-hans", "zh-hans", "en"]),
    }
    priority = rng.choice(["normal", "normal", "high", "urgent"])
    agent = rng.choice(agents)
    rows = [EventRow(kind=Kind.CREATED, at=at, data={"priority": priority, "backlog": 1}, **common)]
    first = rng.randint(5, 600) * 60 if priority != "urgent" else rng.randint(2, 90) * 60
    due = 60 * 60 if priority == "urgent" else 24 * 3600
    rows.append(
        EventRow(
            kind=Kind.FIRST_PUBLIC_RESPONSE,
            at=at + timedelta(seconds=first),
            data={
                "agent": agent,
                "priority": priority,
                "within": first <= due,
                "seconds": first,
                "business_seconds": first,
            },
            **common,
        )
    )
    if rng.random() < 0.85:
        solved = first + rng.randint(10, 3000) * 60
        rows.append(
            EventRow(
                kind=Kind.SOLVED,
                at=at + timedelta(seconds=solved),
                data={
                    "agent": agent,
                    "priority": priority,
                    "within": None,
                    "backlog": -1,
                    "seconds": solved,
                    "business_seconds": solved,
                },
                **common,
            )
        )
        if rng.random() < 0.4:
            rows.append(
                EventRow(
                    kind=Kind.RATED,
                    at=at + timedelta(seconds=solved + 3600),
                    data={"score": rng.choice([5, 5, 5, 4, 4, 3, 2, 1]), "agent": agent},
                    **common,
                )
            )
    return rows


def _chat_rows(rng: random.Random, chat_id: int, at, topics, agents) -> list[EventRow]:
    common = {
        "conversation_id": chat_id,
        "topic_id": rng.choice(topics),
        "channel": Event.Channel.WIDGET,
        "language": rng.choice(["zh-hans", "zh-hans", "en"]),
    }
    rows = [
        EventRow(kind=Kind.CREATED, at=at, **common),
        EventRow(kind=Kind.QUEUED, at=at, **common),
    ]
    wait = rng.randint(5, 400)
    if rng.random() < 0.08:
        rows.append(
            EventRow(
                kind=Kind.ABANDONED,
                at=at + timedelta(seconds=wait),
                data={"wait_seconds": wait},
                **common,
            )
        )
        return rows
    agent = rng.choice(agents)
    handle = rng.randint(120, 1800)
    rows += [
        EventRow(
            kind=Kind.ACCEPTED,
            at=at + timedelta(seconds=wait),
            data={"agent": agent, "wait_seconds": wait, "first": True},
            **common,
        ),
        EventRow(
            kind=Kind.CLOSED,
            at=at + timedelta(seconds=wait + handle),
            data={"agent": agent, "by": "customer", "handle_seconds": handle},
            **common,
        ),
    ]
    if rng.random() < 0.5:
        rows.append(
            EventRow(
                kind=Kind.RATED,
                at=at + timedelta(seconds=wait + handle + 30),
                data={"score": rng.choice([5, 5, 4, 4, 3, 1]), "agent": agent},
                **common,
            )
        )
    return rows


def load_history() -> None:
    """Past requests and chats as the lifecycle receivers would have written them."""
    from core.models import Topic

    if Event.objects.filter(ticket_id__gte=HISTORY_FIRST_ID).exists():
        return
    topics = list(Topic.objects.values_list("pk", flat=True)) or [None]
    agents = _agents()
    if not agents:
        return
    rng = random.Random(15)  # the same demo every time
    now = timezone.now()
    rows: list[EventRow] = []
    next_id = HISTORY_FIRST_ID
    for day in range(HISTORY_DAYS, -1, -1):
        for _n in range(rng.randint(12, 24)):
            at = now - timedelta(days=day, minutes=rng.randint(0, 20 * 60))
            rows += _ticket_rows(rng, next_id, at, topics, agents)
            next_id += 1
        for _n in range(rng.randint(8, 16)):
            at = now - timedelta(days=day, minutes=rng.randint(0, 20 * 60))
            rows += _chat_rows(rng, next_id, at, topics, agents)
            next_id += 1
    # Nothing from the future (today's rows may end after now).
    rows = [row for row in rows if row.at <= now]
    services.events_record_many(events=rows)


FLOOR_EMAIL = "@floor.demo.example"


def load_floor() -> None:
    """A busy moment on the live floor: two customers waiting, two chats in progress, one
    agent online and one away (the presence sweep sets them offline later, as for anyone)."""
    from django.contrib.auth import get_user_model

    from chat.models import AgentPresence, Conversation, Message
    from chat.services.messages import message_write
    from core.models import Topic

    if Conversation.objects.filter(customer_email__endswith=FLOOR_EMAIL).exists():
        return
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["agent1", "agent2"])
    }
    if len(users) < 2:
        return
    now = timezone.now()
    for username, status in (("agent1", "online"), ("agent2", "away")):
        AgentPresence.objects.update_or_create(
            user=users[username], defaults={"status": status, "last_seen_at": now}
        )
    # Each with its topic and the customer's first line, so the inbox's rows show what a real
    # chat shows (topic, preview) and not a bare name.
    chats = [
        (
            "王芳",
            "zh-hans",
            Conversation.Status.WAITING,
            None,
            4,
            "payment-failed",
            "付款时提示“交易异常”，钱扣了吗？",
        ),
        (
            "Sam Lee",
            "en",
            Conversation.Status.WAITING,
            None,
            1,
            "withdrawal",
            "My withdrawal has been pending since yesterday.",
        ),
        (
            "陈静",
            "zh-hans",
            Conversation.Status.ACTIVE,
            users["agent1"],
            12,
            "account-security",
            "我收到一条陌生设备登录的短信，不是我本人。",
        ),
        (
            "Maria Gomez",
            "en",
            Conversation.Status.ACTIVE,
            users["agent2"],
            7,
            "funds-not-received",
            "I sent money to a friend but she has not received it.",
        ),
    ]
    topics = {t.slug: t for t in Topic.objects.filter(slug__in=[c[5] for c in chats])}
    for n, (name, language, status, agent, minutes, topic, line) in enumerate(chats):
        conversation = Conversation.objects.create(
            customer_name=name,
            customer_email=f"demo{n}{FLOOR_EMAIL}",
            language=language,
            status=status,
            agent=agent,
            topic=topics.get(topic),
            queued_at=now - timedelta(minutes=minutes),
            assigned_at=now - timedelta(minutes=minutes - 1) if agent else None,
        )
        message_write(
            conversation_id=conversation.pk,
            sender_kind=Message.SenderKind.CUSTOMER,
            body=line,
            held=conversation,
        )
