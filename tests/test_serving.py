"""``deploy/nginx.conf`` as shipped, run unprivileged on free loopback ports: the static
export and two real app processes behind it, loaded in headless Chromium.

Skipped where nginx is not installed (``make setup-test`` installs Debian's).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from explainers import export
from tests.support import (
    LAPTOP,
    NGINX,
    NGINX_CONF,
    free_port,
    nginx_config,
    running_app,
    running_nginx,
    wait_for_map,
)
from tests.test_browser import MAP_STATE, after_pick, picks

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make setup-test)"),
]

EXPLAINER = "bri-forum-2017"
KAZ = "button.bri-mention[data-iso3='KAZ'][data-kind='country']"
# Every Content-Security-Policy violation the page reports.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""
LOG_LINE = re.compile(
    r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) \d+ '
    r"upstream=(?P<upstream>\S+) affinity=(?P<affinity>\S+)"
)


@dataclass(frozen=True)
class Stack:
    live: str
    static: str
    apps: tuple[str, ...]
    prefix: Path
    site: Path

    def log(self) -> list[dict]:
        text = (self.prefix / "logs" / "access.log").read_text(encoding="utf-8")
        return [m.groupdict() for m in LOG_LINE.finditer(text)]

    def log_once_closed(self, affinity: str | None = None) -> list[dict]:
        """The log, once a closed websocket's line is in it (nginx writes it on close)."""
        deadline = time.monotonic() + 10
        while True:
            entries = [e for e in self.log() if affinity in (None, e["affinity"])]
            if any(e["path"] == "/_stcore/stream" for e in entries) or time.monotonic() > deadline:
                return entries
            time.sleep(0.2)


@pytest.fixture(scope="module")
def stack(loaded_site):
    live, static = free_port(), free_port()
    with running_app() as first, running_app() as second:
        ports = [urlsplit(first).port, urlsplit(second).port]
        prefix = Path(tempfile.mkdtemp(prefix="bri-nginx-"))
        config = nginx_config(ports, live, static, loaded_site)
        try:
            with running_nginx(config, prefix, [live, static]):
                yield Stack(
                    f"http://127.0.0.1:{live}",
                    f"http://127.0.0.1:{static}",
                    (first, second),
                    prefix,
                    loaded_site,
                )
        finally:
            shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture(scope="module")
def loaded_site():
    """The export in a folder nginx's workers can read (they may run as ``nobody``)."""
    folder = Path(tempfile.mkdtemp(prefix="bri-site-"))
    folder.chmod(0o755)
    site = folder / "site"
    export.export_site(site, previews=False, progress=False)
    yield site
    shutil.rmtree(folder, ignore_errors=True)


def _elsewhere(url: str, base: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("blob", "data") and parts.netloc != urlsplit(base).netloc


@pytest.fixture
def reader(browser):
    """A fresh reader's tab that records requests, script errors and CSP violations."""
    contexts = []

    def open_tab(cookie: tuple[str, str] | None = None):
        context = browser.new_context(viewport=LAPTOP, bypass_csp=False)
        contexts.append(context)
        if cookie:
            context.add_cookies([{"name": "bri_affinity", "value": cookie[1], "url": cookie[0]}])
        context.add_init_script(CSP_WATCH)
        tab = context.new_page()
        tab.requests, tab.errors, tab.console = [], [], []
        tab.on("request", lambda request: tab.requests.append(request.url))
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.on("console", lambda message: tab.console.append(message.text))
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def _load_and_pick(tab, url: str) -> dict:
    """Open ``url``, wait for the drawn map, click Kazakhstan's name; return the headers."""
    response = tab.goto(url)
    tab.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=90_000)
    wait_for_map(tab)
    before = picks(tab)
    tab.locator(KAZ).first.click()
    after_pick(tab, before)
    assert tab.evaluate(MAP_STATE)["outlined"] == ["KAZ"]
    return response.headers


def _clean(tab, base: str) -> None:
    assert [u for u in tab.requests if _elsewhere(u, base)] == []
    assert tab.errors == []
    assert tab.evaluate("window.__cspViolations") == []
    assert [line for line in tab.console if "Content Security Policy" in line] == []


def _csp(headers: dict) -> dict[str, str]:
    policy = headers.get("content-security-policy", "")
    return dict(part.strip().partition(" ")[::2] for part in policy.split(";") if part.strip())


