"""A rejected match must not hide a good one that starts inside it (non-overlapping scans)."""
import pytest

import linter

RULEBOOK = """rules:
  - id: acme/request-channel
    title: How to send a request
    regulation: general
    citation: "test"
    severity: error
    kind: require
    message: No request channel
    help: Say how to send a request.
    present:
      - all: ['\\b(?:submit|make)\\b[^.]{0,25}\\brequests?\\b', '@']
        within: sentence
    examples:
      present: ["Submit a request to privacy@example.com."]
      missing: ["Make a request."]
"""


def _status(tmp_path, text, name):
    (tmp_path / "r.yaml").write_text(RULEBOOK)
    rules = linter.load_rules([tmp_path / "r.yaml"], bundled=False)
    result = linter.lint_text(text, name, rules=rules)
    (req,) = [r for r in result.requirements if r.rule_id == "acme/request-channel"]
    return req


def test_match_running_on_from_a_heading_does_not_hide_the_next_paragraph(tmp_path):
    # the first pattern's leftmost match runs from "make" in the heading to "request" in the
    # body; its sentence (the heading) has no e-mail, but the body sentence does
    text = "How to make a request\n\nSubmit a request by email to privacy@example.com.\n"
    req = _status(tmp_path, text, "p.txt")
    assert req.status == "present"
    assert req.position.line == 3


def test_rejected_match_still_rejected_when_nothing_better_starts_inside(tmp_path):
    text = "How to make a request\n\nWe answer within a month.\n"
    assert _status(tmp_path, text, "p.txt").status == "missing"


@pytest.mark.parametrize("prefix", ["privacy", "do not sell", "e-mail", "opt-out ", "caf\u00e9",
                                    "do_not", "abc1", "\u00fcber", "x y", "13 years", "right to ",
                                    "\u00b2", "\u0663\u0664"])
def test_whole_words_of_a_prefix_follow_the_word_pattern(prefix):
    import re

    from linter.kinds import match

    match._WHOLE.pop(prefix, None)
    spans = [(m.start(), m[0]) for m in re.finditer(r"\w+", prefix)]
    if spans[0][1] == prefix:
        want = None
    else:
        want = tuple(spans if spans[-1][0] + len(spans[-1][1]) < len(prefix) else spans[:-1])
    assert match._whole_words(prefix) == want
    assert match._whole_words(prefix) == want  # and as kept
