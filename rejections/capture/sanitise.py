"""A posting's HTML becomes plain text before Reframe keeps it.

Descriptions are stored and shown as plain text (escaped by the templates like every
other field). HTML only arrives from outside: a fetched posting's JSON-LD or the
selection a bookmarklet sends. nh3 (ammonia) parses it as a browser would and keeps a
small set of block tags with no attributes, dropping script and style with their
content; with only those bare tags left, they can be turned into line breaks safely.
"""

from __future__ import annotations

import html
import re

import nh3

DESCRIPTION_MAX_LENGTH = 20000

# Tags whose end starts a new line in the text; everything else is unwrapped.
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
_BLOCK_BOUNDARY = re.compile(r"<\s*(/?)\s*(\w+)\s*/?>")
_MANY_BLANK_LINES = re.compile(r"\n\s*\n(\s*\n)+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _boundary(match: re.Match) -> str:
    closing, tag = match.group(1), match.group(2).lower()
    if tag == "li":
        return "" if closing else "\n• "
    if tag == "br" or closing:
        return "\n"
    return "\n" if tag in {"p", "div", "ul", "ol", "tr"} else ""


def html_to_text(value: str, *, max_length: int = DESCRIPTION_MAX_LENGTH) -> str:
    """Plain text of an HTML fragment: tags and scripts gone, paragraphs kept as lines."""
    if not value:
        return ""
    cleaned = nh3.clean(value, tags=_BLOCK_TAGS, attributes={}, strip_comments=True)
    text = html.unescape(_BLOCK_BOUNDARY.sub(_boundary, cleaned))
    # Entities may spell control characters (&#0; is refused by nh3, &#7; is not).
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\xa0", " ")
    lines = [" ".join(line.split()) if line.strip() else "" for line in text.split("\n")]
    text = _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return text[:max_length].rstrip()


def plain_line(value: str, max_length: int) -> str:
    """One line of text (a company, a role, a location) from HTML or text, cut to fit."""
    text = " ".join(html_to_text(str(value or ""), max_length=max_length * 4).split())
    return text[:max_length].strip()
