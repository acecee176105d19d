"""A selector's missing row becomes a 404."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from salam.core.http import or_404


@pytest.mark.django_db
def test_a_missing_row_is_a_404():
    with pytest.raises(Http404):
        or_404(lambda: get_user_model().objects.get(pk=-1))


def test_a_found_value_is_returned_as_it_is():
    found = object()
    assert or_404(lambda: found) is found
