"""What every part of the export shares: the error it stops with, a page of the site, and
the preview's size (the screenshot's, and the one the pages and their oEmbed declare)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PREVIEW_SIZE = {"width": 1200, "height": 630}


class ExportError(RuntimeError):
    """The export cannot go on; the message names the file and the fix."""


@dataclass(frozen=True)
class Page:
    """One view of an explainer, as a file of the static site.

    ``path`` is relative to the site's folder; ``query`` is the view (``{"step": "forum"}``).
    """

    explainer: str
    path: str
    kind: str
    query: dict
    title: str
    description: str

    @property
    def stem(self) -> str:
        return Path(self.path).stem
