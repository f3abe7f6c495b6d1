"""core.memo.KeyedMemo: one kept value per key, loaded once until it expires or is cleared, and
at most ``size`` keys (the oldest goes first)."""

from core import memo
from core.memo import KeyedMemo


def counting_memo(**kwargs) -> tuple[KeyedMemo, list]:
    loads: list = []

    def load(key: int) -> int:
        loads.append(key)
        return key * 10

    return KeyedMemo(load, **kwargs), loads


def test_each_key_is_loaded_once_while_kept():
    kept, loads = counting_memo()

    values = [kept.get(1), kept.get(2), kept.get(1), kept.get(2)]

    assert values == [10, 20, 10, 20]
    assert loads == [1, 2]


def test_clearing_loads_every_key_again():
    kept, loads = counting_memo()
    kept.get(1)
    kept.get(2)

    kept.clear()
    kept.get(1)
    kept.get(2)

    assert loads == [1, 2, 1, 2]


def test_clear_all_clears_a_keyed_memo():
    kept, loads = counting_memo()
    kept.get(1)

    memo.clear_all()
    kept.get(1)

    assert loads == [1, 1]


def test_an_expired_key_is_loaded_again():
    kept, loads = counting_memo(seconds=0)

    kept.get(1)
    kept.get(1)

    assert loads == [1, 1]


def test_the_oldest_key_goes_first_when_full():
    kept, loads = counting_memo(size=2)
    kept.get(1)
    kept.get(2)
    kept.get(3)  # 1 goes

    kept.get(2)
    kept.get(1)

    assert loads == [1, 2, 3, 1]
