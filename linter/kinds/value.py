"""``value``: read a value out of the evidence and check it; so far the one value type is a date.

The rule's ``present`` alternatives locate the evidence exactly as for ``require`` (for a date,
e.g. "Last updated: 3 March 2026").  The first date written in the evidence sentence, from the
match on, is parsed and compared with the run date:

* no evidence, or no readable date in it -> not-applicable (another rule reports a missing date);
* older than ``value.max_age_days``       -> weak, at the evidence, with the date in the note;
* otherwise                               -> present.

The run date is today, or the ISO date in the environment variable ``PRIVACYLINT_TODAY`` (so that
tests and reproducible CI runs do not change verdict as the calendar moves on).
"""
from __future__ import annotations

import datetime as dt

import re

from ..regexcache import Lazy
from .. import rundate
from . import Hit, Outcome
from .match import best, find_any


_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for m in names}
_MONTH = r"(?P<{}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ORD = r"(?:st|nd|rd|th)?"
# Alternatives in the order they are tried at each position; each names its groups.
_DATE = Lazy("|".join([
    r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))\b",
    r"\b" + _MONTH.format("mdy_m") + r" (?P<mdy_d>\d{1,2})" + _ORD + r",? (?P<mdy_y>\d{4})\b",
    r"\b(?P<dmy_d>\d{1,2})" + _ORD + r" (?:of )?" + _MONTH.format("dmy_m") + r",? (?P<dmy_y>\d{4})\b",
    r"\b(?P<ymd_y>\d{4}) " + _MONTH.format("ymd_m") + r" (?P<ymd_d>\d{1,2})\b",
    r"(?<![\d/.])(?P<na>\d{1,2})(?P<sep>[/.])(?P<nb>\d{1,2})(?P=sep)(?P<ny>\d{4}|\d{2})(?![\d/])",
    r"\b" + _MONTH.format("my_m") + r",? (?P<my_y>\d{4})\b",
]), re.IGNORECASE)


TODAY_ENV = rundate.ENV


def today() -> dt.date:
    """The run date (a malformed override is an error, see ``rundate``)."""
    return rundate.today()


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date | None:
    if not 1 <= m <= 12:
        return None
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def parse_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first date written in ``text``: (date, start, end), or None.

    Where the text leaves the day open ("April 2019") the last day of the month is used, and a
    numeric date that reads both ways (04/09/2025) is taken as the later of the two readings, so
    an age check errs on the side of not raising a finding.
    """
    for m in _DATE.finditer(text):
        g = m.groupdict()
        if g["iso"]:
            d = _safe(int(g["iy"]), int(g["im"]), int(g["id"]))
        elif g["mdy_m"]:
            d = _safe(int(g["mdy_y"]), _MONTHS[g["mdy_m"].lower()], int(g["mdy_d"]))
        elif g["dmy_m"]:
            d = _safe(int(g["dmy_y"]), _MONTHS[g["dmy_m"].lower()], int(g["dmy_d"]))
        elif g["ymd_m"]:
            d = _safe(int(g["ymd_y"]), _MONTHS[g["ymd_m"].lower()], int(g["ymd_d"]))
        elif g["na"]:
            a, b, y = int(g["na"]), int(g["nb"]), int(g["ny"])
            y += 2000 if y < 100 else 0
            readings = [x for x in (_safe(y, a, b), _safe(y, b, a)) if x]
            if g["sep"] == "." and _safe(y, b, a):  # 16.11.2017: day first, as in Europe
                readings = [_safe(y, b, a)]
            d = max(readings) if readings else None
        else:
            d = _month_end(int(g["my_y"]), _MONTHS[g["my_m"].lower()])
        if d is not None:
            return d, m.start(), m.end()
    return None


def evaluate(doc, c) -> Outcome:
    spec = c.rule.spec.get("value", {})
    hit = best(doc, find_any(doc, c.present), c.section)
    if hit is None:
        return Outcome("not-applicable", note="no value to check was found")
    _, s_end = doc.unit("sentence", hit.start)
    found = parse_date(doc.match_text[hit.start:max(s_end, hit.end)])
    if found is None:
        return Outcome("not-applicable", note="the date in the evidence could not be read")
    date, a, b = found
    evidence = Hit(hit.start + a, hit.start + b, hit.alt, hit.message, hit.severity)
    run_date = today()
    age = (run_date - date).days
    max_age = spec.get("max_age_days")
    if max_age is not None and age > max_age:
        # The date of the policy, not of the run: the message stays the same from one day to
        # the next, so reports (SARIF alerts above all) do not change while the policy does not.
        note = f"{c.rule.message} (last updated {date.isoformat()})"
        return Outcome("weak", evidence, note)
    return Outcome("present", evidence)
