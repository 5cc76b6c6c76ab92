"""Turn what a reader pastes or uploads into the headline, byline and paragraphs of a story.

"Bring your own article" accepts a .txt, .md or .html file, or pasted text. This module
checks the input at the edge (size, binary content, file type), strips markup with
libraries (trafilatura for web pages, markdown-it-py for Markdown, lxml as the fallback;
never a regular expression), and then sorts what is left the way a copy editor would:

* the page's own structure first: figures and captions, asides, navigation, footers and
  every element whose class or id says caption, promo, newsletter, share, related,
  byline and so on (:data:`FURNITURE_CLASS_WORDS`) are not the story;
* then each line or block against :data:`RULES`, a table of named, tested patterns
  (kickers, promos, captions and credits, "Read more" lines, share labels, bylines,
  datelines, timestamps). Bylines, datelines and dates are kept as metadata;
* the headline is the page's ``<h1>`` (else ``og:title`` or ``<title>`` without the site's
  name), a Markdown ``#`` heading, or in plain text a short first line without final
  punctuation followed by a blank line; short lines above it are its kicker;
* hard-wrapped lines (text copied from a PDF or a narrow column) are joined into their
  paragraphs, so "New" at one line's end and "Zealand" at the next link as one name.

The result is plain text: the app shows it as text, never as HTML.

Example
-------
>>> clean_article(b"<p>Xi met Putin.</p><p>Advertisement</p>", "story.html")
'Xi met Putin.'
>>> story = read_article("Port talks\\n\\nBy Li Wei\\n\\nBEIJING (Reuters) - Xi met Putin.")
>>> story.title, story.byline, story.dateline, story.paragraphs
('Port talks', 'Li Wei', 'Beijing', ('Xi met Putin.',))
"""

from __future__ import annotations

import codecs
import copy
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

import lxml.etree
import lxml.html
import trafilatura
from markdown_it import MarkdownIt

MAX_BYTES = 1_000_000
"""Articles are a few thousand words; 1 MB leaves room for a whole saved web page.

One megabyte as the reader's browser counts it (Streamlit's uploader refuses a file over
``server.maxUploadSize`` = 1 MB, 1,000,000 bytes), and under spaCy's 1,000,000-character
limit: a text this size can never hold more characters than that.
"""
MAX_SIZE_SHOWN = "1 MB (1,000,000 bytes)"

Format = Literal["text", "markdown", "html"]
SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark)."""

_MAX_DEPTH = 250
"""libxml2 stops reading a page nested deeper than 255 elements, and drops the rest."""
_WRAPPERS = re.compile(r"</?(?:div|span|section|article|main|font|center)\b[^>]*>", re.I)

_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (a .docx or .odt file is one)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}

# ---- the rules: what news pages put around a story -------------------------------------

Where = Literal["line", "head", "lead"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of thing a news page prints around its story, with an example of each.

    ``where`` says how the pattern is applied: ``"line"`` to every line (or block) of the
    page, ``"head"`` only above the story (before its second paragraph of prose), and
    ``"lead"`` to the opening of the first paragraphs (a dateline). A match drops the
    line; its named groups ``byline``, ``dateline``, ``region`` and ``date`` are kept as
    the article's metadata. ``example`` must match and ``keeps``, a line of story that
    looks alike, must not (the tests check both).

    Example
    -------
    >>> rule = next(r for r in RULES if r.name == "share_label")
    >>> rule.matches("Share this article"), rule.matches(rule.keeps)
    (True, False)
    """

    name: str
    pattern: re.Pattern[str]
    example: str
    keeps: str
    where: Where = "line"
    max_words: int = 40

    def match(self, line: str) -> re.Match[str] | None:
        if len(line.split(maxsplit=self.max_words)) > self.max_words:  # stops counting there
            return None
        if self.where == "lead":
            return self.pattern.match(line)
        return self.pattern.fullmatch(line)

    def matches(self, line: str) -> bool:
        return self.match(line) is not None


def _rule(name: str, pattern: str, example: str, keeps: str, **options) -> Rule:
    return Rule(name, re.compile(pattern), example, keeps, **options)


