"""Step 2 for a web page: parse it, keep the metadata its elements and meta tags give,
drop the furniture its structure marks (figures, asides, navigation, footers, promo and
share boxes), find the headline, and cut the rest into blocks sifted by the rules."""

from __future__ import annotations

import copy
import re

import lxml.etree
import lxml.html
import trafilatura

from explainers.text.article.model import _iso_date, _Notes, _people, _place_case, _sift
from explainers.text.article.rules import (
    _PEOPLE,
    _RULES_BY_NAME,
    _SECTION_LABEL,
    _one_line,
    _rule_for,
)

_MAX_DEPTH = 250
"""libxml2 stops reading a page nested deeper than 255 elements, and drops the rest."""
_WRAPPERS = re.compile(r"</?(?:div|span|section|article|main|font|center)\b[^>]*>", re.I)

FURNITURE_TAGS = ("script", "style", "noscript", "nav", "aside", "form", "iframe", "template")
FURNITURE_TAGS += ("figure", "figcaption", "footer", "button", "svg", "dialog")
"""Elements that never hold the story: code, navigation, asides, figures, footers."""

# fmt: off
FURNITURE_CLASS_WORDS = frozenset([
    "caption", "credit", "credits", "promo", "promotion", "newsletter", "newsletters",
    "signup", "subscribe", "subscription", "share", "sharing", "social", "related",
    "recirc", "byline", "author", "dateline", "kicker", "eyebrow", "overline", "breadcrumb",
    "breadcrumbs", "advert", "advertisement", "ad", "ads", "sponsor", "sponsored",
    "comments", "comment", "tags", "pullquote", "outbrain", "taboola", "paywall", "cookie",
    "cookies", "masthead", "topbar", "toolbar", "keyevents", "readmore", "mostread",
    "mostpopular", "sectionlabel", "sitefooter", "siteheader", "skiplink", "navigation",
    "complementary", "contentinfo"
])
# fmt: on
"""A class or id whose words (split at - and _, or run together) include one of these marks
an element as furniture: ``social-share``, ``newsletter-promo``, ``pull-quote``."""

_MARK_ATTRIBUTES = ("class", "id", "itemprop", "role", "data-component", "data-testid")
"""Where a page says what an element is: ``class="byline"``, ``data-component="byline-block"``,
``itemprop="author"``, ``role="complementary"``."""
_MARKED = " or ".join(f"@{attribute}" for attribute in _MARK_ATTRIBUTES)
_KEEP_TAGS = frozenset(["html", "body", "main", "article"])
# fmt: off
_BLOCK_TAGS = frozenset([
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr",
    "figcaption", "section", "article", "header", "footer", "table", "ul", "ol", "dd", "dt",
    "time"
])
# fmt: on
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LIST_HEADINGS = frozenset(["read_more", "navigation", "comments_label"])
"""A heading these rules match ("Related topics", "Key events") takes its list with it."""


def _marks(element: lxml.html.HtmlElement) -> set[str]:
    """The words of an element's class, id and the like: 'social-share' -> {'social',
    'share', 'socialshare'}."""
    words: set[str] = set()
    named = " ".join(element.get(attribute, "") for attribute in _MARK_ATTRIBUTES)
    for token in named.lower().split():
        parts = [part for part in re.split(r"[-_]+", token) if part]
        words.update(parts)
        words.add("".join(parts))
    return words


def _byline_from(text: str, notes: _Notes) -> None:
    """A byline element's line: 'By Jane Doe', or the names alone ('Jane Doe')."""
    if found := _RULES_BY_NAME["byline"].match(text):
        notes.record(found.groupdict(), text)
    elif re.fullmatch(_PEOPLE, text):
        notes.keep("byline", _people(text))


def _html_metadata(root: lxml.html.HtmlElement, notes: _Notes) -> None:
    """Byline, dateline and date from the elements and meta tags that say so."""
    for element in root.xpath(f"//body//*[{_MARKED}]"):
        marks = _marks(element)
        if marks & {"byline", "author"} and not notes.byline:
            lines, _ = _markup_lines(copy.deepcopy(element))
            for line in filter(None, map(_one_line, [*lines, element.text_content()])):
                _byline_from(line, notes)
        if "dateline" in marks and (text := _one_line(element.text_content())):
            notes.keep("dateline", _place_case(text.rstrip(" —–-:")))
    for author in root.xpath('//meta[@name="author" or @property="article:author"]/@content'):
        if re.fullmatch(_PEOPLE, author.strip()):
            notes.keep("byline", author.strip())
    dates = root.xpath(
        '//meta[@property="article:published_time" or @name="date" or @name="pubdate" '
        'or @itemprop="datePublished"]/@content | //time/@datetime'
    )
    for value in dates:
        notes.keep("date", _iso_date(value))
    if not notes.byline:
        meta = trafilatura.extract_metadata(lxml.html.tostring(root, encoding="unicode"))
        if meta is not None and meta.author and re.fullmatch(_PEOPLE, meta.author):
            notes.keep("byline", meta.author)


