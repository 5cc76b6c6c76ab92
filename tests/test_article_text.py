"""Reading what a reader pastes or uploads: limits, markup, furniture, headline, byline."""

from __future__ import annotations

import time

import pytest

from explainers.text.article import (
    MAX_BYTES,
    RULES,
    ArticleInputError,
    clean_article,
    decode_article,
    is_furniture,
    read_article,
)
from tests.pages.pageset import PAGES_DIR, load_pages, observe, problems

PAGE = """<!doctype html><html><head><title>Forum</title>
<script>window.track = 1;</script><style>p { color: red }</style></head>
<body><nav>Home | World | China</nav>
<article><h1>Xi and Putin meet at the forum</h1>
<p>Xi Jinping met Vladimir Putin in Beijing on Sunday, and the two leaders promised
closer ties between China and Russia whatever happens in the world.</p>
<div class="ad">Advertisement</div>
<p>Share this article</p>
<p>Putin said the forum came at a good time for the global economy, according to a
statement released by the Kremlin after the talks.</p></article>
<footer>Sign up for our newsletter</footer></body></html>"""


def test_html_page_keeps_the_story_and_drops_furniture():
    text = clean_article(PAGE.encode(), "story.html")
    assert "Xi Jinping met Vladimir Putin in Beijing" in text
    assert "the Kremlin after the talks" in text
    for furniture in ("Advertisement", "Share this article", "Sign up", "track", "color"):
        assert furniture not in text
    assert "<" not in text


def test_short_html_fragment_falls_back_to_lxml():
    assert clean_article(b"<p>Xi met Putin.</p><p>Advertisement</p>", "a.html") == "Xi met Putin."


def test_pasted_html_is_recognised_without_a_filename():
    assert clean_article("<script>alert(1)</script><p>Hi &amp; <b>bye</b></p>") == "Hi & bye"


def test_markdown_loses_its_syntax():
    raw = "# Forum\n\nXi met **Putin** in [Beijing](https://example.org).\n\nShare this article"
    assert clean_article(raw, "a.md") == "Forum\n\nXi met Putin in Beijing."


def test_markdown_raw_html_is_not_passed_through():
    assert "<script>" not in clean_article("Hi <script>x()</script>", "a.md")


def test_plain_text_keeps_paragraphs_and_joins_their_lines():
    raw = "Para one\nstill one.\r\n\n\n\nAdvertisement\n\nPara two."
    assert clean_article(raw, "a.txt") == "Para one still one.\n\nPara two."


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Advertisement", True),
        ("ADVERTISEMENT", True),
        ("Share this article", True),
        ("Sign up for our newsletter", True),
        ("Read more:", True),
        ("© 2017 South China Morning Post", True),
        ("Xi met Putin.", False),
        ("Advertisement revenue fell at Chinese papers this year, the report said.", False),
        ("", False),
    ],
)
def test_is_furniture(line, furniture):
    assert is_furniture(line) is furniture


def test_windows_1252_bytes_are_read():
    assert clean_article("Türkiye’s port".encode("cp1252"), "a.txt") == "Türkiye’s port"


def test_utf8_bom_is_dropped():
    assert decode_article("\ufeffXi".encode()) == "Xi"


@pytest.mark.parametrize("raw", [b"x" * (MAX_BYTES + 1), "x" * (MAX_BYTES + 1)])
def test_over_one_megabyte_is_refused_with_the_limit(raw):
    with pytest.raises(ArticleInputError, match=r"limit is 1 MB \(1,000,000 bytes\)"):
        clean_article(raw, "big.txt")


def test_exactly_one_megabyte_is_accepted():
    assert clean_article(b"x" * MAX_BYTES, "a.txt")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"%PDF-1.4\n...", "looks like a PDF document"),
        (b"PK\x03\x04rest", "ZIP archive"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"text\x00with\x00nuls", "binary"),
        (bytes(range(1, 32)) * 10, "binary"),
    ],
)
def test_binary_is_refused_with_a_reason(raw, message):
    with pytest.raises(ArticleInputError, match=message):
        clean_article(raw, "upload.txt")


def test_unsupported_suffix_names_the_accepted_ones():
    with pytest.raises(ArticleInputError, match=r"'story.docx' is a \.docx file.*\.txt"):
        clean_article(b"hello", "story.docx")


