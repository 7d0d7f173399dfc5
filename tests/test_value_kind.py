"""The ``value`` kind: dates read from the evidence and compared with the run date."""
import datetime as dt

import pytest

import linter
from linter.errors import UserError
from linter.kinds import value

D = dt.date


@pytest.mark.parametrize("text,want", [
    ("Last updated: 17 August 2020", D(2020, 8, 17)),
    ("Last Modified: November 16, 2017.", D(2017, 11, 16)),
    ("lastmod: 2026-07-06", D(2026, 7, 6)),
    ("[I]2016 Oct 23[/I]", D(2016, 10, 23)),
    ("Last Revised: April 2019", D(2019, 4, 30)),           # open day: end of month
    ("Last updated: 04/09/2025", D(2025, 9, 4)),            # reads both ways: the later reading
    ("Last updated: 13/09/2025", D(2025, 9, 13)),           # only one reading
    ("Stand: 16.11.2017", D(2017, 11, 16)),                 # dotted: day first
    ("Effective 1st of March, 2024", D(2024, 3, 1)),
    ("Updated 2/3/24", D(2024, 3, 2)),
])
def test_parse_date(text, want):
    got = value.parse_date(text)
    assert got is not None and got[0] == want


@pytest.mark.parametrize("text", ["Last updated: [DATE]", "Version 2.3 of 31 files", "Feb 30, 2020"])
def test_parse_date_none(text):
    assert value.parse_date(text) is None


def test_today_from_environment(monkeypatch):
    monkeypatch.setenv(value.TODAY_ENV, "2030-01-15")
    assert value.today() == D(2030, 1, 15)
    monkeypatch.delenv(value.TODAY_ENV)
    assert value.today() == D.today()


@pytest.mark.parametrize("bad", ["not a date", "yesterday", "2027-02-30"])
def test_malformed_run_date_is_an_error_not_today(monkeypatch, bad):
    monkeypatch.setenv(value.TODAY_ENV, bad)
    with pytest.raises(UserError, match="PRIVACYLINT_TODAY: not a date"):
        value.today()


def _rule():
    (c,) = [c for c in linter.load_rules() if c.rule.id == "general/last-updated-age"]
    return c


@pytest.mark.parametrize("today,status", [("2021-08-16", "present"), ("2021-08-18", "weak")])
def test_age_is_compared_with_run_date(monkeypatch, today, status):
    monkeypatch.setenv(value.TODAY_ENV, today)
    result = linter.lint_text("Privacy Policy\n\nLast updated: 17 August 2020\n\nWe collect little.",
                              "p.txt", rules=[_rule()])
    (req,) = result.requirements
    assert req.status == status
    assert req.position.line == 3 and "17 August 2020" in req.evidence
    if status == "weak":
        (f,) = result.findings
        # the policy's date, not the run's: the message is the same whichever day it runs (B12)
        assert f.severity == "warning" and "2020-08-17" in f.message and "2021-08-18" not in f.message


def test_no_date_is_not_applicable(monkeypatch):
    monkeypatch.setenv(value.TODAY_ENV, "2026-11-01")
    result = linter.lint_text("We may change this policy.", "p.txt", rules=[_rule()])
    assert result.requirements[0].status == "not-applicable" and not result.findings
