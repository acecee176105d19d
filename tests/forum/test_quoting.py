from salam.forum.quoting import MAX_QUOTE, quote_markdown


def test_a_quote_is_a_credited_block_quote():
    assert quote_markdown("Farah", "line one\nline two") == (
        "> **Farah** wrote:\n>\n> line one\n> line two\n\n"
    )


def test_long_quotes_are_cut():
    quoted = quote_markdown("Farah", "word " * 1000)
    assert len(quoted) < MAX_QUOTE + 60
    assert quoted.endswith(" …\n\n")
