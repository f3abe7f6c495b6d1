"""Every store of personal data in the help center, in one list: what it holds, and how it is
exported, erased and expired. docs/privacy.md is this list in prose; the tests check that every
model with a text field is either here or named in ``NOT_PERSONAL`` with the reason."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Store:
    model: str  # app_label.ModelName, or a description for stores outside the database
    holds: str
    export: str
    erase: str
    expire: str = "-"


STORES: tuple[Store, ...] = (
    Store(
        "auth.User",
        "name, e-mail, user name of a customer account",
        "account section",
        "user name becomes erased-<id>, name and e-mail emptied, password unusable, inactive",
    ),
    Store(
        "accounts.CustomerProfile",
        "language of e-mails",
        "account section",
        "kept (no personal data)",
    ),
    Store(
        "accounts.EmailVerification",
        "e-mail addresses being confirmed",
        "account section",
        "deleted",
    ),
    Store(
        "accounts.WalletIdentity",
        "wallet user id and phone of the account",
        "account section",
        "deleted",
    ),
    Store(
        "tickets.Ticket",
        "customer name, e-mail, subject, transaction number, error, topic answers, preview",
        "tickets[]",
        "placeholders; the row, its status, times and topic stay",
        "closed requests after closed_ticket_days: same as erasure",
    ),
    Store(
        "tickets.TicketMessage",
        "the thread: the customer's words, agents' replies naming them",
        "tickets[].messages[] (public ones)",
        "customer messages become a placeholder; identifiers removed from the others",
        "with the request (closed_ticket_days)",
    ),
    Store(
        "tickets.Attachment",
        "files of requests (screenshots, statements, identity documents)",
        "files/ in the zip",
        "row and file deleted",
        "attachment_days",
    ),
    Store(
        "tickets.SatisfactionRating",
        "rating comment",
        "tickets[].rating",
        "comment emptied, score kept",
    ),
    Store("tickets.TicketEvent", "old/new values of changes", "-", "identifiers removed"),
    Store(
        "tickets.Notification",
        "recipient e-mail of the outbox",
        "-",
        "address replaced, unsent mail cancelled",
    ),
    Store(
        "chat.Conversation",
        "customer name, e-mail, page they came from, rating comment",
        "chats[]",
        "placeholders; the row, times and rating score stay",
        "chat_transcript_days after it ended",
    ),
    Store(
        "chat.Message",
        "the transcript",
        "chats[].messages[]",
        "customer messages become a placeholder; identifiers removed from the others",
        "chat_transcript_days: every message becomes a placeholder",
    ),
    Store(
        "chat.ChatAttachment",
        "files sent in chats",
        "files/ in the zip",
        "row and file deleted",
        "attachment_days",
    ),
    Store("chat.Transfer", "agents' hand-over notes", "-", "identifiers removed"),
    Store(
        "wallet.Verification",
        "wallet user id of a verified conversation",
        "verifications[]",
        "wallet user id pseudonymised",
    ),
    Store(
        "wallet.AccountFreeze",
        "wallet user id, reasons",
        "freezes[]",
        "wallet user id pseudonymised, identifiers removed from reasons",
    ),
    Store(
        "wallet.FreezeRequest",
        "a customer's ask to freeze their account, and the address it came from",
        "freeze_requests[]",
        "address emptied",
    ),
    Store(
        "wallet.ClosureRequest",
        "wallet user id, reasons, comment",
        "closures[]",
        "wallet user id pseudonymised, comment emptied",
    ),
    Store(
        "core.AuditEntry",
        "who looked at or changed what, about customer <internal id>",
        "audit[] (without staff ids and addresses)",
        "kept: append-only, names customers only by internal id (legal obligation)",
    ),
    Store(
        "email_channel.InboundEmail",
        "sender, subject and (while quarantined) the raw message",
        "emails[]",
        "sender and raw message removed, subject a placeholder, Message-ID hashed",
        "quarantined and discarded mail after quarantine_days: deleted",
    ),
    Store("email_channel.TicketParticipant", "CC addresses", "-", "deleted"),
    Store("email_channel.BouncingAddress", "addresses that bounce", "-", "deleted"),
    Store(
        "webhooks.Delivery",
        "event payloads (a security report carries the e-mail and transaction number)",
        "-",
        "identifiers in the payload replaced",
        "WEBHOOKS_RETENTION_DAYS after delivery (webhooks app)",
    ),
    Store(
        "insights.Event",
        "visitor account:<id>, words of searches without results",
        "events[]",
        "search words emptied; the event stays (metrics)",
    ),
    Store(
        "faq.SearchMiss",
        "words of searches without results",
        "-",
        "rows holding an identifier deleted",
    ),
    Store("faq.Vote", "comment on an article", "-", "comments holding an identifier emptied"),
    Store(
        "api.IdempotentRequest",
        "stored API responses",
        "-",
        "responses holding an identifier deleted",
        "24 h (api app)",
    ),
    Store(
        "admin.LogEntry",
        "admin history: the name of what was edited (an account's e-mail, a subject)",
        "-",
        "names holding an identifier become a placeholder",
    ),
    Store(
        "workspace.AgentNotification",
        "agents' notifications naming the customer and the request's subject",
        "-",
        "deleted",
        "NOTIFICATION_RETENTION_DAYS",
    ),
    Store(
        "privacy.ExportArchive",
        "earlier exports of the customer's data",
        "-",
        "row and file deleted",
        "export_days",
    ),
    Store(
        "cache: faq pages, searches, core.person_pages copies",
        "rendered pages and search results",
        "-",
        "every cached page and search is made stale",
        "minutes (PAGE_TIMEOUT, COPY_SECONDS)",
    ),
)

# Models with text fields that hold no customer's personal data, and why.
NOT_PERSONAL: dict[str, str] = {
    "wallet.DemoAccount": "the demo wallet's own accounts (the real wallet keeps and erases them)",
    "wallet.DemoTransaction": "the demo wallet's own transactions",
    "wallet.OnCallContact": "staff contacts",
    "wallet.DeskSettings": "settings",
    "teams.Team": "staff teams (names, topics, languages)",
    "core.Topic": "content",
    "core.Holiday": "content",
    "faq.Category": "content",
    "faq.Article": "content",
    "faq.SearchEntry": "content",
    "tickets.CannedResponse": "content",
    "tickets.TopicField": "content",
    "tickets.SlaReminder": "ids only",
    "tickets.SlaPolicy": "settings",
    "email_channel.Mailbox": "settings",
    "webhooks.Subscription": "settings",
    "webhooks.Attempt": "receivers' answers, never the payload",
    "api.ApiKey": "credentials of systems",
    "api.UsedIdentity": "token ids",
    "helpcenter.ContactChannel": "content",
    "chat.WidgetOrigin": "settings",
    "chat.AgentPresence": "staff",
    "accounts.StaffPreference": "staff",
    "workspace.SavedView": "staff",
    "insights.DailyVolume": "counts per day, topic, channel and language",
    "macros.Tag": "content",
    "macros.Macro": "content (reply texts with placeholders)",
    "privacy.RetentionSettings": "settings",
    "auth.Group": "roles",
    "auth.Permission": "roles",
    "contenttypes.ContentType": "schema",
    "sessions.Session": "signed session ids; an erased account's sessions stop working",
}
