"""A request-memo value lives exactly as long as the request that read it."""

import pytest
from django.core.signals import request_finished, request_started

from portal import request_memo


def _counter():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    return calls, build


def test_outside_a_request_every_call_builds():
    calls, build = _counter()
    assert request_memo.memo("k", build) == 1
    assert request_memo.memo("k", build) == 2


@pytest.mark.django_db  # Django's own request_started receivers close old database connections
def test_once_per_request_and_new_in_the_next_request():
    calls, build = _counter()
    request_started.send(sender=None)
    try:
        assert request_memo.memo("k", build) == 1
        assert request_memo.memo("k", build) == 1
        request_memo.forget("k")
        assert request_memo.memo("k", build) == 2
    finally:
        request_finished.send(sender=None)
    request_started.send(sender=None)
    try:
        assert request_memo.memo("k", build) == 3
    finally:
        request_finished.send(sender=None)
    assert request_memo.memo("k", build) == 4
