"""The code a newsroom pastes to embed a view, in its three forms, and the view's oEmbed.

* :func:`responsive_snippet`: the iframe and our own parent script
  (``static/embed-parent.js``), which sizes the frame to the height the view
  posts; where a CMS strips the script it is a plain 450 px iframe. Its ``<noscript>``
  carries the view's picture with its alt text, when the view has one;
* :func:`iframe_snippet`: the plain iframe, for pages that allow no script;
* :func:`amp_snippet`: an ``amp-iframe`` that is ``resizable`` (the view posts AMP's
  ``embed-size`` message), with the overflow button AMP asks for and a placeholder;
* :func:`oembed`: the JSON a CMS reads to embed a view from its link (oEmbed 1.0,
  ``type: rich``).

The Share and embed panel in the browser builds the same three forms
(``embedSnippet`` in ``viewer.js``); ``tests/test_embed_code.py`` checks both agree.

Example
-------
>>> code = EmbedCode(src="https://news.example/map?embed=true", title="A map",
...                  parent_script="https://news.example/assets/embed-parent.js")
>>> print(iframe_snippet(code))
<iframe src="https://news.example/map?embed=true" title="A map" width="100%" height="450" \
loading="lazy" style="border:0"></iframe>
"""

from __future__ import annotations

import html
from dataclasses import dataclass

EMBED_HEIGHT = 450
"""px: the frame's height before the view says its own (and where no script runs)."""
EMBED_WIDTH = 600
"""px: the width oEmbed and AMP are told (the frame itself takes its column's width)."""
PARENT_SCRIPT = "embed-parent.js"
"""The parent script's file name, beside the other assets (the app's ``app/static/``, an
export's ``assets/``)."""
PROVIDER = "Belt and Road explainer"
FIT_PARAMETER = ("fit", "content")
"""Added to the AMP snippet's address: the view is as tall as its content from the start
(AMP has no script of ours to tell it so), and posts that height."""


@dataclass(frozen=True)
class EmbedCode:
    """What every form of the snippet is built from: plain values, escaped when written.

    ``src`` is the embed's address (with ``embed=true``); ``parent_script`` the address of
    ``embed-parent.js``; ``image`` and ``alt`` the view's picture and its alt text (no
    picture: None).
    """

    src: str
    title: str
    parent_script: str = PARENT_SCRIPT
    image: str | None = None
    alt: str = ""
    image_size: tuple[int, int] = (1200, 630)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def iframe_snippet(code: EmbedCode) -> str:
    """The plain ``<iframe>``: a fixed 450 px frame the view fits itself into."""
    return (
        f'<iframe src="{_e(code.src)}" title="{_e(code.title)}" width="100%" '
        f'height="{EMBED_HEIGHT}" loading="lazy" style="border:0"></iframe>'
    )


def _noscript(code: EmbedCode) -> str:
    if not code.image:
        return ""
    width, height = code.image_size
    return (
        f'<noscript><img src="{_e(code.image)}" alt="{_e(code.alt)}" width="{width}" '
        f'height="{height}" style="max-width:100%;height:auto"></noscript>'
    )


def responsive_snippet(code: EmbedCode) -> str:
    """The iframe (marked ``data-bri-embed`` for the parent script), its picture for
    readers without scripts, and the script that sizes it."""
    frame = iframe_snippet(code).replace("></iframe>", " data-bri-embed></iframe>")
    return f'{frame}{_noscript(code)}<script src="{_e(code.parent_script)}" async></script>'


def with_fit(src: str) -> str:
    """``src`` asking the view to be as tall as its content (the AMP snippet's address)."""
    name, value = FIT_PARAMETER
    base, hash_mark, fragment = src.partition("#")
    joined = f"{base}{'&' if '?' in base else '?'}{name}={value}"
    return joined + hash_mark + fragment


def amp_snippet(code: EmbedCode) -> str:
    """An ``amp-iframe`` AMP may resize when the view asks (``resizable``): it needs an
    element marked ``overflow`` for the reader to allow it, and shows a placeholder (the
    view's picture, or its title) until the frame has loaded. AMP frames only HTTPS pages."""
    if code.image:
        placeholder = (
            f'<amp-img placeholder layout="fill" src="{_e(code.image)}" '
            f'alt="{_e(code.alt)}"></amp-img>'
        )
    else:
        placeholder = f"<p placeholder>{_e(code.title)}</p>"
    return (
        f'<amp-iframe src="{_e(with_fit(code.src))}" title="{_e(code.title)}" '
        f'height="{EMBED_HEIGHT}" layout="fixed-height" resizable '
        'sandbox="allow-scripts allow-same-origin allow-popups '
        'allow-popups-to-escape-sandbox" frameborder="0">'
        '<button overflow type="button">Show the whole map</button>'
        f"{placeholder}</amp-iframe>"
    )


def oembed(code: EmbedCode, provider_url: str | None = None) -> dict:
    """The view's oEmbed answer (a ``rich`` embed: the responsive snippet as its html).

    ``thumbnail_*`` only with a picture; ``provider_url`` only when the site's address is
    known.
    """
    answer = {
        "type": "rich",
        "version": "1.0",
        "title": code.title,
        "provider_name": PROVIDER,
        "html": responsive_snippet(code),
        "width": EMBED_WIDTH,
        "height": EMBED_HEIGHT,
    }
    if provider_url:
        answer["provider_url"] = provider_url
    if code.image:
        width, height = code.image_size
        answer |= {
            "thumbnail_url": code.image,
            "thumbnail_width": width,
            "thumbnail_height": height,
        }
    return answer
