"""Heavy requests take turns, so that hovers stay fast while files and large grids are made.

A hover costs about a millisecond; a 1,000-frame GIF at scale 9 costs seconds of one core and
hundreds of megabytes. Eight clients asking for those at once, unchecked, pushed a plain
listing to 2 s and the server to 1 GiB. A heavy request (``heavy_work``) runs only while it
holds one of the app's HEAVY_JOBS slots, and a request that finds none free is answered at once
with 503 and Retry-After: waiting would hold one of waitress's few threads, which the hovers
need. What is heavy: every traversal file, and a decode, traversal or grid of more than
HEAVY_IMAGES images.

A slot's CPU-bound Python work (encoding a GIF: a loop over frames in Pillow) runs in a worker
process: in a thread it held the interpreter's lock for most of each second, and a hover beside
eight GIF clients took 40 ms (p50) instead of 2.5.
"""
import functools
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from flask import current_app

from latent_explorer.api.responses import ApiError

HEAVY_IMAGES = 256
RETRY_AFTER_SECONDS = 2

_pool = None  # the worker processes: one pool per server process, started on first use
_pool_lock = threading.Lock()


def default_heavy_jobs():
    """Half the machine's cores, at least one: the other half stays free for hovers."""
    return max(1, (os.cpu_count() or 2) // 2)


def in_worker(function, *args, workers=None, **kwargs):
    """``function(*args, **kwargs)`` in a worker process; its exceptions are raised here. The pool starts on first
    use with ``workers`` processes (default: ``default_heavy_jobs()``), one for each slot of the app that starts it."""
    global _pool
    with _pool_lock:
        if _pool is None:
            # Spawned, not forked: a fork of a process running threads (waitress's, ONNX Runtime's) may deadlock.
            _pool = ProcessPoolExecutor(workers or default_heavy_jobs(), mp_context=multiprocessing.get_context("spawn"))
    return _pool.submit(function, *args, **kwargs).result()


class HeavySlots:
    def __init__(self, count):
        self.count = count
        self._slots = threading.BoundedSemaphore(count)

    @contextmanager
    def slot(self):
        if not self._slots.acquire(blocking=False):
            raise ApiError(503, f"the server is busy with other large requests; try again in {RETRY_AFTER_SECONDS} s",
                           headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        try:
            yield functools.partial(in_worker, workers=self.count)
        finally:
            self._slots.release()


@contextmanager
def heavy_work(images=None):
    """Run the block in one of the app's heavy slots when it makes more than HEAVY_IMAGES images (or always, when
    ``images`` is None), giving it a function that runs its CPU-bound part in a worker process; raise ApiError
    503 when every slot is taken."""
    slots = current_app.extensions["heavy_slots"]
    if images is not None and images <= HEAVY_IMAGES:
        yield functools.partial(in_worker, workers=slots.count)
        return
    with slots.slot() as worker:
        yield worker
