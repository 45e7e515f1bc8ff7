"""Public pages take turns to be computed (issue 16, item 8: cold pages at 16 clients).

A page computes under Python's interpreter lock, so `serve` lets only `--page-threads` of
its threads compute pages at once (`webapp/turns.py`); the others wait, in the order they
came, at most a quarter of a second, and not at all while only long pages hold the turns: a
slow page never stalls the rest. The speed this buys is a benchmark figure
(docs/benchmarks.md), not a test's.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable

from flask import Flask

from akteursgraph_web.turns import Turns

from .conftest import until

ENTITY = "/organisation/koordinationsstelle-entwicklungspolitik"


def test_serve_hands_the_interpreter_lock_over_within_a_millisecond() -> None:
    """`serve` calls `hand_over_quickly` before its threads start: the engine takes the lock
    back for every row it hands over, and beside a thread running Python without pause
    (the network's figures) each row waited out that thread's turn, 5 ms by Python's
    default. Checked in a fresh Python, since the setting is the process's."""
    script = (
        "import sys\n"
        "from akteursgraph.interpreter import hand_over_quickly\n"
        "before = sys.getswitchinterval()\n"
        "hand_over_quickly()\n"
        "print(before, sys.getswitchinterval())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    before, after = (float(x) for x in done.stdout.split())
    assert before == 0.005  # Python's own
    assert after <= 0.001


def test_one_turn_at_a_time() -> None:
    turns = Turns(1, wait=10.0)
    held, let_go, events = threading.Event(), threading.Event(), []

    def first() -> None:
        with turns.turn():
            events.append("first in")
            held.set()
            let_go.wait(5)
            events.append("first out")

    def second() -> None:
        with turns.turn():
            events.append("second in")

    a = threading.Thread(target=first)
    a.start()
    held.wait(5)
    b = threading.Thread(target=second)
    b.start()
    until(lambda: turns.waiting == 1)
    assert events == ["first in"]  # the second waits while the first holds the only turn
    let_go.set()
    a.join(5)
    b.join(5)
    assert events == ["first in", "first out", "second in"]
    assert turns.waited_out == 0


def test_turns_go_in_the_order_the_threads_came() -> None:
    turns = Turns(1, wait=10.0)
    order: list[int] = []
    threads = []
    with turns.turn():
        for n in range(6):
            t = threading.Thread(target=lambda n=n: _enter(turns, order, n))
            t.start()
            threads.append(t)
            until(lambda n=n: turns.waiting == n + 1)  # queued before the next one comes
    # Given back, the turn passes to the first waiter at once: a thread coming just now (this
    # one again) does not overtake the six, though it would find a plain semaphore free.
    _enter(turns, order, 6)
    for t in threads:
        t.join(5)
    assert order == list(range(7))


def _enter(turns: Turns, order: list[int], n: int) -> None:
    with turns.turn():
        order.append(n)


def test_a_slow_page_delays_another_at_most_the_wait() -> None:
    turns = Turns(1, wait=0.2)
    with turns.turn():
        started = time.monotonic()
        with turns.turn():  # another thread's page, here the same thread's for brevity
            waited = time.monotonic() - started
        assert 0.15 <= waited < 2.0
        assert turns.waited_out == 1
        # Now the only turn has been held longer than the wait: a page that takes long (or
        # waits for another): the next pages go at once, as they would without turns.
        started = time.monotonic()
        with turns.turn():
            assert time.monotonic() - started < 0.1
        assert turns.waited_out == 2
    assert turns.waiting == 0
    started = time.monotonic()
    with turns.turn():  # the turn was given back: free again, no wait
        pass
    assert time.monotonic() - started < 0.1
    assert turns.waited_out == 2


def test_a_spare_turn_is_taken_only_when_no_page_waits() -> None:
    """`Turns.spare` (the refill of page data after a publication, webapp/refill.py): only a
    free turn nobody waits for; a page that comes while the refill holds it waits as for
    any turn, but a spare turn never goes before a waiting page."""
    turns = Turns(1, wait=10.0)
    held, let_go, events = threading.Event(), threading.Event(), []

    def page(name: str) -> None:
        with turns.turn():
            events.append(name)
            held.set()
            let_go.wait(5)

    a = threading.Thread(target=page, args=("first",))
    a.start()
    held.wait(5)
    b = threading.Thread(target=page, args=("second",))
    b.start()
    until(lambda: turns.waiting == 1)
    assert turns.spare() is None  # held, and a page waits
    let_go.set()
    a.join(5)
    b.join(5)
    assert events == ["first", "second"]
    spare = turns.spare()
    assert spare is not None  # free, nobody waiting
    assert turns.spare() is None  # the only turn is the refill's now
    turns.give_back(spare)
    assert turns.spare() is not None
    assert Turns(0).spare() == 0  # no limit: no turn to take


def test_no_limit_with_zero() -> None:
    turns = Turns(0, wait=10.0)
    with turns.turn(), turns.turn(), turns.turn():
        assert turns.waiting == 0


def test_a_cold_page_waits_for_its_turn_and_a_kept_one_does_not(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(PAGE_THREADS=1)
    turns = app.extensions["akteursgraph.page-turns"]
    http = app.test_client(use_cookies=False)
    with turns.turn():  # the only turn is taken: a cold page waits its time, then goes
        started = time.monotonic()
        assert http.get(ENTITY).status_code == 200
        assert time.monotonic() - started >= 0.2
        assert turns.waited_out == 1
        again = http.get(ENTITY)  # from the page cache: computed by nobody, no turn needed
        assert again.status_code == 200 and again.headers.get("X-Akteursgraph-Cache") == "hit"
        assert turns.waited_out == 1
    assert http.get(ENTITY + ".json").status_code == 200  # a free turn: no wait
    assert turns.waited_out == 1
