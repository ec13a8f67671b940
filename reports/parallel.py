"""An ordered map over a process pool, in bounded rounds: workers compute, this process consumes in input order."""
import contextlib
import itertools
import multiprocessing

from django.db import connections, transaction


@contextlib.contextmanager
def ordered_map(function, jobs: int, *, round_size: int):
    """Yields ``results(items)``: ``function(item)`` for each item, in order, computed by ``jobs`` processes.

    With ``jobs == 1`` everything runs here. Otherwise the work is forked
    (workers inherit what this process preloaded, e.g. the segmenter) and
    submitted ``round_size`` items a round: the pool would otherwise read all
    input ahead and pile up results faster than this process consumes them.
    The next round is computed while this one is consumed, so workers do not wait.
    Workers must not use the database; they leave through ``os._exit``, so an
    inherited connection is never used or closed by them.
    """
    if jobs == 1:
        yield lambda items: map(function, items)
        return
    if not transaction.get_connection().in_atomic_block:
        connections.close_all()  # tidier; a test's open transaction keeps its connection
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield lambda items: _in_rounds(pool, function, items, round_size)


def _in_rounds(pool, function, items, size):
    items = iter(items)

    def next_round():
        return pool.map_async(function, list(itertools.islice(items, size)), chunksize=4)

    ahead = next_round()
    while done := ahead.get():
        ahead = next_round()
        yield from done
