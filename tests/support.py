"""Start the real app and a real headless Chromium, for browser tests and screenshots.

Shared by ``tests/conftest.py`` and ``scripts/screenshots.py`` so both see the page the
same way a reader does: the app served by ``streamlit run`` on a free local port, and
Debian's Chromium driven by Playwright (its own browser download does not work offline),
started by :func:`explainers.browser.launch_chromium`, which the export uses too.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from explainers.browser import launch_chromium  # noqa: F401 (the tests and bench import it here)

ROOT = Path(__file__).resolve().parents[1]
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app(
    port: int | None = None,
    timeout: float = 60,
    script: Path = ROOT / "app.py",
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run ``streamlit run SCRIPT`` from its folder on a free port; yield its base URL.

    ``script`` is the app by default (the benchmark runs its floor app the same way);
    ``env`` adds environment variables. The server is stopped after.
    """
    port = port or free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        cwd=script.parent,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read() if process.poll() is not None else ""
                raise RuntimeError(f"the app did not start on {base}:\n{output}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_map(page, timeout: float = 30_000) -> None:
    """Wait until plotly has drawn country shapes (not just the empty chart frame).

    A few are enough: framed on an island state, only its neighbours are in view.
    """
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot path.choroplethlocation[d]').length > 3",
        timeout=timeout,
    )