def test_nothing_left_after_cleaning_is_an_error():
    with pytest.raises(ArticleInputError, match="no readable text"):
        clean_article("Advertisement\n\nShare this article", "a.txt")


def test_error_is_a_value_error():
    assert issubclass(ArticleInputError, ValueError)


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="bytes or str, got int"):
        clean_article(3)  # type: ignore[arg-type]


# ---- the rules table ---------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_matches_its_example_and_keeps_its_look_alike(rule):
    assert rule.example and rule.keeps, f"{rule.name}: give an example and a look-alike"
    assert rule.matches(rule.example), f"{rule.name} misses its own example"
    assert not rule.matches(rule.keeps), f"{rule.name} drops story text: {rule.keeps!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
@pytest.mark.parametrize("fill", [", Ab", " and Ab", " - ab", " | Ab", "; Ab", " / AFP"])
def test_every_rule_answers_at_once_on_a_long_near_miss(rule, fill):
    # Nested repeats in a pattern can take minutes on such a line ("By Jane Doe, ab, ab…").
    words = (rule.example + fill * rule.max_words).split()[: min(rule.max_words, 60) - 1]
    started = time.perf_counter()
    rule.match(" ".join(words) + " zz?")
    assert time.perf_counter() - started < 0.05


def test_rule_names_are_unique():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "line",
    [
        "Share of Chinese loans in Kenya's debt rose to 64 percent.",
        "Print media in Pakistan covered the deal.",
        "Related to this, Laos said it would borrow less.",
        "Read more about the loans in the annual report.",
        "More than 100 countries signed.",
        "By contrast, Vietnam has avoided large loans.",
        "By Friday, Kenya and China had signed.",
        "By Xi Jinping's own account, the forum was a success.",
        "Download speeds in Laos doubled after the cable was laid.",
        "Photos of the signing were released by Xinhua on Tuesday.",
        "Reuters could not verify the figures.",
        "Published reports put the cost at $6bn.",
        "Watch this space, the minister said of the rail plan.",
        "2013",
    ],
)
def test_story_lines_that_look_like_furniture_are_kept(line):
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Photograph: Amina Odhiambo/The Meridian", "photo_credit"),
        ("Workers at the zone near Ain Sokhna, Egypt, on May 12. [Photo/Xinhua]", "photo_caption"),
        ("A train waits at the border in 2023. (Reuters)", "photo_caption"),
        ("Reporting by Li Wei in Beijing; Editing by Tom Hale", "reporting_credit"),
        (
            "Enjoying The Corridor? Sign up to get it in your inbox every Friday.",
            "newsletter_promo",
        ),
        ("Mon 14 Oct 2024 06.00 BST", "timestamp"),
        ("By LI NA in Cairo | China Daily | Updated: 2024-05-14 07:21", "byline"),
        ("Thanks for reading Silk Notes! Subscribe for free to get new posts.", "subscribe_promo"),
        ("CORRIDOR REVIEW 2024 | 7", "page_marker"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "standards_note"),
    ],
)
def test_furniture_lines_are_named_by_their_rule(line, rule):
    story = read_article(f"Port deal signed\n\n{line}\n\nKenya and China signed a deal.")
    assert (rule, line) in story.dropped
    assert story.paragraphs == ("Kenya and China signed a deal.",)


# ---- headline, byline, dateline -----------------------------------------------------------


def test_plain_text_headline_is_a_short_first_line_before_a_blank_line():
    story = read_article("BELT AND ROAD\n\nPort deal signed in Gwadar\n\nPakistan signed it.")
    assert story.title == "Port deal signed in Gwadar"
    assert ("kicker", "BELT AND ROAD") in story.dropped
    assert story.paragraphs == ("Pakistan signed it.",)


@pytest.mark.parametrize(
    "raw",
    [
        "Xi met Putin in Beijing.\n\nKazakhstan joined them.",  # a sentence, not a headline
        "Port deal signed\nPakistan signed it on Monday.",  # no blank line after it
        "Port deal signed",  # nothing below it
    ],
)
def test_without_a_headline_the_title_is_left_to_the_caller(raw):
    assert read_article(raw).title == ""


def test_html_title_drops_the_site_name_and_section():
    page = (
        "<html><head><title>Opinion | Ports and loans - The Meridian</title>"
        '<meta property="og:site_name" content="The Meridian"></head>'
        "<body><p>Kenya borrowed from China to build its railway.</p></body></html>"
    )
    assert read_article(page, "a.html").title == "Ports and loans"


