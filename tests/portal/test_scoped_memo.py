"""portal.scoped_memo: one value per key inside a block, nothing outside or after it."""

import pytest

from portal import scoped_memo


def test_builds_once_per_key_inside_a_scope_and_every_time_outside():
    calls = []

    def build(value):
        calls.append(value)
        return [value]

    assert scoped_memo.memoized("a", lambda: build(1)) == [1]
    assert scoped_memo.memoized("a", lambda: build(2)) == [2]  # no scope: built anew
    with scoped_memo.scope():
        first = scoped_memo.memoized("a", lambda: build(3))
        assert scoped_memo.memoized("a", lambda: build(4)) is first
        assert scoped_memo.memoized("b", lambda: build(5)) == [5]
        with scoped_memo.scope():  # an inner block starts empty and ends with itself
            assert scoped_memo.memoized("a", lambda: build(6)) == [6]
        assert scoped_memo.memoized("a", lambda: build(7)) is first
    assert scoped_memo.memoized("a", lambda: build(8)) == [8]  # the block has ended
    assert calls == [1, 2, 3, 5, 6, 8]


def test_a_failing_build_leaves_nothing_behind():
    def boom():
        raise ValueError("kaputt")

    with scoped_memo.scope():
        with pytest.raises(ValueError, match="kaputt"):
            scoped_memo.memoized("x", boom)
        assert scoped_memo.memoized("x", lambda: "ok") == "ok"