_AGENCY = (
    r"(?:Reuters|AFP|AP|Associated Press|Agence France-Presse|Xinhua|Bloomberg|dpa|EFE|"
    r"Kyodo|Yonhap|Bernama|ANI|PTI|IANS|TASS|Anadolu|AAP|EPA|Agencies|Getty Images)"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?"
_DATE = rf"(?:\d{{1,2}} {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} {_MONTH}|{_MONTH} \d{{1,2}})"  # noqa: E501
_TIME = r"\d{1,2}[.:]\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{2,4})?"
_STAMP = (
    rf"(?:(?:{_DAY},? )?{_DATE}(?:,? (?:at )?{_TIME})?|{_TIME}(?:,? {_DATE})?|"
    r"\d+ (?i:mins?|minutes?|hours?|hrs?|days?) ago)"
)
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_WORD = rf"[{_UPPER}][{_LOWER}'’-]+"
_CAPS = rf"[{_UPPER}][{_UPPER}'’-]+"
_NOT_A_NAME = rf"(?!(?:{_DAY}|{_MONTH}) )"
_PERSON = rf"{_NOT_A_NAME}(?:{_WORD}(?: {_WORD}){{1,3}}|{_CAPS}(?: {_CAPS}){{1,3}})"
_PEOPLE = rf"{_PERSON}(?:(?:, | and | & ){_PERSON})*"
_PLACE = rf"(?:{_WORD}|{_CAPS})(?: (?:{_WORD}|{_CAPS}|es|de|al|el)){{0,3}}"
_NAMES = (
    rf"(?:{_PLACE}|{_AGENCY})(?: in {_PLACE})?(?:(?:, | and | & |; )(?:{_PLACE})(?: in {_PLACE})?)*"
)
_CREDIT = r"(?i:(?:with )?(?:additional |further )?(?:reporting|writing|editing|research|compiled|edited|translated|produced|graphics|design) (?:by|from))"  # noqa: E501
_SHARE = (
    r"(?:share(?: this(?: article| story| page)?| on (?:facebook|x|twitter|linkedin|whatsapp|"
    r"email|telegram))?|tweet|e-?mail|print|copy link|save(?: article)?|gift(?: this)? article|"
    r"facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|flipboard|post|"
    r"threads|bluesky|weibo|wechat)"
)
_SECTION = (
    r"(?:analysis|opinion|comment|commentary|explainer|exclusive|breaking(?: news)?|live|"
    r"world|asia|asia[- ]pacific|news|business|economy|politics|features?|(?:the )?long read|"
    r"big read|in depth|insight|briefing|interview|editorial|review|special report|"
    r"fact ?check|podcast|video|update|factbox|timeline|q&a)"
)

# fmt: off
_LABELS = (
    "NATO", "ASEAN", "OPEC", "BRICS", "CPEC", "EXCLUSIVE", "UPDATE", "CORRECTED", "REFILE",
    "FACTBOX", "ANALYSIS", "INSIGHT", "WRAPUP", "BREAKING", "TIMELINE", "EXPLAINER",
    "OPINION", "COMMENT", "WATCH", "LIVE", "PHOTOS", "VIDEO", "AND", "THE", "FOR"
)
# fmt: on
"""Capitals at the start of a paragraph that are labels, not the place a story is filed from."""
_NOT_LABEL = rf"(?!(?:{'|'.join(_LABELS)})\b)"

RULES: tuple[Rule, ...] = (
    _rule(
        "advertisement",
        r"(?i)advertisement|advertising|ad|sponsored(?: content)?|paid (?:post|content)|"
        r"story continues below(?: advertisement)?",
        "Advertisement",
        "Advertisement revenue fell at Chinese papers this year, the report said.",
    ),
    _rule(
        "share_label",
        rf"(?i){_SHARE}(?:(?:\s*[·|,/•]\s*|\s+){_SHARE})*",
        "Tweet · Share",
        "Share prices of Chinese shipping firms rose in Shanghai on Monday.",
    ),
    _rule(
        "comments_label",
        r"(?i)comments?(?: \(\d+\))?|\d+ comments?|(?:view|show|read|hide) (?:\d+ )?comments|"
        r"join the (?:conversation|discussion)\.?(?: log in to comment\.?)?|leave a comment|"
        r"log in to comment",
        "Comments",
        "Comments by Greece's shipping minister suggest the government wants more say.",
    ),
    _rule(
        "newsletter_promo",
        r"(?i)(?:[^.?!]{0,60}[?!] )?(?:sign up|subscribe|get|receive|join|don't miss|"
        r"never miss|want)\b.{0,100}\b(?:newsletters?|inbox|briefing|bulletin)\b.{0,80}",
        "Sign up for our newsletter",
        "Laos signed up to the Belt and Road in 2016, a ministry briefing said.",
    ),
    _rule(
        "app_promo",
        r"(?i)(?:download|get|install|try|open in|read (?:it |this |more )?(?:in|on)) "
        r"(?:our|the)(?: free)?(?: [\w'’-]+){0,3} app\b.*|"
        r".*\b(?:on the app store|on google play|for iphone and android)\b.*|open in app",
        "Download our app for the latest news from Asia.",
        "Kenya's railway app lets passengers book seats, the operator said.",
    ),
    _rule(
        "site_promo",
        r"(?i)(?:learn|find out|discover|read|see) more|get more with [\w'’-]+(?: [\w'’-]+)?|"
        r"(?:an? |your )?personali[sz]ed (?:news )?feed\b.{0,80}|"
        r".{0,60}\bstories that matter (?:to|for) you\b.{0,40}|"
        r"(?:try|start) (?:it |your )?free(?: trial)?(?: today| now)?|"
        r"(?:already have an account|not a member yet)\?.{0,40}",
        "A personalised news feed of stories that matter to you",
        "Get more with less, the port's chief told the Kenyan board.",
    ),
    _rule(
        "encyclopaedia_tagline",
        r"(?i)from (?:wikipedia, )?the free encyclopa?edia\.?|"
        r"from (?:the |wikipedia, the )?(?:wikipedia|encyclopa?edia)\.?",
        "From Wikipedia, the free encyclopedia",
        "From the encyclopaedia's 1911 edition, the map shows Ceylon as a colony.",
        where="head",
    ),
    _rule(
        "file_caption",
        r"(?:FILE(?: PHOTO)?|File photo|File)\s*(?: [-–—]|[-–—:])\s*.{1,400}",
        "FILE - A train leaves Mombasa station in 2017. (AP Photo/Khalil Senosi, File)",
        "File photos of the line show empty carriages, the audit said.",
        max_words=80,
    ),
    _rule(
        "subscribe_promo",
        r"(?i)(?:[^.?!]{0,60}[?!] )?subscribe(?: .{1,100})?|"
        r"sign up here\.?|"
        r"already a subscriber\??.*|support (?:our|independent|quality) journalism.*|"
        r"become a (?:member|subscriber|supporter).*|unsubscribe|"
        r"(?:you(?:'re| are) receiving|you received) this .*|"
        r"log ?in|sign ?in|sign up|register|create (?:a free )?account",
        "Subscribe to The Meridian for $1 a week",
        "Subscribers to the loan scheme include Laos and Cambodia.",
    ),
    _rule(
        "read_more",
        r"(?i)read more|(?:read (?:more|also|next)|(?:also|further) read(?:ing)?|see also)"
        r"\s*:.*|see also .{1,80}|more on this (?:story|topic)|more from .{1,40}|"
        r"continue reading.*|related(?: articles| stories| content| topics| coverage| links)?|"
        r"related\s*:.*|recommended(?: for you| stories)?|most (?:read|viewed|popular|shared)|"
        r"trending(?: now)?|you (?:may|might) also (?:like|enjoy).*|"
        r"(?:check out|read|see|explore|don't miss|listen to|watch) (?:our|this) (?:[\w'’-]+ )"
        r"{0,3}?(?:explainer|map|guide|analysis|coverage|special report|series|story|"
        r"interactive|timeline|q&a|live blog|podcast|video)\b.*|"
        r"for more(?: on .{1,60})?,? (?:see|read|visit|check out) .*",
        "Check out our explainer on China's lending to Southeast Asia",
        "Read together, the two announcements show how far the port has come.",
    ),
    _rule(
        "reporting_credit",
        rf"{_CREDIT} {_NAMES}(?:\s*[;,.]\s*(?:and )?{_CREDIT} {_NAMES})*\.?",
        "Additional reporting by Reuters",
        "Reporting by state media suggested the talks had stalled.",
    ),
    _rule(
        "contributor_note",
        r"(?:.{1,100} )?(?i:contributed(?: reporting)? to this (?:report|story|article))\.?",
        "Associated Press writer Wei Zhang in Beijing contributed to this report.",
        "Chinese banks contributed to this project, the ministry said.",
    ),
    _rule(
        "staff_credit",
        rf"(?i:editor|editors|writer|reporter|translator|photographer|producer|graphics|"
        rf"edited by|written by)\s*:\s*{_NAMES}",
        "Editor: Wang Lei",
        "Editors at three Kenyan papers said the contract should be published.",
    ),
    _rule(
        "agency_tag",
        rf"[(\[]?(?:[-—–] ?)?{_AGENCY}(?: ?/ ?{_AGENCY})*[)\]]?\.?",
        "(Reuters)",
        "Reuters reported that the talks had stalled.",
    ),
    _rule(
        "photo_credit",
        r"(?i:photo(?:graph)?s?|images?|pictures?|pics?|illustrations?|graphics?|videos?|"
        r"maps?|charts?|credits?|footage|source|photo illustration)(?: by)?\s*[:/]\s*.{1,80}|"
        r"(?i:(?:photo|image|picture)s? by) .{1,60}|(?i:file photo)(?:\s*[:/-].*)?|"
        r"(?i:image (?:source|caption)|media caption),.*|"
        r"(?i:toggle caption|hide caption|enlarge this image|getty(?: images)?)|"
        rf"\[(?i:photos?|images?|videos?)(?:/[^\]]{{1,40}})?\]|.{{1,40}} ?(?:via|/) ?{_AGENCY}",
        "Photo: AFP",
        "Photographs of the port taken in 2019 show empty berths, the report said.",
        max_words=15,
    ),
    _rule(
        "photo_caption",
        r".{1,400}?(?:[.,;]\s*|\s)(?:(?i:photo(?:graph)?|image|picture|illustration|credit)"
        r"\s*:\s*[^.]{1,60}|\[(?i:photos?|images?)(?:/[^\]]{1,40})?\]|"
        rf"\({_AGENCY}(?:/[^)]{{1,40}})?\)|(?:{_AGENCY}|[\w ]{{1,30}})?(?:/| via ){_AGENCY})\.?",
        "Workers load durian onto a freight wagon at Vientiane South station. Photo: AFP",
        "A photo released by Xinhua showed the two leaders at the signing.",
        max_words=60,
    ),
    _rule(
        "byline",
        rf"(?i:by)\s+(?P<byline>{_PEOPLE})(?:,? (?i:in) (?P<dateline>{_PLACE}))?"
        rf"(?:(?:\s*[|,·/–—]|\s+-)\s*.{{1,80}}|\s+{_AGENCY})?",
        "By Jane Doe",
        "By 2030, the port authority says, the terminal will handle a third more boxes.",
        max_words=20,
    ),
    _rule(
        "byline_in_place",
        rf"(?P<byline>{_PEOPLE}) (?:in|reporting from) (?P<dateline>{_PLACE})",
        "Jane Doe in Beijing",
        "Officials in Kampala have waited for years.",
        where="head",
    ),
    _rule(
        "dateline_line",
        rf"(?P<dateline>{_PLACE}),? (?P<date>{_DATE})",
        "Colombo, 12 June",
        "Beijing, Moscow and Tehran signed the pact in June.",
    ),
    _rule(
        "timestamp",
        r"(?:(?i:(?:first )?(?:published|updated|posted|last updated|last modified))"
        rf"(?: on| at)?:?\s*)?(?P<date>{_STAMP})",
        "Updated 11:05 BST",
        "Updated figures from the ministry show more trucks at the border.",
    ),
    _rule(
        "reading_time",
        r"(?i)\d+ min(?:ute)?s? (?:read|listen)|listen to this (?:article|story)"
        r"(?:\s*[·|-]?\s*\d+ min(?:ute)?s?)?|reading time:? .{1,20}|print this (?:article|page)",
        "5 min read",
        "Five minutes later the train left Boten for Vientiane.",
    ),
    _rule(
        "page_marker",
        r"(?i)page \d+(?: of \d+)?|\d{1,3}(?: ?/ ?\d{1,3})?|[-–—] ?\d{1,3} ?[-–—]|"
        r"[^.!?]{1,60} [|·•] \d{1,3}|\d{1,3} [|·•] [^.!?]{1,60}",
        "Page 2 of 4",
        "Page after page of the loan contract remains secret.",
    ),
    _rule("separator", r"[-_*=~·•—–#]{3,}|[*·•]", "___", "— a railway, a port, a pipeline —"),
    _rule(
        "section_label",
        rf"(?i){_SECTION}",
        "Analysis",
        "Analysis of the loan terms took the auditors a year.",
        where="head",
    ),
    _rule(
        "breadcrumb",
        r"[\w&'’ -]{1,30}(?: [›»>|] [\w&'’ -]{1,30}){1,5}",
        "Home › Asia › South Asia",
        "Kenya, Uganda and Rwanda agreed on a rail timetable.",
        where="head",
    ),
    _rule(
        "navigation",
        r"(?i)skip to (?:main )?(?:content|navigation)|back to top|menu|topics|search|home|"
        r"close|next|previous|(?:next|previous) (?:article|story)|key events|"
        r"show key events only|pinned post|loading…?|expand|collapse|privacy(?: policy)?|"
        r"terms(?: of (?:use|service))?|cookie (?:policy|settings)|accept(?: all)? cookies|"
        r"we use cookies.*|(?:topics|tags|filed under)\s*:.*|follow us(?: on .{1,40})?|"
        r"more|sections?",
        "Skip to main content",
        "Menus at the forum's banquet featured dishes from Kazakhstan.",
    ),
    _rule(
        "copyright",
        r"(?:©|\([cC]\)|(?i:copyright)\s*(?:©|\d{4})).{0,120}|.{0,80}(?i:all rights reserved).*",
        "© 2024 The Harbour Times. All rights reserved.",
        "Copyright disputes over Chinese locomotive designs went to court in Astana.",
    ),
    _rule(
        "standards_note",
        r"(?i)our standards:.*|.{0,60}\btrust principles\.?|"
        r"(?:read )?our (?:corrections|ethics|editorial) (?:policy|standards|guidelines)\.?",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Our standards for lending are stricter now, the bank's chairman said.",
    ),
    _rule(
        "views_disclaimer",
        r"(?i)(?:the )?views expressed(?: in this (?:article|piece|column|commentary))? are "
        r"(?:the (?:author|writer)'s|those of the authors?|(?:his|her|their)) own\.?.*",
        "The views expressed in this article are the author's own.",
        "The views expressed by Kenyan officials were mixed.",
    ),
    _rule(
        "dateline",
        rf"(?P<dateline>{_NOT_LABEL}[{_UPPER}][{_UPPER}'’.-]{{2,}}(?: {_NOT_LABEL}[{_UPPER}]"
        rf"[{_UPPER}'’.-]+){{0,3}})(?:, (?P<region>{_WORD}(?: {_WORD}){{0,2}}\.?|[A-Z]{{2,}}))?"
        rf"(?:, (?P<date>{_DATE}))?\s*(?:\((?P<agency>[^)]{{1,30}})\))?\s*(?:—|–|--?) (?=\S)|"
        rf"(?P<place>{_WORD}(?: {_WORD}){{0,2}})(?:, (?P<day>{_DATE}))?\s*\({_AGENCY}\)\s*"
        r"(?:—|–|--?) (?=\S)",
        "BEIJING, May 14 (Reuters) - China said on Monday",
        "NATO - the alliance - said it would watch the port.",
        where="lead",
        max_words=10_000,
    ),
)
"""What news pages print around a story, one named rule each, in the order they are tried."""

_RULES_BY_NAME = {rule.name: rule for rule in RULES}

_SECTION_LABEL = re.compile(rf"(?i){_SECTION}")

# ---- the page's structure ---------------------------------------------------------------

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

_BULLET = re.compile(r"^[-•*·] +")
_SENTENCE_END = tuple(".!?\"”’')")
_MAX_HEADLINE_WORDS = 25
_KICKER_WORDS = 4


@dataclass(frozen=True, slots=True)
class Article:
    """A story as a newsroom would file it: headline, byline, dateline, date, paragraphs.

    ``title`` is "" when the page has no headline the rules recognise; ``dateline`` is the
    place the story was filed from ("Beijing" for "BEIJING (Reuters) -"), and
    ``dateline_region`` the country or state printed after it, if any. ``date`` is
    ``YYYY-MM-DD`` when the page gives a full date. ``dropped`` lists what was taken out,
    as (rule name, text), so a reader of the code can see why.

    Example
    -------
    >>> Article("Port deal", ("Xi met Putin.",), byline="Li Wei").text
    'Port deal\\n\\nXi met Putin.'
    """

    title: str
    paragraphs: tuple[str, ...]
    byline: str = ""
    dateline: str = ""
    dateline_region: str = ""
    date: str = ""
    dropped: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        """Headline and paragraphs, one per line, a blank line apart."""
        return "\n\n".join(filter(None, (self.title, *self.paragraphs)))


@dataclass
class _Notes:
    """What the rules found while reading: metadata (first value wins) and what was dropped."""

    byline: str = ""
    dateline: str = ""
    dateline_region: str = ""
    date: str = ""
    dropped: list[tuple[str, str]] = field(default_factory=list)

    def keep(self, name: str, value: str | None) -> None:
        if value and not getattr(self, name):
            setattr(self, name, value)

    def record(self, groups: dict[str, str | None], text: str = "") -> None:
        """Keep the metadata a rule's named groups found (a byline's tail may hold a date)."""
        if groups.get("byline"):
            self.keep("byline", _people(groups["byline"]))
            self.keep("date", _iso_date(text))
        place = groups.get("dateline") or groups.get("place")
        if place:
            self.keep("dateline", _place_case(place))
            self.keep("dateline_region", groups.get("region"))
        self.keep("date", _iso_date(groups.get("date") or groups.get("day")))

    def take(self, rule: str, text: str, groups: dict[str, str | None] | None = None) -> None:
        self.dropped.append((rule, text))
        self.record(groups or {}, text)


class ArticleInputError(ValueError):
    """The input cannot be read as an article; the message says what and the limit.

    Example
    -------
    >>> try:
    ...     clean_article(b"x" * (MAX_BYTES + 1))
    ... except ArticleInputError as error:
    ...     print(str(error)[:40])
    The article is 1,000,001 bytes; the limi
    """


# ---- input at the edge ------------------------------------------------------------------


def _check_size(size: int, what: str) -> None:
    if size > MAX_BYTES:
        raise ArticleInputError(
            f"{what} is {size:,} bytes; the limit is {MAX_SIZE_SHOWN}. "
            "Paste or upload the article text alone."
        )


def _format_of(filename: str | None, text: str) -> Format:
    if filename:
        suffix = PurePath(filename).suffix.lower()
        if suffix not in SUFFIXES:
            accepted = ", ".join(sorted(SUFFIXES))
            raise ArticleInputError(
                f"{filename!r} is a {suffix or 'suffix-less'} file; "
                f"the app reads {accepted}. Save the article as .txt, .md or .html."
            )
        return SUFFIXES[suffix]
    looks_like_markup = text.lstrip().startswith("<") and "</" in text
    return "html" if looks_like_markup else "text"


_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters (Unicode's Cc) but the tab, newline, form feed and return of text."""


def _control_share(text: str) -> float:
    controls = len(_BINARY_CONTROLS.findall(text))
    return controls / max(len(text), 1)


def _unicode_text(raw: bytes) -> str | None:
    """Text saved as UTF-16 or UTF-32 (Windows' "Unicode" save), by its BOM or its NULs.

    Without a byte-order mark, UTF-16 text in a Latin script has a NUL in every other
    byte: NULs at even offsets only is big-endian, at odd offsets only little-endian.

    Example
    -------
    >>> _unicode_text("Xi met Putin.".encode("utf-16"))
    'Xi met Putin.'
    >>> _unicode_text("Xi met Putin.".encode("utf-16-le"))
    'Xi met Putin.'
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                return None
    sample = raw[:8192]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    codec = "utf-16-be" if even > len(sample) // 4 and not odd else None
    codec = "utf-16-le" if odd > len(sample) // 4 and not even else codec
    if codec is None:
        return None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def decode_article(raw: bytes | str, filename: str | None = None) -> str:
    """Check size and content, and decode bytes to text (UTF-8, else Windows-1252).

    Offsets the linker reports index this text, so nothing else is changed here.

    Example
    -------
    >>> decode_article("Xi met Putin.".encode())
    'Xi met Putin.'
    """
    what = f"The file {filename!r}" if filename else "The article"
    if isinstance(raw, str):
        _check_size(len(raw.encode("utf-8", "surrogatepass")), what)
        text = raw
    elif isinstance(raw, bytes | bytearray):
        _check_size(len(raw), what)
        for magic, kind in _MAGIC.items():
            if raw.startswith(magic):
                raise ArticleInputError(
                    f"{what} looks like {kind}, not text; save the article as .txt, .md or .html."
                )
        text = _unicode_text(bytes(raw))
        if text is None and b"\x00" in raw[:8192]:
            raise ArticleInputError(
                f"{what} is binary (it holds NUL bytes); the app reads text: .txt, .md or .html."
            )
        if text is None:
            try:
                text = bytes(raw).decode("utf-8-sig")
            except UnicodeDecodeError:
                text = bytes(raw).decode("cp1252", errors="replace")
    else:
        raise TypeError(f"raw should be bytes or str, got {type(raw).__name__}")
    if _control_share(text) > 0.01:
        raise ArticleInputError(
            f"{what} is binary (control characters throughout); "
            "the app reads text: .txt, .md or .html."
        )
    return text


# ---- small helpers ----------------------------------------------------------------------


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc) but tab and newline: one regex pass, so a
1 MB paragraph takes milliseconds, not the seconds a per-character test took."""


def _one_line(text: str) -> str:
    """Control characters out, runs of white space as one space."""
    return " ".join(_CONTROLS.sub("", text).split())


def _key(line: str) -> str:
    """The line as the rules see it: one line, without trailing arrows ('Read more ›')."""
    return _one_line(line).rstrip(" ›»→>")


def _place_case(place: str) -> str:
    """'KUALA LUMPUR' -> 'Kuala Lumpur', 'DAR ES SALAAM' -> 'Dar es Salaam'."""
    if not place.isupper():
        return place
    words = [
        w.capitalize() if i == 0 or len(w) > 2 else w.lower() for i, w in enumerate(place.split())
    ]
    return " ".join(words)


def _people(names: str) -> str:
    """A byline's names in reading case, without an agency tacked on."""
    names = re.sub(rf"\s+{_AGENCY}$", "", names.strip())
    return " ".join(_place_case(w) if w.isupper() and len(w) > 1 else w for w in names.split(" "))


def _iso_date(text: str | None) -> str:
    """'2024-05-14 07:21', 'Mon 14 Oct 2024' or 'May 14, 2024' -> '2024-05-14'; else ''."""
    if not text:
        return ""
    if found := re.search(r"\b(\d{4})-(\d{2})-(\d{2})", text):
        return "-".join(found.groups())
    for pattern, order in ((r"(\d{1,2}) ([A-Za-z]{3})[a-z]*\.?,? (\d{4})", "dmy"),
                           (r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})", "mdy")):  # fmt: skip
        if found := re.search(pattern, text):
            parts = dict(zip(order, found.groups(), strict=True))
            try:
                day = dt.datetime.strptime(f"{parts['d']} {parts['m']} {parts['y']}", "%d %b %Y")
            except ValueError:
                continue
            return day.date().isoformat()
    return ""


def _is_prose(text: str) -> bool:
    words = len(text.split())
    return words >= 12 or (words >= 6 and text.endswith(_SENTENCE_END))


def _rule_for(line: str, *, in_head: bool) -> tuple[Rule, re.Match[str]] | None:
    key = _key(line)
    if not key:
        return None
    for rule in RULES:
        if rule.where == "lead" or (rule.where == "head" and not in_head):
            continue
        if found := rule.match(key):
            return rule, found
    return None


def is_furniture(line: str) -> bool:
    """Whether a line is something a page prints around the story rather than the story.

    Bylines and datelines count: they are metadata, not passages.

    Example
    -------
    >>> is_furniture("Sign up for our newsletter"), is_furniture("Xi met Putin.")
    (True, False)
    """
    return _rule_for(line, in_head=True) is not None


def _sift(units: Iterable[str], notes: _Notes) -> list[str]:
    """Drop the units the rules match (noting metadata); "" marks a paragraph break."""
    kept: list[str] = []
    prose_seen = 0
    for unit in units:
        if not unit.strip():
            kept.append("")
            continue
        hit = _rule_for(unit, in_head=prose_seen < 2)
        if hit:
            rule, found = hit
            notes.take(rule.name, _one_line(unit), found.groupdict())
            continue
        kept.append(unit)
        prose_seen += _is_prose(_one_line(unit))
    return kept


# ---- plain text: lines into paragraphs ----------------------------------------------------


def _wrap_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines)
    return lengths[int(0.8 * (len(lengths) - 1))]


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines cut at a column (a PDF, a narrow column), not one paragraph per line."""
    open_ended = sum(not line.endswith(_SENTENCE_END) for line in lines)
    return len(lines) >= 3 and _wrap_width(lines) <= 100 and 2 * open_ended >= len(lines)


def _join_wrapped(lines: list[str]) -> str:
    """Join hard-wrapped lines: 'New' + 'Zealand' -> 'New Zealand'; 'state-' + 'owned' ->
    'state-owned' (a hyphen at a line's end is kept: it may be the word's own)."""
    text = lines[0]
    for line in lines[1:]:
        if text.endswith("\u00ad"):
            text = text[:-1] + line
        elif text.endswith("-") and text[-2:-1].isalpha() and line[:1].isalpha():
            text += line
        else:
            text += " " + line
    return text


def _reflow(lines: list[str], only_group: bool) -> list[tuple[str, bool]]:
    """A run of lines between blank lines, as paragraphs; True marks a one-line run."""
    if len(lines) == 1:
        return [(lines[0], True)]
    if _hard_wrapped(lines):
        short = 0.8 * _wrap_width(lines)
        chunks: list[list[str]] = [[]]
        for line in lines:
            chunks[-1].append(line)
            if line.endswith(_SENTENCE_END) and len(line) < short:
                chunks.append([])
        return [(_join_wrapped(chunk), False) for chunk in chunks if chunk]
    if only_group:
        return [(line, False) for line in lines]
    return [(_join_wrapped(lines), False)]


def _text_paragraphs(text: str, notes: _Notes) -> list[tuple[str, bool]]:
    """Plain text: furniture lines out (a dropped line does not break its paragraph),
    then blank lines part paragraphs and hard wraps are joined."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    groups: list[list[str]] = [[]]
    for line in _sift(lines, notes):
        if line.strip():
            groups[-1].append(_one_line(line))
        elif groups[-1]:
            groups.append([])
    groups = [group for group in groups if group]
    return [part for group in groups for part in _reflow(group, len(groups) == 1)]


# ---- markup: the page's structure, then its blocks ----------------------------------------


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


_MARK_RUN = re.compile(r"[\[\]()!*_<>`~#|\\]{8,}")
"""Eight Markdown marks in a row open no construct a story needs, and a long run of them
(``[[[[…``) costs markdown-it tens of microseconds a character: 200 KB took seconds."""


def _calm_marks(markdown: str) -> str:
    """The Markdown with each run of eight marks or more blanked (a rule line stays
    a break between paragraphs); hostile input parses in linear time.

    >>> _calm_marks("Xi[[[[[[[[[[met **Putin**.")
    'Xi          met **Putin**.'
    """
    return _MARK_RUN.sub(lambda m: " " * len(m.group()), markdown)


def _markdown_parts(markdown: str, notes: _Notes) -> tuple[str, list[str]]:
    """Headline (the first ``#`` heading) and blocks of a Markdown file."""
    # Raw HTML inside Markdown stays HTML here, so the lxml pass strips it like any tag.
    html = MarkdownIt("commonmark").render(_calm_marks(markdown))
    root = parse_html(f"<html><body>{html}</body></html>")
    _prune(root, notes)
    lines, headings = _markup_lines(root)
    h1 = next((text for tag, text in headings if tag == "h1"), "")
    return h1 or _first_heading(lines, headings), _sift(lines, notes)


# ---- the story's head: headline, kicker, dateline; pull quotes ----------------------------


def _headline_like(text: str) -> bool:
    return len(text.split()) <= _MAX_HEADLINE_WORDS and not text.endswith((".", ",", ";", ":"))


def _kicker_like(text: str) -> bool:
    """A section label or a short tag above a headline: 'Analysis', 'BELT AND ROAD'."""
    return (
        len(text.split()) <= _KICKER_WORDS
        or text.isupper()
        or _SECTION_LABEL.fullmatch(text) is not None
        or any(mark in text for mark in (" | ", " › ", " · ", " / "))
    )


def _same(a: str, b: str) -> bool:
    return a.casefold().strip(" .") == b.casefold().strip(" .")


def _guess_headline(paragraphs: list[tuple[str, bool]]) -> int | None:
    """Plain text: the headline is a short first line without final punctuation followed by
    a blank line; when two such lines open the text, a kicker-like first one is the kicker."""
    candidates = []
    for number, (text, one_line) in enumerate(paragraphs[:4]):
        if not (one_line and _headline_like(text)) or number == len(paragraphs) - 1:
            break
        candidates.append(number)
    if not candidates:
        return None
    texts = [paragraphs[n][0] for n in candidates]
    return next(
        (n for n, t in zip(candidates, texts, strict=True) if not _kicker_like(t)), candidates[-1]
    )


def _split_headline(
    title: str, paragraphs: list[tuple[str, bool]], notes: _Notes, guess: bool
) -> tuple[str, list[str]]:
    """The headline, and the paragraphs below it; what stood above it was its kicker."""
    texts = [text for text, _ in paragraphs]
    if title:
        at = next((n for n, text in enumerate(texts[:6]) if _same(text, title)), None)
    else:
        at = _guess_headline(paragraphs) if guess else None
        title = texts[at] if at is not None else ""
    if at is None:
        return title, texts
    notes.dropped += [("kicker", text) for text in texts[:at]] + [("headline", texts[at])]
    return title, texts[at + 1 :]


def _take_dateline(texts: list[str], notes: _Notes) -> None:
    """'BEIJING, May 14 (Reuters) - China said…' -> 'China said…', and the place kept."""
    rule = _RULES_BY_NAME["dateline"]
    for number, text in enumerate(texts[:2]):
        found = rule.match(text)
        if found:
            notes.take(rule.name, text[: found.end()].strip(), found.groupdict())
            texts[number] = text[found.end() :]
            return


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _drop_pull_quotes(texts: list[str], notes: _Notes) -> list[str]:
    """A short quotation repeated word for word in a longer paragraph is a pull quote."""
    plain = [_plain(text) for text in texts]
    kept = []
    for number, text in enumerate(texts):
        quoted = re.match(r"[\"“‘']([^\"”’]{20,300})[\"”’']", text)
        core = _plain(quoted[1]) if quoted else ""
        repeated = core and any(
            other != number and core in plain[other] and len(plain[other]) > len(plain[number])
            for other in range(len(texts))
        )
        if repeated and len(text.split()) <= 40:
            notes.dropped.append(("pull_quote", text))
            continue
        kept.append(text)
    return kept


# ---- the public functions -------------------------------------------------------------------


def read_article(raw: bytes | str, filename: str | None = None) -> Article:
    """The headline, byline, dateline, date and paragraphs of an article.

    Parameters
    ----------
    raw : bytes or str
        The upload's bytes or the pasted text; at most 1 MB.
    filename : str, optional
        Decides the format by suffix (.txt, .md, .html); without it, text that starts
        like a web page is read as HTML.

    Raises
    ------
    ArticleInputError
        Over 1 MB, binary, an unsupported file type, or no text left after cleaning.

    Example
    -------
    >>> story = read_article("# Forum\\n\\n*By Li Wei*\\n\\nXi met **Putin**.\\n\\nShare", "a.md")
    >>> story.title, story.byline, story.paragraphs
    ('Forum', 'Li Wei', ('Xi met Putin.',))
    """
    text = decode_article(raw, filename)
    fmt = _format_of(filename, text)
    notes = _Notes()
    if fmt == "html":
        title, lines = _html_parts(text, notes)
        paragraphs = [(_one_line(line), False) for line in lines if line.strip()]
    elif fmt == "markdown":
        title, lines = _markdown_parts(text, notes)
        paragraphs = [(_one_line(line), True) for line in lines if line.strip()]
    else:
        title, paragraphs = "", _text_paragraphs(text, notes)
    title, texts = _split_headline(title, paragraphs, notes, guess=fmt != "html")
    _take_dateline(texts, notes)
    texts = [_BULLET.sub("", text) for text in texts]
    texts = _drop_pull_quotes([text for text in texts if text], notes)
    if not texts and title:
        title, texts = "", [title]
    if not texts:
        what = f"The file {filename!r}" if filename else "The article"
        raise ArticleInputError(f"{what} has no readable text after cleaning.")
    return Article(
        title=title,
        paragraphs=tuple(texts),
        byline=notes.byline,
        dateline=notes.dateline,
        dateline_region=notes.dateline_region,
        date=notes.date,
        dropped=tuple(notes.dropped),
    )


def clean_article(raw: bytes | str, filename: str | None = None) -> str:
    """The plain text of an article from pasted text or an uploaded file.

    The headline (if the page has one) comes first, then the paragraphs, one per line and
    a blank line apart, without markup, furniture, byline or dateline
    (:func:`read_article` returns those).

    Raises
    ------
    ArticleInputError
        Over 1 MB, binary, an unsupported file type, or no text left after cleaning.

    Example
    -------
    >>> clean_article("# Forum\\n\\nXi met **Putin**.\\n\\nShare this article", "a.md")
    'Forum\\n\\nXi met Putin.'
    """
    return read_article(raw, filename).text
