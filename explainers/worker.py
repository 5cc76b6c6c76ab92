"""Run heavy work (linking a reader's article, checking a newsroom's file, building a
payload) in a worker process, with a time limit, so the server stays free.

Linking a long article (cleaning it, finding its places with spaCy's tokenizer, linking
its passages) takes seconds of CPU and holds the interpreter lock, so done inside the
Streamlit server it slowed every other reader's picks (917 ms to 1,866 ms for the median
pick while a 1 MB article was linked, ``bench/heavy_input.py``). Here it runs in a small
pool of worker processes (:class:`pebble.ProcessPool`), made the first time it is needed
and once per server process; each worker loads the gazetteer and spaCy once, when it
starts, not per article. A task that runs past the time limit is stopped (its worker is
killed and replaced) and the reader is told, as a :class:`WorkerError`, what
happened and what to do; a worker that dies is replaced the same way, so the next reader
is served.

The workers are started by loky's process context: a fresh interpreter (a fork of the
server would copy its threads' locks mid-use) that, unlike the standard library's
"spawn", does not run the main script again. Under Streamlit the main script is the
app itself (``app.py``), which a worker must not draw.

Settings, from the environment when the pool is made:

* ``BRI_ARTICLE_WORKERS``: how many worker processes (1 to 8; default 1 on a machine of
  two cores or fewer, which leaves a core to the server, else 2). Each holds the
  gazetteer and spaCy's tokenizer, about 200 MB.
* ``BRI_ARTICLE_TIME_LIMIT``: seconds one article may take before it is stopped
  (default 20; the longest article the app accepts takes about 5 s).

Example
-------
>>> from explainers.text.places import find_mentions
>>> [m.iso3 for m in run(find_mentions, "Xi met Putin in Moscow.")]
[('CHN',), ('RUS',), ('RUS',)]
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from loky.backend.context import get_context
from pebble import ProcessExpired, ProcessPool

from explainers import settings

WORKERS_ENV = settings.ARTICLE_WORKERS.name
TIME_LIMIT_ENV = settings.ARTICLE_TIME_LIMIT.name
DEFAULT_TIME_LIMIT = 20.0
MAX_WORKERS = 8
START_ALLOWANCE = 60.0
"""Seconds a task may wait, on top of its time limit, for a worker to start (spawn,
imports, the gazetteer) and for the tasks queued before it."""

TASKS_PER_WORKER = 200
"""Tasks a worker serves before it is replaced by a fresh one. spaCy's vocabulary keeps
every new word an article brings and never lets it go (about 54 kB for an article with
60 new names, ``bench/vocab.py``), so a worker that lived for ever would grow with every
reader's article; replaced after this many, it stays within about 10 MB of its start."""

T = TypeVar("T")


class WorkerError(ValueError):
    """A task sent to a worker was not done; the message says why and what to do.

    The messages speak of an article, the pool's first and main task; a page that sends
    other work (a newsroom's file) catches these and words its own."""


class TimeLimitError(WorkerError):
    """The task took longer than the time limit; its worker was stopped."""


class WorkerUnavailableError(WorkerError):
    """The worker running the task died, or none could be had in time."""


