"""What step 2 sifts each line and block against: the things news pages print around a
story, one named, tested pattern each (:data:`RULES`), and how a line is matched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc) but tab and newline: one regex pass, so a
1 MB paragraph takes milliseconds, not the seconds a per-character test took."""


def _one_line(text: str) -> str:
    """Control characters out, runs of white space as one space."""
    return " ".join(_CONTROLS.sub("", text).split())


def _key(line: str) -> str:
    """The line as the rules see it: one line, without trailing arrows ('Read more ›')."""
    return _one_line(line).rstrip(" ›»→>")


_SENTENCE_END = tuple(".!?\"”’')")


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
