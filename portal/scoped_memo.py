"""Share one read between the parts of one page: inside `with scope():` a call of `memoized(key, build)`
returns the value built by the first call with the same key in that block (the start page's news list and
its upcoming dates ask for the same future events once). Outside a block every call builds anew.

The block is lexical — a context variable set on entry and reset on exit — so nothing outlives it: no
state survives the block, a request or a thread, and no signal is involved. Keys must name everything
the value depends on (e.g. the person's id); values are what `build` returned, shared, so callers must
not change them.
"""

import contextlib
import contextvars
from collections.abc import Callable, Hashable, Iterator
from typing import Any

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("portal_scoped_memo", default=None)


@contextlib.contextmanager
def scope() -> Iterator[None]:
    """Open a block in which `memoized` builds each key once."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoized(key: Hashable, build: Callable[[], Any]) -> Any:
    """Return `build()`, built once per key inside the innermost open `scope()`, else every time."""
    memo = _memo.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]