def _setting(name: str, default: float, low: float, high: float, kind: type) -> float:
    """An environment setting, or ``default`` (with a warning naming the fix) if invalid."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = kind(text)
        if low <= value <= high:
            return value
    except ValueError:
        pass
    what = "whole number" if kind is int else "number of seconds"
    print(
        f"explainers: {name}={text!r} is not a {what} from {low:g} to {high:g}; "
        f"using {default:g}. Set it to such a number, or unset it.",
        file=sys.stderr,
    )
    return default


def worker_count() -> int:
    """How many worker processes the pool has (``BRI_ARTICLE_WORKERS``).

    Example
    -------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {WORKERS_ENV: "2"}):
    ...     worker_count()
    2
    """
    default = 1 if (os.cpu_count() or 1) <= 2 else 2
    return int(_setting(WORKERS_ENV, default, 1, MAX_WORKERS, int))


def time_limit() -> float:
    """Seconds one article may take (``BRI_ARTICLE_TIME_LIMIT``)."""
    return _setting(TIME_LIMIT_ENV, DEFAULT_TIME_LIMIT, 0.01, 3600, float)


def warm() -> None:
    """Load the gazetteer and spaCy's tokenizer: each worker does this once, as it starts.

    A warm-up that fails costs only speed; the article's own task then says what is wrong.
    """
    with contextlib.suppress(Exception):
        from explainers.text.places import find_mentions

        find_mentions("Xi Jinping met Vladimir Putin in Beijing.")


_lock = threading.Lock()
_pool: ProcessPool | None = None


def pool() -> ProcessPool:
    """The server's pool of workers, made on first use, or made again if it broke."""
    global _pool
    with _lock:
        if _pool is None or not _pool.active:
            _discard(_pool)
            _pool = ProcessPool(
                max_workers=worker_count(),
                max_tasks=TASKS_PER_WORKER,
                initializer=warm,
                context=get_context("loky"),
            )
        return _pool


def _discard(old: ProcessPool | None) -> None:
    if old is not None:
        with contextlib.suppress(Exception):
            old.stop()
            old.join(timeout=10)


def _forget(broken: ProcessPool) -> None:
    """Drop ``broken`` so the next task gets a fresh pool."""
    global _pool
    with _lock:
        if _pool is broken:
            _pool = None
    _discard(broken)


@atexit.register
def shutdown() -> None:
    """Stop the workers (the server is exiting, or a test is done with them)."""
    global _pool
    with _lock:
        old, _pool = _pool, None
    _discard(old)


def run(function: Callable[..., T], *args, limit: float | None = None) -> T:
    """``function(*args)`` in a worker; what it raises is raised here.

    ``function`` and ``args`` cross to the worker and the result comes back by pickle:
    plain values (the explainer's frozen models pickle). Past ``limit`` seconds
    (default :func:`time_limit`) the worker is killed and TimeLimitError says so;
    a worker that dies gives WorkerUnavailableError; either way the next call is served.
    A pool that broke before the task started (its idle worker was killed) is made
    again and the task sent once more.
    """
    limit = time_limit() if limit is None else limit
    broken: BaseException | None = None
    for _attempt in range(2):
        workers = pool()
        try:
            future = workers.schedule(function, args=args, timeout=limit)
        except RuntimeError as error:  # the pool broke between pool() and now
            broken = error
        else:
            try:
                return future.result(timeout=limit + START_ALLOWANCE)
            except BrokenProcessPool as error:  # no worker had started on the task
                broken = error
            except TimeoutError as error:
                future.cancel()
                if error.args[:1] == ("Task timeout",):  # pebble stopped it at the limit
                    raise TimeLimitError(_too_long(limit)) from None
                raise WorkerUnavailableError(_busy(limit)) from None
            except (ProcessExpired, CancelledError) as error:
                raise WorkerUnavailableError(_crashed(error)) from None
        _forget(workers)
    raise WorkerUnavailableError(_crashed(broken)) from None


def _too_long(limit: float) -> str:
    return (
        f"Mapping this article took longer than {limit:g} seconds, so it was stopped and "
        "nothing was mapped. Split the article and map one part at a time, or paste a "
        "shorter piece of it."
    )


def _busy(limit: float) -> str:
    return (
        f"The server is busy mapping other readers' articles and could not start on this "
        f"one within {limit + START_ALLOWANCE:g} seconds; nothing was mapped. Try again in "
        "a minute, or paste a shorter piece of the article."
    )


def _crashed(error: BaseException | None) -> str:
    code = getattr(error, "exitcode", None)
    how = f" (exit code {code})" if code is not None else ""
    return (
        f"The process mapping this article stopped unexpectedly{how}, so nothing was "
        "mapped. Try again; if it happens again with this article, paste a shorter piece "
        "of it."
    )
