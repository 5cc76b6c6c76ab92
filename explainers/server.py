"""The app as ``python -m explainers serve`` runs it: Streamlit's own server (``st.App``)
with the same response headers as ``deploy/nginx.conf``, and its internals closed.

``streamlit run`` finds :data:`app` in this file and serves ``app.py`` through it, so the
live app sends the policy a deploy behind nginx sends (readers who open the server
directly get it too): a Content-Security-Policy that allows no host but the page's own,
``nosniff``; a referrer policy. Framing is the one thing a deploy chooses: embeds in a
newsroom's pages are what the app is for, so any page may frame it unless
``BRI_FRAME_ANCESTORS`` names the ones that may (``'self' https://www.example-news.com``);
``deploy/nginx.conf`` ships ``'self'`` and says how to widen it. ``/_stcore/metrics`` (the
server's counters) answers 404, as behind nginx. The policy is declared here once;
``tests/test_serving.py`` checks that ``deploy/nginx.conf`` sends the same.
"""

from __future__ import annotations

import os

import streamlit as st
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send

from explainers import settings
from explainers.paths import ROOT

INLINE_SCRIPT_HASH = "'sha256-THxz9J9+wf7rhwR2YkXJoSZ13UCmYyC+3lNDv2+8ugA='"
"""Streamlit's page has one inline script; its hash lets it run (``tests/test_serving.py``
names the new one when a Streamlit upgrade changes it)."""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; "
    f"script-src 'self' {INLINE_SCRIPT_HASH} blob: 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
FRAME_ANCESTORS_ENV = settings.FRAME_ANCESTORS.name
FRAME_ANCESTORS = os.environ.get(FRAME_ANCESTORS_ENV, "").strip()
"""Left unset, the policy says nothing of framing: '*' would still refuse a page opened
from disk or written by a script (about:blank), which embed as well as any."""
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY
    + (f"; frame-ancestors {FRAME_ANCESTORS}" if FRAME_ANCESTORS else ""),
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
}
CLOSED_PATHS = frozenset({"/_stcore/metrics"})


class PolicyHeaders:
    """ASGI middleware: every HTTP answer carries :data:`HEADERS`; closed paths are 404."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].rstrip("/") in CLOSED_PATHS:
            await send({"type": "http.response.start", "status": 404, "headers": _headers([])})
            await send({"type": "http.response.body", "body": b"Not found"})
            return

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _headers(message.get("headers", []))}
            await send(message)

        await self.app(scope, receive, with_headers)


def _headers(given: list) -> list:
    kept = [(name, value) for name, value in given if name.decode().lower() not in HEADERS]
    return kept + [(name.encode(), value.encode()) for name, value in HEADERS.items()]


app = st.App(ROOT / "app.py", middleware=[Middleware(PolicyHeaders)])
