"""How long a thread keeps Python's interpreter lock while another waits for it: set by
`serve` and by each query worker, the processes where the engine answers beside Python work.
"""

from __future__ import annotations

import sys

#: How long a thread keeps the interpreter lock while another waits for it (Python's
#: default: 5 ms). See `hand_over_quickly`.
HANDOVER_SECONDS = 0.0005


def hand_over_quickly(seconds: float = HANDOVER_SECONDS) -> None:
    """Let a thread that waits for the interpreter lock have it within `seconds`.

    The engine lets go of the lock while it works and takes it back for every row it hands
    over. While another thread runs Python without pause (the network's figures after a
    change: 14-20 s at the 1M district), each taking back waited for that thread's whole
    turn, 5 ms by default: a query of 200 rows ran 722 times a second alone and twice a
    second beside such a thread (pyoxigraph 0.5.13). Measured in-process at the 1M
    district, entity pages read while the network's figures were computed took 0.4-0.6 s
    each for seconds at a time; with turns of 0.5 ms, 35-85 ms (at most 254 ms), and the
    figures took no longer (19.1 s against 21.4 s). The benchmarks found no loss
    (docs/operations.md)."""
    sys.setswitchinterval(seconds)
