"""Start the real app and a real headless Chromium, for browser tests and screenshots.

Shared by ``tests/conftest.py`` and ``scripts/screenshots.py`` so both see the page the
same way a reader does: the app served by ``python -m explainers serve`` (as ``make run``
starts it) on a free local port, and Debian's Chromium driven by Playwright (its own
browser download does not work offline), started by
:func:`explainers.browser.launch_chromium`, which the export uses too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from explainers import browser as _browser

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
    """Serve ``script`` from its folder on a free port, as a deploy does; yield its base URL.

    A project's ``app.py`` (a folder with ``explainers/__main__.py`` beside it: this one,
    or a test's copy) is served by ``python -m explainers serve``, which loads what the
    first page needs before it serves (``make run`` starts it so); any other script (the
    benchmark's floor app, a test's altered copy of ``app.py`` alone in a folder) by
    ``streamlit run SCRIPT``. ``env`` adds environment variables. The server is stopped
    after.
    """
    if is_project_app(script):
        command = [sys.executable, "-m", "explainers", "serve"]
        timeout += 60  # the warm-up (spaCy, the gazetteer, the tables) comes first
    else:
        command = [sys.executable, "-m", "streamlit", "run", str(script)]
    with served_app(command, script.parent, env, timeout, port) as (base, _process):
        yield base


@contextlib.contextmanager
def served_app(
    command: list[str],
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    port: int | None = None,
    output: int | None = subprocess.PIPE,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run ``command`` plus Streamlit's server options on a free port until it answers its
    health check; yield its base URL and process, and stop it after.

    ``command`` is what comes before the options (``[python, "-m", "explainers",
    "serve"]``, or a probe script); ``output`` is where the server's output goes (kept to
    report a failed start, or ``subprocess.DEVNULL`` for a long benchmark run).
    """
    port = port or free_port()
    options = [
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(
        [*command, *options],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=output,
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
                ended = process.poll() is not None and process.stdout is not None
                output_text = process.stdout.read() if ended else ""
                raise RuntimeError(f"the app did not start on {base}:\n{output_text}")
            time.sleep(0.3)
        yield base, process
    finally:
        stop(process)


def is_project_app(script: Path) -> bool:
    """Whether ``script`` is a project's ``app.py``, the one its ``serve`` command runs."""
    return script.name == "app.py" and (script.parent / "explainers" / "__main__.py").is_file()


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """End a server we started: ask, then insist if it has not gone within ``timeout``."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
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


NGINX_CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(path)), None
)


def nginx_config(app_ports: list[int], live_port: int, static_port: int, site: Path) -> str:
    """``deploy/nginx.conf`` with its ports and export folder replaced, nothing else.

    Each replaced line must be found exactly once, so a changed config fails here loudly
    rather than being tested half-rewritten.
    """
    text = NGINX_CONF.read_text(encoding="utf-8")
    servers = "".join(f"        server 127.0.0.1:{port};\n" for port in app_ports)
    for old, new in (
        ("        server 127.0.0.1:8501;\n        server 127.0.0.1:8502;\n", servers),
        ("listen 127.0.0.1:8000;", f"listen 127.0.0.1:{live_port};"),
        ("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{static_port};"),
        ("root /srv/bri/site;", f"root {site};"),
    ):
        if text.count(old) != 1:
            raise AssertionError(f"{NGINX_CONF}: expected {old.strip()!r} once")
        text = text.replace(old, new)
    return text


@contextlib.contextmanager
def running_nginx(config: str, prefix: Path, ports: list[int]) -> Iterator[Path]:
    """Run nginx unprivileged in the foreground with ``config``, all its files in ``prefix``.

    Yields the prefix (its ``logs/access.log`` says which process served each request).
    Waits until every port in ``ports`` accepts a connection; stops nginx after.
    """
    for folder in ("logs", "temp"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(config, encoding="utf-8")
    command = [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if check.returncode:
        raise RuntimeError(f"nginx refused {conf}:\n{check.stderr}")
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        for port in ports:
            while True:
                with socket.socket() as sock:
                    if sock.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"nginx did not start on port {port}:\n{process.stderr.read()}"
                    )
                time.sleep(0.1)
        yield prefix
    finally:
        stop(process)


def load_script(path: Path):
    """A script that is not a package module (``data/build_datasets.py``), imported by path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Chromium:
    """Chromium whose new tabs ignore the app's Content-Security-Policy unless asked.

    The live app forbids eval (``explainers/server.py``), and Playwright evaluates a string
    predicate (``page.wait_for_function("...")``) with it. A reader's page never evals, so
    the tests that drive the page lift the policy for Playwright's sake, and
    ``tests/test_serving.py`` keeps it (``bypass_csp=False``) to check the page runs under it.
    """

    def __init__(self, chromium):
        self._chromium = chromium

    def new_context(self, **options):
        return self._chromium.new_context(**{"bypass_csp": True, **options})

    def new_page(self, **options):
        return self._chromium.new_page(**{"bypass_csp": True, **options})

    def __getattr__(self, name):
        return getattr(self._chromium, name)


def launch_chromium(playwright) -> _Chromium:
    """:func:`explainers.browser.launch_chromium`, its tabs as :class:`_Chromium` opens them."""
    return _Chromium(_browser.launch_chromium(playwright))
