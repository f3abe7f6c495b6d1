"""core.gathering: rows handed to ``gather`` are written at once outside a block, and together
when the outermost ``gathering()`` block ends; never when it raises."""

import pytest

from core.gathering import gather, gathering


def recorder():
    calls = []

    def write(items):
        calls.append(list(items))

    return calls, write


def test_outside_a_block_each_gather_writes_at_once():
    calls, write = recorder()

    gather([1, 2], write)
    gather([3], write)

    assert calls == [[1, 2], [3]]


def test_inside_a_block_one_write_per_function_when_the_outer_block_ends():
    calls, write = recorder()
    other_calls, other = recorder()

    with gathering():
        gather([1], write)
        with gathering():
            gather([2, 3], write)
            gather(["a"], other)
        assert calls == []  # the inner block leaves the writing to the outer one
        gather([4], write)

    assert calls == [[1, 2, 3, 4]]
    assert other_calls == [["a"]]


def test_a_block_that_raises_writes_nothing_and_the_next_gather_writes_at_once():
    calls, write = recorder()

    def gather_then_fail():
        with gathering():
            gather([1], write)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        gather_then_fail()
    gather([2], write)

    assert calls == [[2]]
