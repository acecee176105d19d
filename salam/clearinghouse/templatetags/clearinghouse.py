"""Template helpers shared by the clearinghouse pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from salam.core.markup import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """The current address with `page` set to `number`, every other parameter kept."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def facet_url(context: template.Context, name: str, value: str) -> str:
    """The current address with one facet set (or cleared when `value` is empty), on page 1."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if value:
        query[name] = value
    else:
        query.pop(name, None)
    return f"?{query.urlencode()}"


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)
