"""The front-end contract (linter.types.Extracted), checked the same way for every format."""


def check_contract(source: str, e, collapses_whitespace: bool = False):
    """Every character of the text is copied, decoded, normalised or inserted; offsets are sane."""
    text, offs = e.text, e.offsets
    assert len(offs) == len(text) + 1
    assert all(a <= b for a, b in zip(offs, offs[1:]))
    assert all(0 <= o < len(source) for o in offs[:-1]) and 0 <= offs[-1] <= len(source)
    assert "\r" not in text and "\n\n\n" not in text
    if collapses_whitespace:
        assert "  " not in text
    assert text == text.strip(" \n")
    inserted = {i + k for sep in ("\n\n", " | ") for i in _find_all(text, sep) for k in range(len(sep))}
    for i, ch in enumerate(text):
        src = source[offs[i]]
        ok = (
            src == ch
            or src == "&"  # a decoded entity
            or i in inserted
            or ch == "\n"  # a line break: "\r", "\r\n" or an HTML break tag
            or (collapses_whitespace and ch == " " and src in " \t\r\n\f")
        )
        assert ok, (i, ch, source[offs[i] : offs[i] + 10])
    for h in e.headings:
        assert 0 <= h.start < h.end <= len(text) and "\n\n" not in text[h.start : h.end]
    for c in e.comments:
        assert source.startswith("<!--", c.start) and c.start < c.end <= len(source)
    return e


def _find_all(text, sep):
    i = text.find(sep)
    while i >= 0:
        yield i
        i = text.find(sep, i + 1)


def titles(e):
    return [(e.text[h.start : h.end], h.level) for h in e.headings]
