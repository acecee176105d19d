"""Journal pages: check access through journal.permissions, call one service, render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salam.clearinghouse.errors import ClearinghouseError
from salam.core.http import AuthenticatedHttpRequest, or_404
from salam.core.markup import render_markdown
from salam.core.params import int_param, text_param
from salam.journal import permissions, selectors, services
from salam.journal.citation import citation
from salam.journal.forms import AssignForm, DecisionForm, ReviewForm, ReviseForm, SubmitForm
from salam.journal.models import Article, Review
from salam.people.names import name_of


def _article_for(request: HttpRequest, slug: str) -> Article:
    """The article if this person may see it; a 404 otherwise (never reveal it exists)."""
    article = or_404(lambda: selectors.article_by_slug(slug))
    if not permissions.can_view(request.user, article):
        raise Http404
    return article


def index(request: HttpRequest) -> HttpResponse:
    language = text_param(request.GET.get("language"), max_length=8)
    user = request.user
    context = {
        "articles": selectors.latest_published(language, limit=50),
        "language": language,
        "feed_languages": ["en", "fr", "es", "ar"],
        "is_editor": permissions.is_journal_editor(user),
    }
    if user.is_authenticated:
        context["submissions"] = selectors.submissions_of(user)
        context["my_reviews"] = selectors.reviews_for(user)
    if context["is_editor"]:
        context["desk"] = selectors.desk()
    return render(request, "journal/index.html", context)


def article(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_for(request, slug)
    user = request.user
    own_review = None
    if user.is_authenticated:
        own_review = next(
            (r for r in selectors.own_reviews(article, user) if permissions.can_review(user, r)),
            None,
        )
    is_editor = permissions.is_journal_editor(user)
    named = permissions.sees_reviewer_names(user, article)
    first_assignment = not article.reviews.exists()
    assign_form = None
    if is_editor and article.status in ("submitted", "in-review"):
        assign_form = AssignForm(initial={"anonymous": article.review_is_anonymous})
        if not first_assignment:
            del assign_form.fields["anonymous"]  # fixed with the first reviewer
    context = {
        "article": article,
        "body": render_markdown(article.body),
        "versions": selectors.language_versions(article) if article.is_published else [],
        "history": selectors.history_for(article, named=named)
        if permissions.can_see_history(user, article)
        else None,
        "reviews": selectors.reviews_seen(article, named=named)
        if is_editor or article.author_id == user.pk
        else None,
        "review_form": ReviewForm() if own_review else None,
        "own_review": own_review,
        "assign_form": assign_form,
        "decision_form": DecisionForm() if is_editor and article.status == "in-review" else None,
        "can_resubmit": permissions.can_resubmit(user, article),
    }
    if article.is_published and article.published_at:
        context["citation"] = citation(
            author=name_of(article.author),
            published=article.published_at.date(),
            title=article.title,
            language=article.language,
            url=request.build_absolute_uri(article.get_absolute_url()),
        )
    return render(request, "journal/article.html", context)


def side_by_side(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    article = _article_for(request, slug)
    if not article.is_published:
        raise Http404
    versions = {a.language: a for a in selectors.language_versions(article)}
    other = versions.get(language)
    if other is None or other.pk == article.pk:
        raise Http404
    columns = [(a, render_markdown(a.body)) for a in (article, other)]
    return render(request, "journal/side_by_side.html", {"article": article, "columns": columns})


@login_required
def submit(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {}
    if original := int_param(request.GET.get("translation_of"), None):
        initial["translation_of"] = original
    form = SubmitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.submit_article(author=request.user, **form.cleaned_data)
        except ClearinghouseError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("Thank you: your article is submitted for review."))
            return redirect(article)
    return render(
        request, "clearinghouse/form.html", {"form": form, "title": _("Submit an article")}
    )


@login_required
def revise(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    article = _article_for(request, slug)
    if not permissions.can_resubmit(request.user, article):
        raise PermissionDenied
    form = ReviseForm(request.POST or None, initial=ReviseForm.initial_for(article))
    if request.method == "POST" and form.is_valid():
        try:
            services.resubmit(article, author=request.user, **form.cleaned_data)
        except ClearinghouseError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("Your revision is submitted."))
            return redirect(article)
    return render(
        request, "clearinghouse/form.html", {"form": form, "title": _("Revise the article")}
    )


def _posted(
    request: HttpRequest,
    article: Article,
    form_class: type,
    action: Callable[..., object],
    done: Callable[[dict], str],
) -> HttpResponse:
    """Validate the form, run the step, and say it was done (`done(cleaned_data)`), or why not."""
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the form."))
        return redirect(article)
    try:
        action(**form.cleaned_data)
    except ClearinghouseError as error:
        if error.status == 403:
            raise PermissionDenied(error.detail) from error
        messages.error(request, error.detail)
    else:
        messages.success(request, done(form.cleaned_data))
    return redirect(article)


@require_POST
@login_required
def assign(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    article = _article_for(request, slug)
    first = not article.reviews.exists()
    return _posted(
        request,
        article,
        AssignForm,
        lambda reviewer, anonymous=None: services.assign_reviewer(
            article,
            actor=request.user,
            reviewer=reviewer,
            # the box is on the form only before the first reviewer: absent, keep the mode
            anonymous=anonymous if "anonymous" in request.POST or first else None,
        ),
        lambda data: (
            _("%(name)s is asked to review; they have a notice.")
            % {"name": name_of(data["reviewer"])}
        ),
    )


@require_POST
@login_required
def review(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    article = _article_for(request, slug)
    own = or_404(lambda: selectors.review_of(article, pk))
    return _posted(
        request,
        article,
        ReviewForm,
        lambda recommendation, comments: services.submit_review(
            own, actor=request.user, recommendation=recommendation, comments=comments
        ),
        lambda data: _("Thank you: your review is sent to the editor."),
    )


@require_POST
@login_required
def decide(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    article = _article_for(request, slug)
    return _posted(
        request,
        article,
        DecisionForm,
        lambda decision, note: services.decide(
            article, actor=request.user, decision=decision, note=note
        ),
        lambda data: (
            _("Decision recorded: %(decision)s. The author and the reviewers are told.")
            % {"decision": Review.Recommendation(data["decision"]).label}
        ),
    )
