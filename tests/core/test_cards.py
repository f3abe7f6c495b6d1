"""Card numbers (13-19 digits passing Luhn, grouped by spaces or dashes) are masked to their
last four digits; other numbers are left alone."""

from core.cards import mask_card_numbers


def test_a_card_number_written_together_is_masked() -> None:
    assert mask_card_numbers("my card 4111111111111111 was charged") == (
        "my card **** 1111 was charged",
        True,
    )


def test_a_card_number_in_groups_with_spaces_or_dashes_is_masked() -> None:
    assert mask_card_numbers("4111 1111 1111 1111 and 5500-0000-0000-0004") == (
        "**** 1111 and **** 0004",
        True,
    )


def test_a_19_digit_card_number_is_masked() -> None:
    assert mask_card_numbers("6212345678901234569") == ("**** 4569", True)


def test_numbers_failing_luhn_are_kept() -> None:
    text = "order 4111111111111112, phone 13800138000, TXN-20261122-0003"

    assert mask_card_numbers(text) == (text, False)


def test_a_card_number_followed_by_a_year_keeps_the_year() -> None:
    assert mask_card_numbers("4111 1111 1111 1111 2026") == ("**** 1111 2026", True)


def test_text_without_digits_is_unchanged() -> None:
    assert mask_card_numbers("你好，我的账户被盗了") == ("你好，我的账户被盗了", False)
