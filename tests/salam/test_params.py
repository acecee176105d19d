"""Numbers from a query string: malformed input falls back to the default."""

from __future__ import annotations

import pytest

from salam.core.params import int_param


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3), ("-2", -2), ("", 7), (None, 7), ("two", 7), ("1.5", 7), ("0", 0)],
)
def test_it_reads_whole_numbers_and_falls_back_to_the_default(value, expected):
    assert int_param(value, 7) == expected