@pytest.mark.parametrize(
    ("lead", "dateline", "region", "rest"),
    [
        ("CAIRO — Egypt said.", "Cairo", "", "Egypt said."),
        ("AKTAU, Kazakhstan, March 3 (Reuters) - A ferry sailed.", "Aktau", "Kazakhstan", "A"),
        ("DAR ES SALAAM (AP) — Tanzania said.", "Dar es Salaam", "", "Tanzania said."),
        ("Beijing, May 14 (Xinhua) -- China said.", "Beijing", "", "China said."),
        ("UPDATE 1 - China said.", "", "", "UPDATE 1 - China said."),
        ("BELT AND ROAD - The forum opened.", "", "", "BELT AND ROAD - The forum opened."),
    ],
)
def test_a_dateline_is_metadata_not_text(lead, dateline, region, rest):
    story = read_article(f"Headline here\n\n{lead}\n\nMore of the story.")
    assert (story.dateline, story.dateline_region) == (dateline, region)
    assert story.paragraphs[0].startswith(rest)


def test_html_byline_and_date_come_from_the_page_structure():
    page = (
        '<html><head><meta property="article:published_time" content="2024-02-20T06:30:00Z">'
        '</head><body><h1>Port deal</h1><p class="byline">By JANE DOE and Li Wei</p>'
        "<p>Kenya borrowed from China to build the railway, officials said.</p></body></html>"
    )
    story = read_article(page, "a.html")
    assert (story.title, story.byline, story.date) == (
        "Port deal",
        "Jane Doe and Li Wei",
        "2024-02-20",
    )


# ---- paragraphs ---------------------------------------------------------------------------


def test_hard_wrapped_text_is_joined_inside_paragraphs_and_split_between_them():
    raw = (
        "Three years ago few shipping analysts in Wellington paid much attention to\n"
        "Chinese port finance in the Pacific. That changed when New\n"
        "Zealand's foreign ministry published its review of state-\n"
        "owned harbour projects.\n"
        "The review counted eleven port projects with Chinese loans or builders\n"
        "since 2015. Most were small: wharves, fuel depots and fishing harbours.\n"
        "Two were large.\n"
    )
    paragraphs = read_article(raw, "a.txt").paragraphs
    assert len(paragraphs) == 2
    assert "New Zealand's foreign ministry" in paragraphs[0]
    assert "state-owned harbour" in paragraphs[0]


def test_one_paragraph_per_line_stays_so():
    raw = "Xi met Putin in Beijing on Sunday.\nKazakhstan's president joined them later."
    assert len(read_article(raw).paragraphs) == 2


def test_a_pull_quote_repeated_in_the_story_is_dropped_once():
    lead = "The railway from China to Vientiane has changed how Laos moves goods."
    pull = "“We did not build a railway, we built a debt”"
    quote = "“We did not build a railway, we built a debt,” said an economist in Vientiane."
    story = read_article("\n\n".join([lead, pull, quote]), "a.txt")
    assert story.paragraphs == (lead, quote)
    assert ("pull_quote", pull) in story.dropped


def test_a_class_that_marks_furniture_drops_its_element_but_never_the_story():
    page = (
        "<html><body><article class='post tag-china author-jane'>"
        "<h1>Port deal</h1><div class='newsletter-promo'><p>Get our briefing</p></div>"
        "<p>Kenya borrowed from China to build the railway to Naivasha, officials said "
        "on Monday, and the second loan is still being negotiated in Beijing.</p>"
        "</article></body></html>"
    )
    story = read_article(page, "a.html")
    assert story.paragraphs == (
        "Kenya borrowed from China to build the railway to Naivasha, officials said on "
        "Monday, and the second loan is still being negotiated in Beijing.",
    )


def test_a_related_heading_takes_its_list_and_a_byline_block_gives_the_byline():
    page = (
        "<html><body><article><h1>Kenya railway: lenders balk</h1>"
        "<div data-component='byline-block'><p>By Wanjiru Kamau</p><p>Reporter, Nairobi</p></div>"
        "<p>Chinese lenders have declined to fund the next stretch of Kenya's railway, "
        "according to officials in Nairobi, who had hoped to reach Uganda by 2027.</p>"
        "<section><h2>Related Topics</h2><ul><li>Kenya</li><li>China</li></ul></section>"
        "</article></body></html>"
    )
    story = read_article(page, "a.html")
    assert story.byline == "Wanjiru Kamau"
    assert story.paragraphs == (
        "Chinese lenders have declined to fund the next stretch of Kenya's railway, according "
        "to officials in Nairobi, who had hoped to reach Uganda by 2027.",
    )