def test_the_export_through_nginx_draws_and_reframes_under_its_csp(stack, reader):
    tab = reader()
    headers = _load_and_pick(tab, f"{stack.static}/{EXPLAINER}/step-forum.html")
    policy = _csp(headers)
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'self'"
    assert headers.get("content-encoding") == "gzip"
    _clean(tab, stack.static)
    plotly = f"{stack.static}/assets/{export.PLOTLY_BUNDLE}"
    request = urllib.request.Request(plotly, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        sent = reply.read()
        assert reply.headers["Content-Encoding"] == "gzip"
    stored = stack.site / "assets" / f"{export.PLOTLY_BUNDLE}.gz"
    assert sent == stored.read_bytes()  # the export's own .gz, not compressed anew


def test_the_live_app_through_nginx_draws_and_reframes_under_its_csp(stack, reader):
    tab = reader()
    headers = _load_and_pick(tab, stack.live)
    policy = _csp(headers)
    assert policy["default-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'self'"
    _clean(tab, stack.live)
    tab.context.close()  # the websocket's log line is written when it closes
    served = [e for e in stack.log_once_closed() if e["upstream"] != "-"]
    assert any(e["path"] == "/_stcore/stream" and e["status"] == "101" for e in served)
    by_reader = {}
    for entry in served:
        by_reader.setdefault(entry["affinity"], set()).add(entry["upstream"])
    assert by_reader and all(len(upstreams) == 1 for upstreams in by_reader.values())


def _affinity_per_process(stack) -> dict[str, str]:
    """An affinity cookie value that nginx sends to each app process (found by asking)."""
    for number in range(40):
        request = urllib.request.Request(
            f"{stack.live}/_stcore/health", headers={"Cookie": f"bri_affinity=probe-{number}"}
        )
        urllib.request.urlopen(request, timeout=10).close()
    chosen = {}
    for entry in stack.log():
        if entry["affinity"].startswith("probe-"):
            chosen.setdefault(entry["upstream"], entry["affinity"])
    return chosen


def test_readers_spread_over_both_processes_and_each_sticks_to_one(stack, reader):
    chosen = _affinity_per_process(stack)
    assert sorted(chosen) == sorted(urlsplit(app).netloc for app in stack.apps)
    for upstream, affinity in chosen.items():
        tab = reader((stack.live, affinity))
        _load_and_pick(tab, f"{stack.live}/?country=TUR")
        _clean(tab, stack.live)
        tab.context.close()
        mine = stack.log_once_closed(affinity)
        assert any(e["path"] == "/_stcore/stream" for e in mine)
        assert {e["upstream"] for e in mine} == {upstream}


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_proxy_hides_streamlits_metrics(stack):
    assert _status(f"{stack.apps[0]}/_stcore/metrics") == 404  # nor does the app serve them
    assert _status(f"{stack.live}/_stcore/metrics") == 404
    assert _status(f"{stack.live}/_stcore/health") == 200


def test_the_app_and_the_proxy_send_one_policy(stack):
    """The live app, served directly, sends the deploy's headers; only framing differs
    (any page may embed the app unless BRI_FRAME_ANCESTORS names the ones that may; nginx
    ships 'self')."""
    from explainers.server import CONTENT_SECURITY_POLICY

    direct = urllib.request.urlopen(f"{stack.apps[0]}/", timeout=30).headers
    proxied = urllib.request.urlopen(f"{stack.live}/", timeout=30).headers
    assert direct["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert (
        proxied["Content-Security-Policy"] == f"{CONTENT_SECURITY_POLICY}; frame-ancestors 'self'"
    )
    for name in ("X-Content-Type-Options", "Referrer-Policy"):
        assert direct[name] == proxied[name], name


def test_the_csp_names_the_hash_of_streamlits_inline_script():
    """A Streamlit upgrade that changes its page's inline script must update the config."""
    import base64
    import hashlib

    import streamlit

    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text("utf-8")
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.S)
    config = NGINX_CONF.read_text("utf-8")
    from explainers.server import INLINE_SCRIPT_HASH

    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in config, f"deploy/nginx.conf: add 'sha256-{digest}'"
        assert f"'sha256-{digest}'" == INLINE_SCRIPT_HASH, "explainers/server.py: the new hash"
