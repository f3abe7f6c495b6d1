"""The new part of a reply: quoted history and signatures cut off, in Chinese and English.

mail-parser-reply knows Gmail's "On … wrote:", Outlook's From/Sent block (English and
Chinese) and "-- " signatures. Chinese clients also write separators it does not know: QQ Mail
and Foxmail's "------------------ 原始邮件 ------------------", 163 Mail's "-----原始邮件-----"
and "在 2026-11-30 10:00:00，"张三" <a@163.com> 写道：", with full- or half-width colons;
those are cut here first.
"""

import re

from mailparser_reply import EmailReplyParser

_SEPARATORS = re.compile(
    r"^[ \t>]*(?:"
    r"-{2,}\s*(?:原始邮件|Original Message|回复的原邮件)\s*-{2,}"  # QQ, Foxmail, 163
    r"|.{0,200}?(?:在|于)\s*.{0,100}?写道\s*[:：]\s*$"  # 163, Gmail and Apple Mail in Chinese
    r"|\d{4}年\d{1,2}月\d{1,2}日.{0,150}?写道\s*[:：]\s*$"  # Apple Mail in Chinese
    r"|On\s.{4,200}?wrote\s*:\s*$"  # Gmail and Apple Mail in English
    r"|(?:发件人|From)\s*[:：].*\n[ \t>]*(?:发送时间|日期|Sent|Date)\s*[:：]"  # header blocks
    r")",
    re.MULTILINE,
)

_PARSER = EmailReplyParser(languages=["zh", "en"])


def latest_reply(text: str) -> str:
    """The part of ``text`` the sender wrote now; the whole text if nothing is left after
    cutting (better a long message than an empty one)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _SEPARATORS.search(text)
    head = text[: match.start()] if match else text
    reply = (_PARSER.parse_reply(head) or "").strip()
    return reply or head.strip() or text.strip()
