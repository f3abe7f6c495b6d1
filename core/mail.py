"""E-mail details every app's messages share."""

from email.header import Header

from django.core.mail import EmailMultiAlternatives


def subject_header(text: str) -> str:
    """``text`` as a Subject header value that mail readers show exactly.

    Django encodes a non-ASCII subject as long RFC 2047 words, and Python's mail generator then
    folds the line right after "Subject:"; readers that keep the folding whitespace (Python's
    own ``email.policy.default``, several webmail clients) showed Chinese subjects with a
    leading space. Encoded here in words that fit beside "Subject: ", separated by spaces,
    which readers drop between encoded words. ASCII subjects stay as they are."""
    if text.isascii():
        return text
    return Header(text, "utf-8", header_name="Subject").encode(linesep=" ")


class Email(EmailMultiAlternatives):
    """Django's message with a Subject header that reads back exactly (``subject_header``);
    ``subject`` itself stays the plain text."""

    def __init__(self, subject: str = "", *args, **kwargs) -> None:
        super().__init__(" ".join(subject.split()), *args, **kwargs)

    def message(self, *args, **kwargs):
        message = super().message(*args, **kwargs)
        del message["Subject"]
        message["Subject"] = subject_header(self.subject)
        return message
