"""Markdown to safe HTML: the one place the journal and the forum turn text into markup.

Markdown itself passes raw HTML through, so its output is never trusted: nh3 (ammonia) keeps
an allow-list of tags and attributes, drops every event handler and `style`, and keeps only
http, https and mailto links. Whatever a person writes, no script reaches a page.
"""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1",
        "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "strong",
        "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTENSIONS = ["extra", "sane_lists", "nl2br"]
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def _drop_odd_urls(tag: str, attribute: str, value: str) -> str | None:
    """Belt and braces over nh3's scheme check: drop a link whose scheme, once every space and
    control character is squeezed out ("jav ascript:"), is not an allowed one."""
    if attribute not in {"href", "src"}:
        return value
    match = _SCHEME.match(_INVISIBLE.sub("", value).lower())
    if match and match.group(1) not in URL_SCHEMES:
        return None
    return value


def render_markdown(text: str) -> SafeString:
    """Render Markdown and sanitise the result; the returned HTML is safe to insert as is."""
    html = markdown.markdown(text or "", extensions=EXTENSIONS, output_format="html")
    return mark_safe(  # noqa: S308 the HTML was just cleaned by nh3's allow-list
        nh3.clean(
            html,
            tags=set(ALLOWED_TAGS),
            clean_content_tags={"script", "style"},
            attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
            link_rel="nofollow noopener noreferrer",
            strip_comments=True,
            attribute_filter=_drop_odd_urls,
        )
    )


_SPACES = re.compile(r"\s+")


def plain_text(text: str) -> str:
    """The words of a Markdown text without its markup (for search and summaries)."""
    return _SPACES.sub(" ", strip_tags(render_markdown(text))).strip()
