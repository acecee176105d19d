from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from salam.core.params import int_param, text_param
from salam.search import permissions, selectors
from salam.search.models import Document


def search(request: HttpRequest) -> HttpResponse:
    allowed = permissions.searchable_kinds(request.user)
    asked = [text_param(kind) for kind in request.GET.getlist("kind")]
    kinds = [kind for kind in asked if kind in allowed] or allowed
    language = text_param(request.GET.get("language"), max_length=8)
    results = selectors.search_documents(
        text_param(request.GET.get("q")),
        kinds=kinds,
        language=language,
        preferred_language=get_language() or settings.LANGUAGE_CODE,
        page=int_param(request.GET.get("page"), 1),
    )
    suggestion_url = ""
    if results.suggestion:
        again = request.GET.copy()
        again["q"] = results.suggestion
        again.pop("page", None)
        suggestion_url = f"?{again.urlencode()}"
    return render(
        request,
        "search/results.html",
        {
            "results": results,
            "kinds": [(k, label) for k, label in Document.Kind.choices if k in allowed],
            "selected_kinds": kinds if len(kinds) < len(allowed) else [],
            "language": language,
            "language_choices": settings.LANGUAGES,
            "suggestion_url": suggestion_url,
        },
    )