# ---- the page set: invented stories laid out as news pages ---------------------------------


@pytest.mark.parametrize("page", load_pages(), ids=lambda page: page.name)
def test_a_news_page_gives_its_headline_passages_and_metadata(page):
    found = problems(page, observe(page))
    assert not found["title"] + found["passages"] + found["metadata"]


def test_the_page_set_is_big_enough_and_every_page_has_expectations():
    names = {page.name for page in load_pages()}
    suffixes = (".txt", ".md", ".html")
    files = {p.name for p in PAGES_DIR.iterdir() if p.suffix in suffixes and p.name != "README.md"}
    assert len(names) >= 15
    assert names == files


# ---- a web page pasted whole ------------------------------------------------------------

PASTED_PAGE = """Home › World

Get more with myNEWS

A personalised news feed of stories that matter to you

Learn more

Kenya signs new rail deal with China

FILE - A train leaves Mombasa station in 2017. (AP Photo/Khalil Senosi, File)

Post

NAIROBI, Kenya (AP) - Kenya signed a new loan deal with China on Monday, officials said.

Learn more about the deal, the minister told reporters at a briefing in the capital.

File photos show empty carriages. Post offices on the route closed in 2019.

FILE PHOTO: A cargo train is seen in Nairobi, Kenya, May 30, 2017. REUTERS/Thomas Mukoya/File Photo

Photo: AFP

Share

Tweet

The line reached Naivasha in 2019; talks on a link to Uganda have stalled."""


def test_a_pasted_page_keeps_its_headline_and_drops_promos_share_words_and_captions():
    story = read_article(PASTED_PAGE)
    assert story.title == "Kenya signs new rail deal with China"
    assert (story.dateline, story.dateline_region) == ("Nairobi", "Kenya")
    assert story.paragraphs == (
        "Kenya signed a new loan deal with China on Monday, officials said.",
        "Learn more about the deal, the minister told reporters at a briefing in the capital.",
        "File photos show empty carriages. Post offices on the route closed in 2019.",
        "The line reached Naivasha in 2019; talks on a link to Uganda have stalled.",
    )
    dropped = {rule for rule, _ in story.dropped}
    assert {"site_promo", "file_caption", "share_label", "photo_credit"} <= dropped


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Get more with myNEWS", "site_promo"),
        ("Learn more", "site_promo"),
        ("Find out more", "site_promo"),
        ("Your personalised feed of Asia's biggest stories", "site_promo"),
        ("Post", "share_label"),
        ("Share · Post", "share_label"),
        ("FILE - Trucks queue at the Torkham crossing on June 2, 2023.", "file_caption"),
        (
            "FILE PHOTO: The port of Gwadar, Pakistan, Nov. 13, 2016. REUTERS/Caren Firouz",
            "file_caption",
        ),
        ("File photo: Laos' president at the opening of the line in 2021", "file_caption"),
        ("(Reuters)", "agency_tag"),
    ],
)
def test_page_furniture_around_a_story_is_named_by_its_rule(line, rule):
    story = read_article(f"Port deal signed\n\n{line}\n\nKenya and China signed a deal.")
    assert (rule, line) in story.dropped
    assert story.paragraphs == ("Kenya and China signed a deal.",)


@pytest.mark.parametrize(
    "line",
    [
        "File photos of the line show empty carriages, the audit said.",
        "Filed in March, the lawsuit names the China Road and Bridge Corporation.",
        "Post-war Sri Lanka borrowed heavily to build the port.",
        "Post offices along the route closed in 2019.",
        "Learn more, she said: that was the lesson Laos took from the loans.",
        '"Learn more about the terms before you sign," the IMF told Zambia.',
        "Get more with less, the port's chief told the Kenyan board.",
        "Stories that matter to Kenyans rarely make the front page, the editor said.",
    ],
)
def test_story_sentences_like_page_furniture_are_kept(line):
    assert not is_furniture(line)
    story = read_article(f"Port deal signed\n\n{line}\n\nKenya and China signed a deal.")
    assert line in story.paragraphs
