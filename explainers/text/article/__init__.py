"""Turn what a reader pastes or uploads into the headline, byline and paragraphs of a story.

"Bring your own article" accepts a .txt, .md or .html file, or pasted text. This package
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

from explainers.text.article.decode import SUFFIXES, Format, decode_article
from explainers.text.article.limits import MAX_BYTES, MAX_SIZE_SHOWN, ArticleInputError
from explainers.text.article.model import Article
from explainers.text.article.read import clean_article, read_article
from explainers.text.article.rules import RULES, Rule, Where, is_furniture
from explainers.text.article.web_page import FURNITURE_CLASS_WORDS, FURNITURE_TAGS, parse_html

__all__ = [
    "FURNITURE_CLASS_WORDS",
    "FURNITURE_TAGS",
    "MAX_BYTES",
    "MAX_SIZE_SHOWN",
    "RULES",
    "SUFFIXES",
    "Article",
    "ArticleInputError",
    "Format",
    "Rule",
    "Where",
    "clean_article",
    "decode_article",
    "is_furniture",
    "parse_html",
    "read_article",
]
