"""``python -m explainers serve`` with a memory probe: what the server holds, on SIGUSR1.

For ``bench/sessions.py``, not for a deploy. It warms up as ``serve`` does, then starts
:mod:`tracemalloc` and :func:`explainers.__main__.serve` in this process (same options)
(``BRI_TRACE_FRAMES`` frames per allocation, 6 by default; 0 turns it off). On each
SIGUSR1 it collects garbage and appends to ``BRI_MEMORY_REPORT`` (a JSON-lines file) one
record of:

* ``rss_mb``: resident memory after the collection;
* ``sessions``: Streamlit's sessions (active and kept for a reconnect);
* ``caches``: ``st.cache_data`` / ``st.cache_resource`` entries and bytes, per function,
  from Streamlit's own stats;
* ``components``: components in the v2 registry;
* ``types``: live objects per type (the 40 most numerous), as objgraph counts them,
  and ``weakrefs_to``: the types weak references point at;
* ``traced``: tracemalloc's top 40 lines by size, and the same against the first
  record's snapshot (``grown``), so what grows between two signals is named by line.

Run: ``python bench/traced_serve.py --server.port 8600 ...`` (any ``streamlit run``
option); ``kill -USR1 PID`` writes a record.
"""

from __future__ import annotations

import collections
import gc
import json
import os
import signal
import sys
import time
import tracemalloc
import weakref
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPORT = Path(os.environ.get("BRI_MEMORY_REPORT", "/tmp/bri-memory.jsonl"))
FRAMES = int(os.environ.get("BRI_TRACE_FRAMES", "6"))
_first: list[tracemalloc.Snapshot] = []


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _streamlit() -> dict:
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return {}
    runtime = Runtime.instance()
    manager = runtime._session_mgr
    caches: dict[str, list] = {}
    for family, stats in runtime._stats_mgr.get_stats().items():
        for stat in stats:
            if not hasattr(stat, "byte_length"):
                continue
            name = f"{family}: {getattr(stat, 'cache_name', '') or type(stat).__name__}"
            entry = caches.setdefault(name, [0, 0])
            entry[0] += 1
            entry[1] += stat.byte_length
    registry = {}
    try:
        from streamlit.components.v2.get_bidi_component_manager import get_bidi_component_manager

        registry_obj = get_bidi_component_manager()._registry
        registry = {"components": len(getattr(registry_obj, "_components", {}))}
    except Exception as error:  # a private API: say what failed rather than stop
        registry = {"components": f"unknown ({error})"}
    return {
        "sessions": {
            "active": len(manager.list_active_sessions()),
            "all": len(manager.list_sessions()),
        },
        "caches": {
            name: {"entries": n, "mb": round(b / 1e6, 2)} for name, (n, b) in caches.items()
        },
        **registry,
    }


def _traced(snapshot: tracemalloc.Snapshot, against: tracemalloc.Snapshot | None) -> dict:
    keep = [tracemalloc.Filter(False, tracemalloc.__file__)]
    snapshot = snapshot.filter_traces(keep)

    def where(trace) -> str:
        # The innermost frame outside the standard library says who asked for the memory.
        for frame in trace.traceback:
            if "/python3." not in frame.filename or "site-packages" in frame.filename:
                return f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}"
        frame = trace.traceback[0]
        return f"{frame.filename}:{frame.lineno}"

    top = [
        {"mb": round(stat.size / 1e6, 2), "count": stat.count, "at": where(stat)}
        for stat in snapshot.statistics("traceback")[:40]
    ]
    grown = []
    if against is not None:
        diff = snapshot.compare_to(against.filter_traces(keep), "traceback")
        grown = [
            {"mb": round(stat.size_diff / 1e6, 3), "count": stat.count_diff, "at": where(stat)}
            for stat in diff[:40]
            if stat.size_diff > 0
        ]
    total = sum(stat.size for stat in snapshot.statistics("filename")) / 1e6
    return {"total_mb": round(total, 1), "top": top, "grown": grown}


def report(signum=None, frame=None) -> None:
    started = time.perf_counter()
    gc.collect()
    objects = gc.get_objects()
    counts = collections.Counter(type(o).__name__ for o in objects)
    # What the weak references point at (None: dead, kept by whoever holds the ref).
    weak = collections.Counter(
        type(o()).__name__ for o in objects if type(o) is weakref.ReferenceType
    )
    record = {"time": time.time(), "rss_mb": round(_rss_mb(), 1), **_streamlit()}
    record["types"] = dict(counts.most_common(40))
    record["weakrefs_to"] = dict(weak.most_common(15))
    del objects
    if tracemalloc.is_tracing():
        snapshot = tracemalloc.take_snapshot()
        record["traced"] = _traced(snapshot, _first[0] if _first else None)
        if not _first:
            _first.append(snapshot)
    record["probe_s"] = round(time.perf_counter() - started, 2)
    with REPORT.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def main() -> int:
    from explainers.__main__ import serve, warm

    warm()  # before tracing: it would take minutes traced, and what it loads stays anyway
    if FRAMES:
        tracemalloc.start(FRAMES)
    signal.signal(signal.SIGUSR1, report)

    return serve(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