def _attached(element: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    while element is not None and element is not root:
        element = element.getparent()
    return element is root


def _prune(root: lxml.html.HtmlElement, notes: _Notes) -> None:
    """Drop what the page's own structure marks as furniture; never the story's container
    or an element holding most of the page's text."""
    lxml.etree.strip_elements(root, lxml.etree.Comment, with_tail=False)
    for tag in FURNITURE_TAGS:
        for element in list(root.iter(tag)):
            notes.dropped.append((f"<{tag}>", _one_line(element.text_content())[:80]))
            element.drop_tree()
    total = len(_one_line(root.text_content())) or 1
    for element in root.xpath(f"//*[{_MARKED}]"):
        if element.tag in _KEEP_TAGS or not _attached(element, root):
            continue
        words = _marks(element) & FURNITURE_CLASS_WORDS
        text = _one_line(element.text_content())
        if words and len(text) <= total / 2:
            notes.dropped.append((f"class {sorted(words)[0]}", text[:80]))
            element.drop_tree()
    for heading in list(root.iter("h2", "h3", "h4")):
        hit = _rule_for(_one_line(heading.text_content()), in_head=False)
        if hit and hit[0].name in _LIST_HEADINGS and _attached(heading, root):
            for sibling in list(heading.itersiblings()):
                if sibling.tag in _HEADINGS:
                    break
                sibling.drop_tree()
            notes.dropped.append((f"{hit[0].name} list", _one_line(heading.text_content())))
            heading.drop_tree()
    articles = root.xpath("//article")
    if len(articles) > 1:  # a live blog or a list of posts: one story, not a choice of one
        for article in articles:
            article.tag = "div"


def _squash(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", " ", text)


def _markup_lines(root: lxml.html.HtmlElement) -> tuple[list[str], list[tuple[str, str]]]:
    """A line per block of the (pruned) tree, and the headings as (tag, text).

    White space inside a block is one space, so a paragraph hard-wrapped in the source
    (``<p>Milk from New\\nZealand</p>``) stays one line.
    """
    headings = [(h.tag, _one_line(h.text_content())) for h in root.iter(*_HEADINGS)]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag != "pre":
            element.text, element.tail = _squash(element.text), _squash(element.tail)
        if element.tag in _BLOCK_TAGS or element.tag == "br":
            element.tail = "\n" + (element.tail or "")
    return root.text_content().split("\n"), headings


def _first_heading(lines: list[str], headings: list[tuple[str, str]]) -> str:
    """The first block, if it is a heading: a fragment's headline ("<h2>Port deal</h2>…")."""
    first = next((_one_line(line) for line in lines if line.strip()), "")
    return first if headings and first == headings[0][1] else ""


def _without_site(title: str, site: str) -> str:
    """'Opinion | Port deal - The Meridian' -> 'Port deal' (site name and section off)."""
    separator = r"\s+(?:\||-|–|—|·|::)\s+"
    if found := re.fullmatch(rf"(.+){separator}(.+?)", title):
        tail = found[2]
        if tail.casefold() == site.casefold() or (not site and len(tail.split()) <= 4):
            title = found[1]
    if found := re.fullmatch(rf"(.+?){separator}(.+)", title):
        head = found[1]
        if head.casefold() == site.casefold() or _SECTION_LABEL.fullmatch(head):
            title = found[2]
    return title


def _html_headline(root: lxml.html.HtmlElement) -> str:
    """The page's ``<h1>``, else its ``og:title``, ``twitter:title`` or ``<title>``."""
    site = next(iter(root.xpath('//meta[@property="og:site_name"]/@content')), "").strip()
    for h1 in root.xpath("//main//h1 | //article//h1 | //h1"):
        text = _one_line(h1.text_content())
        if text and text.casefold() != site.casefold():
            return text
    for path in (
        '//meta[@property="og:title"]/@content',
        '//meta[@name="twitter:title"]/@content',
        "//title/text()",
    ):
        for value in root.xpath(path):
            if title := _without_site(_one_line(value), site):
                return title
    return ""


def _depth(root: lxml.html.HtmlElement) -> int:
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_html(html: str) -> lxml.html.HtmlElement:
    """Parse a page; if it nests too deep for libxml2, parse it again without its wrappers.

    libxml2 drops everything below 255 levels, so a page with its article inside 5,000
    ``<div>`` would read as empty. Such a page loses its ``div``, ``span`` and ``section``
    tags (and the classes on them) and keeps their text.

    Example
    -------
    >>> deep = "<div>" * 5000 + "<p>Xi met Putin.</p>" + "</div>" * 5000
    >>> parse_html(deep).text_content()
    'Xi met Putin.'
    """
    root = lxml.html.document_fromstring(html)
    if _depth(root) < _MAX_DEPTH:
        return root
    return lxml.html.document_fromstring(_WRAPPERS.sub("", html))


def _html_parts(html: str, notes: _Notes) -> tuple[str, list[str]]:
    """Headline and body lines of a web page (trafilatura; lxml for fragments)."""
    root = parse_html(html)
    title = _html_headline(root)
    _html_metadata(root, notes)
    _prune(root, notes)
    lines, headings = _markup_lines(copy.deepcopy(root))
    title = title or _first_heading(lines, headings)
    extracted = trafilatura.extract(root, include_comments=False, include_tables=False)
    if extracted and len(extracted.split()) >= 20:
        lines = extracted.split("\n")
    return title, _sift(lines, notes)
