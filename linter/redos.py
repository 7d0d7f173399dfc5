"""Spot the pattern shape that takes exponential time: a repetition of a repetition.

In ``(a+)+$`` the outer loop can split a run of a's between its turns in exponentially many
ways, and a backtracking engine tries them all before giving up.  The same holds whenever
the body of an unbounded repetition is, apart from parts that may match nothing, itself an
unbounded repetition (``(\\s*\\w+)*``, ``(?:x|y+)+``).  ``validate-rules`` reports such
patterns; at run time a time limit stops any that slip through (see ``patterns``).
"""
from __future__ import annotations

try:
    from re import _constants as C, _parser
except ImportError:  # pragma: no cover - other Pythons: no static check, the time limit stays
    _parser = None

_REPEATS = ("MAX_REPEAT", "MIN_REPEAT")


def _unbounded(op, av) -> bool:
    return str(op) in _REPEATS and av[1] == C.MAXREPEAT


def _nullable(op, av) -> bool:
    name = str(op)
    if name in _REPEATS:
        return av[0] == 0
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return True
    if name == "SUBPATTERN":
        return all(_nullable(o, a) for o, a in av[-1])
    if name == "BRANCH":
        return any(all(_nullable(o, a) for o, a in b) for b in av[1])
    return False


def _is_repeat_of_repeat(body) -> bool:
    """Whether ``body``, less what may match nothing, is an unbounded repetition."""
    items = list(body)
    solid = [(o, a) for o, a in items if not _nullable(o, a)]
    if not solid:  # (a*)*: every part may match nothing, and one of them loops
        return any(_loops(o, a) for o, a in items)
    return len(solid) == 1 and _loops(*solid[0])


def _loops(op, av) -> bool:
    """Whether one item is, or is a group or choice holding, an unbounded repetition."""
    if _unbounded(op, av):
        return True
    if str(op) == "SUBPATTERN":
        return _is_repeat_of_repeat(av[-1])
    if str(op) == "BRANCH":
        return any(_is_repeat_of_repeat(b) for b in av[1])
    return False


def _walk(items):
    for op, av in items:
        name = str(op)
        if name in _REPEATS:
            yield op, av
            yield from _walk(av[2])
        elif name == "SUBPATTERN":
            yield from _walk(av[-1])
        elif name == "BRANCH":
            for b in av[1]:
                yield from _walk(b)
        elif name in ("ASSERT", "ASSERT_NOT"):
            yield from _walk(av[1])
        elif name == "ATOMIC_GROUP":
            continue  # no backtracking into it


def nested_repetition(source: str) -> bool:
    """Whether ``source`` has an unbounded repetition of an unbounded repetition.

    Patterns outside ``re``'s syntax are not checked (False)."""
    if _parser is None:
        return False
    try:
        parsed = _parser.parse(source)
    except Exception:  # re.error, or regex-only syntax
        return False
    return any(_unbounded(op, av) and _is_repeat_of_repeat(av[2]) for op, av in _walk(parsed))
