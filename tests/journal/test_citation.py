import datetime as dt

from salam.journal.citation import citation


def test_the_citation_line_names_author_year_title_journal_language_and_address():
    line = citation(
        author="Farah ",
        published=dt.date(2026, 3, 1),
        title="Language buddies.",
        language="ar",
        url="https://salam.example/journal/buddies/",
    )
    assert line == (
        "Farah (2026). Language buddies. Salam Journal of Migration and Integration [ar]. "
        "https://salam.example/journal/buddies/"
    )
