"""A long text lower-cased and folded a piece at a time reads exactly as done in one go."""
import pytest

from linter import longtext, structure

# final sigmas, letters that lower-case to two characters, line-break runs of every length
SAMPLES = [
    "ΟΔΟΣ ΣΟΦΟΣ ΌΣΟΣ\n\nΣ Σ. ΣΑΣ\nİSTANBUL İ ẞ ÀÉÎ\n\n\nWe DO NOT sell\ndata.\n \nNext  ",
    "word " * 50 + "ΛΟΓΟΣ" * 20 + "\n" * 7 + " ΑΣ" * 40,
    "no spaces at all: ΣΣΣΣΣΣΣΣΣΣ\n\nΣΣΣΣ\nΣΣ",
    " leading space ΟΣ\n",
]


@pytest.mark.parametrize("size", [1, 3, 7, 64])
@pytest.mark.parametrize("text", SAMPLES)
def test_pieces_join_to_the_text_and_each_later_one_starts_at_a_space(text, size):
    parts = list(longtext.pieces(text, size))
    assert "".join(parts) == text
    assert all(p.startswith(" ") for p in parts[1:])
    assert all(p for p in parts)


@pytest.mark.parametrize("size", [1, 3, 7, 64])
@pytest.mark.parametrize("text", SAMPLES)
def test_lowered_and_folded_by_pieces_equal_one_go(text, size, monkeypatch):
    whole_lower, whole_fold = text.lower(), structure._fold(text)
    monkeypatch.setattr(longtext, "PIECE", size)
    assert longtext.lowered(text) == whole_lower
    assert structure._fold(text) == whole_fold
    assert len(list(longtext.pieces(text))) > 1 or len(text) <= size


def test_a_short_or_ascii_text_is_lowered_in_one_go(monkeypatch):
    monkeypatch.setattr(longtext, "pieces", None)  # would fail if called
    assert longtext.lowered("ΟΔΟΣ") == "οδος"
    monkeypatch.setattr(longtext, "PIECE", 2)
    assert longtext.lowered("ASCII ONLY TEXT") == "ascii only text"
