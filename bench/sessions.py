"""Many short sessions against one server: what does it hold after hundreds of readers?

A script that prints figures, not a test. A browser per session is too slow for
hundreds, so each session here is a websocket client speaking Streamlit's own protocol
(the protobuf messages the page sends): it opens the explainer (or, one in
``--article-every``, maps a 600-word article on the "Bring your own article" page), makes
``--picks`` picks the way the viewer reports them (the component's state, in a
fragment rerun), checks that the server wrote each pick to the URL, and closes.

The server is ``python -m explainers serve`` with a memory probe (``bench/traced_serve.py``:
tracemalloc, objgraph-style counts of live objects, Streamlit's sessions and caches). In
``--rounds`` rounds of ``--sessions`` sessions, ``--at-once`` at a time, it waits past
the server's ``disconnectedSessionTTL`` (``--ttl``), asks the probe for a record and
prints a row: sessions so far, RSS, sessions the server still holds, cache entries and
the live objects that grew. At the end it prints the lines that allocated the most
memory still held since the first record (tracemalloc), and the object types that grew.

Run: ``python bench/sessions.py`` (``--rounds 6 --sessions 50``: 300 sessions, about ten
minutes on two cores). ``--frames 0`` turns tracemalloc off (it slows the server by
about a third and adds its own memory to RSS). Linux only (``/proc``, SIGUSR1).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from memory import article_text
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import connect

from tests.support import served_app

ROOT = Path(__file__).resolve().parents[1]
PROBE = Path(__file__).with_name("traced_serve.py")
COUNTRIES = ("CHN", "RUS", "KAZ", "PAK", "TUR", "IDN", "KEN", "ETH", "GRC", "LKA", "MMR", "LAO")
RUN_S = 120  # one run of the script on a busy machine


def new_words(index: int, count: int = 60) -> str:
    """``count`` words no article has used before: each reader's article brings its own
    names and spellings, which spaCy's vocabulary keeps (the test articles alone repeat)."""
    rng = random.Random(f"words {index}")
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ("".join(rng.choice(letters) for _ in range(rng.randint(5, 10))) for _ in range(count))
    return "Also quoted: " + ", ".join(word.capitalize() for word in words) + "."


class Failed(Exception):
    """A session that did not get what a reader would: named, counted, printed."""


