"""An explainer written out as a folder (``story.md`` and ``explainer.yaml``), so a reader's
mapped article becomes an explainer a newsroom can edit, validate and serve.

The folder holds what the app drew: every passage, the countries with their groups and
"why" lines, and, for each passage, the corrections that make the folder's linking (passage
by passage, as for every shipped explainer) give the same countries the article's linking
gave (one text, context across paragraphs). Unzipped into ``explainers/stories/``, it
validates (``python -m explainers validate``) and serves with the same countries, roles
and steps.

Example
-------
>>> from explainers.explainer.from_article import article_explainer
>>> files = folder_files(article_explainer("Xi met Putin in Beijing."))
>>> sorted(files), files["story.md"]
(['explainer.yaml', 'story.md'], '{#p1}\\nXi met Putin in Beijing.\\n')
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

import yaml

from explainers.explainer.folder import META_FILE, STORY_FILE
from explainers.explainer.model import Explainer
from explainers.text.linking import link_text, passage_countries

MAX_ID_CHARS = 48


def folder_id(title: str) -> str:
    """A folder name from a title: lower-case ASCII words joined by hyphens.

    >>> folder_id("Xi, Putin & the Belt and Road: a forum in Beijing")
    'xi-putin-the-belt-and-road-a-forum-in-beijing'
    >>> folder_id("一带一路")
    'my-explainer'
    """
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:MAX_ID_CHARS].rstrip("-")
    return slug or "my-explainer"


def folder_files(explainer: Explainer, explainer_id: str | None = None) -> dict[str, str]:
    """The folder's two files, as text: ``{"story.md": ..., "explainer.yaml": ...}``."""
    explainer_id = explainer_id or folder_id(explainer.title)
    story = "\n".join(
        f"{{#{passage.id}}}\n{' '.join(passage.text.split())}\n" for passage in explainer.passages
    )
    meta = {
        "id": explainer_id,
        "title": explainer.title,
        **({"summary": explainer.summary} if explainer.summary else {}),
        **({"date": explainer.date} if explainer.date else {}),
        "groups": dict(explainer.groups),
        "countries": {c.iso3: {"group": c.group, "why": c.why} for c in explainer.countries},
    }
    corrections = _corrections(explainer)
    if corrections:
        meta["corrections"] = corrections
    if explainer.steps:
        meta["steps"] = [
            step.model_dump(mode="json", exclude_defaults=True) for step in explainer.steps
        ]
    if explainer.layers is not None:
        meta["layers"] = list(explainer.layers)
    head = (
        "# An explainer made from an article on the app's article page.\n"
        "# Edit it, then check it with: python -m explainers validate\n"
    )
    return {
        STORY_FILE: story,
        META_FILE: head + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=88),
    }


def _corrections(explainer: Explainer) -> dict[str, dict[str, list[str]]]:
    """Per passage, what to add to or drop from its own linking to get the drawn countries."""
    corrections = {}
    for passage in explainer.passages:
        found = passage_countries(link_text(" ".join(passage.text.split())))
        add = [code for code in passage.countries if code not in found]
        drop = [code for code in found if code not in passage.countries]
        fix = {key: codes for key, codes in (("add", add), ("drop", drop)) if codes}
        if fix:
            corrections[passage.id] = fix
    return corrections


def folder_zip(explainer: Explainer, explainer_id: str | None = None) -> bytes:
    """The folder as a zip: ``<id>/story.md`` and ``<id>/explainer.yaml``."""
    explainer_id = explainer_id or folder_id(explainer.title)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in folder_files(explainer, explainer_id).items():
            archive.writestr(f"{explainer_id}/{name}", text)
    return buffer.getvalue()
