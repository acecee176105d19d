"""The site's URLs and one view that fails, for the 500 page (tests/salam/test_error_pages.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from salam.urls import urlpatterns as site_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [*site_urlpatterns, path("boom/", boom)]