class Client:
    """One reader's websocket: runs the script and keeps what the page would show."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.query = ""
        self.viewer: tuple[str, str] | None = None  # (widget id, fragment id)
        self.form: dict[str, str] = {}  # "text" / "submit": widget id

    async def run(self, page: str = "", widgets=(), fragment: str = "") -> None:
        state = ClientState(
            query_string=self.query,
            page_name=page,
            fragment_id=fragment,
            widget_states=WidgetStates(widgets=list(widgets)),
        )
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        deadline = time.monotonic() + RUN_S
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=deadline - time.monotonic())
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "delta":
                self._element(message.delta)
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise Failed("the script did not compile")
                if message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return

    def _element(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            raise Failed(f"the page shows an exception: {element.exception.message[:160]}")
        if kind == "bidi_component" and "bri_viewer" in element.bidi_component.component_name:
            self.viewer = (element.bidi_component.id, delta.fragment_id)
        elif kind == "text_area":
            self.form["text"] = element.text_area.id
        elif kind == "button" and element.button.is_form_submitter:
            self.form["submit"] = element.button.id

    async def pick(self, country: str) -> None:
        if self.viewer is None:
            raise Failed("no viewer on the page to pick in")
        widget, fragment = self.viewer
        value = json.dumps({"view": {"query": {"country": country}}})
        await self.run(widgets=[WidgetState(id=widget, json_value=value)], fragment=fragment)
        if f"country={country}" not in self.query:
            raise Failed(f"the server did not write country={country} (URL ?{self.query})")

    async def map_article(self, text: str) -> None:
        await self.run(page="your-article")
        if set(self.form) != {"text", "submit"}:
            raise Failed(f"the article form is not on the page (found {sorted(self.form)})")
        widgets = [
            WidgetState(id=self.form["text"], string_value=text),
            WidgetState(id=self.form["submit"], trigger_value=True),
        ]
        await self.run(page="your-article", widgets=widgets)
        if self.viewer is None:
            raise Failed("the article was not mapped (no viewer after Map this article)")


async def one_session(url: str, index: int, picks: int, article: str | None) -> None:
    host = url.split("//", 1)[1]
    async with connect(
        f"ws://{host}/_stcore/stream",
        origin=url,
        subprotocols=["streamlit"],
        max_size=None,
        open_timeout=RUN_S,
    ) as ws:
        client = Client(ws)
        if article is None:
            await client.run()
        else:
            await client.map_article(article)
        rng = random.Random(index)
        for country in rng.sample(COUNTRIES, picks):
            await client.pick(country)


async def round_of(url: str, start: int, count: int, args) -> list[str]:
    """``count`` sessions, ``args.at_once`` at a time; the errors, one line each."""
    gate = asyncio.Semaphore(args.at_once)
    errors: list[str] = []

    async def guarded(index: int) -> None:
        article = None
        if index % args.article_every == 0:
            article = f"{article_text(index)}\n\n{new_words(index)}"
        async with gate:
            try:
                await one_session(url, index, args.picks, article)
            except Exception as error:
                kind = "article" if article else "explainer"
                errors.append(f"session {index} ({kind}): {type(error).__name__}: {error}"[:240])

    await asyncio.gather(*(guarded(i) for i in range(start, start + count)))
    return errors


@contextlib.contextmanager
def probed_server(
    ttl: int, frames: int, report: Path, extra: dict[str, str]
) -> Iterator[tuple[str, int]]:
    env = {
        **extra,
        "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(ttl),
        "BRI_MEMORY_REPORT": str(report),
        "BRI_TRACE_FRAMES": str(frames),
    }
    command = [sys.executable, str(PROBE)]
    with served_app(command, ROOT, env, timeout=600, output=subprocess.DEVNULL) as (url, process):
        yield url, process.pid


def probe(pid: int, report: Path) -> dict:
    """Ask the server for a record (SIGUSR1) and wait until it has written it."""
    before = len(report.read_text().splitlines()) if report.exists() else 0
    os.kill(pid, signal.SIGUSR1)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        lines = report.read_text().splitlines() if report.exists() else []
        if len(lines) > before:
            return json.loads(lines[-1])
        time.sleep(0.5)
    raise RuntimeError("the server wrote no memory record in 300 s")


def cache_entries(record: dict) -> str:
    caches = record.get("caches", {})
    parts = [(name.split(": ")[-1].rsplit(".", 1)[-1], c["entries"]) for name, c in caches.items()]
    return ", ".join(f"{name} {n}" for name, n in parts if name != "CacheStat")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--sessions", type=int, default=50, help="per round")
    parser.add_argument("--at-once", type=int, default=4)
    parser.add_argument("--picks", type=int, default=3)
    parser.add_argument("--article-every", type=int, default=5, help="one session in N")
    parser.add_argument("--ttl", type=int, default=5, help="server.disconnectedSessionTTL")
    parser.add_argument("--frames", type=int, default=6, help="tracemalloc frames; 0: off")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="for the server, e.g. MALLOC_ARENA_MAX=2 (repeatable)",
    )
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.env)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    print(f"server: python -m explainers serve (probed), TTL {args.ttl} s, {extra or 'no env'}")
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bri-sessions-") as tmp:
        report = Path(tmp) / "memory.jsonl"
        with probed_server(args.ttl, args.frames, report, extra) as (url, pid):
            asyncio.run(round_of(url, 0, 2, args))  # warm: the first run's imports
            time.sleep(args.ttl + 3)
            first = probe(pid, report)
            records = [(0, first)]
            print("\n| sessions | RSS MB | traced MB | sessions held | cache entries | load |")
            print("|---|---|---|---|---|---|")
            row = "| {} | {:.0f} | {} | {} | {} | {:.1f} |"
            traced = first.get("traced", {}).get("total_mb", "-")
            held = first["sessions"]["all"]
            print(row.format(0, first["rss_mb"], traced, held, cache_entries(first), 0))
            done = 0
            for _ in range(args.rounds):
                errors += asyncio.run(round_of(url, 2 + done, args.sessions, args))
                done += args.sessions
                time.sleep(args.ttl + 3)  # past the TTL: the closed sessions may go
                record = probe(pid, report)
                records.append((done, record))
                traced = record.get("traced", {}).get("total_mb", "-")
                held = record["sessions"]["all"]
                load = os.getloadavg()[0]
                print(row.format(done, record["rss_mb"], traced, held, cache_entries(record), load))
    last = records[-1][1]
    grown = collections.Counter(last["types"])
    grown.subtract(first["types"])
    print(f"\nlive objects that grew over {done} sessions (gc-tracked, by type):")
    for name, count in grown.most_common(15):
        if count > 0:
            print(f"  {name:<28} +{count:,} (now {last['types'][name]:,})")
    weak = collections.Counter(last.get("weakrefs_to", {}))
    weak.subtract(first.get("weakrefs_to", {}))
    print("weak references that grew, by what they point at:")
    print("  " + ", ".join(f"{name} {n:+,}" for name, n in weak.most_common(8) if n > 0))
    if last.get("traced", {}).get("grown"):
        print("\nmemory still held that was allocated since the first record (tracemalloc):")
        for stat in last["traced"]["grown"][:20]:
            print(f"  {stat['mb']:8.3f} MB {stat['count']:+8,d} blocks  {stat['at']}")
    per = (last["rss_mb"] - first["rss_mb"]) / max(done, 1) * 1000
    print(
        f"\nRSS {first['rss_mb']:.0f} -> {last['rss_mb']:.0f} MB over {done} sessions "
        f"({per:.0f} kB per session); errors: {len(errors)}"
    )
    for error in errors:
        print(f"- {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
