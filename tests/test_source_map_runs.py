"""The run-length source map reads exactly as the per-character list it replaces."""
import random

import pytest

from conftest import CORPUS, ROOT
from linter import source
from linter.sourcemap import SourceMap

EXAMPLES = ROOT / "examples"


def _replay(ops):
    """Apply ``ops`` to a SourceMap and to a plain list; return both."""
    runs, model = SourceMap(), []
    for op, a, b in ops:
        if op == "copied":
            runs.copied(a, b)
            model.extend(range(a, b))
        elif op == "inserted":
            runs.inserted(a, b)
            model.extend([a] * max(b, 0))
        else:
            runs.drop(a)
            del model[max(len(model) - a, 0):]
    return runs, model


def _assert_same(runs, model):
    assert len(runs) == len(model)
    assert list(runs) == model
    assert [runs[i] for i in range(len(model))] == model
    assert [runs[-i] for i in range(1, len(model) + 1)] == [model[-i] for i in range(1, len(model) + 1)]
    assert runs[1:] == model[1:] and runs[:-1] == model[:-1]
    assert runs == model
    for bad in (len(model), -len(model) - 1):
        with pytest.raises(IndexError):
            runs[bad]


@pytest.mark.parametrize("seed", range(40))
def test_random_writes_read_back_as_a_list(seed):
    rnd = random.Random(seed)
    ops, pos = [], 0
    for _ in range(rnd.randrange(1, 60)):
        kind = rnd.choice(["copied", "copied", "inserted", "drop"])
        pos += rnd.choice([0, 0, 1, 1, 2, 5])  # often where the last run left off, or on it
        if kind == "copied":
            n = rnd.choice([0, 1, 1, 2, 7])
            ops.append(("copied", pos, pos + n))
            pos += n
        elif kind == "inserted":
            ops.append(("inserted", max(pos - rnd.choice([0, 1]), 0), rnd.choice([0, 1, 2, 3])))
        else:
            ops.append(("drop", rnd.choice([0, 1, 2, 4, 30]), None))
    _assert_same(*_replay(ops))


def test_runs_merge_where_the_offsets_continue():
    runs, model = _replay([("copied", 0, 5), ("copied", 5, 9), ("inserted", 8, 2), ("inserted", 8, 1),
                           ("copied", 9, 12), ("inserted", 20, 2), ("copied", 20, 21)])
    _assert_same(runs, model)
    assert repr(runs) == "SourceMap(18 characters in 5 runs)"  # 0..8 | 8,8,8 | 9..11 | 20,20 | 20
    one, model = _replay([("copied", 3, 4), ("inserted", 3, 2)])  # a single character can turn flat
    _assert_same(one, model)
    assert repr(one) == "SourceMap(3 characters in 1 runs)"


def test_dropping_back_into_a_run_keeps_its_start():
    runs, model = _replay([("copied", 0, 4), ("inserted", 10, 3), ("drop", 4, None), ("copied", 3, 6)])
    _assert_same(runs, model)
    assert runs == [0, 1, 2, 3, 4, 5]
    empty, model = _replay([("copied", 0, 2), ("drop", 5, None)])
    _assert_same(empty, model)


class _ListMap(list):
    """The per-character list the front ends used to write."""

    def copied(self, start, end):
        self.extend(range(start, end))

    def inserted(self, at, count):
        self.extend([at] * count)

    def drop(self, count):
        del self[max(len(self) - count, 0):]


def _policies():
    yield from sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    if CORPUS.is_dir():  # a user's clone has no corpus: the examples still run
        yield from sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html"))


@pytest.mark.parametrize("path", list(_policies()), ids=lambda p: p.name)
def test_every_front_end_writes_the_map_a_list_would_hold(path, monkeypatch):
    import linter.source.html as html_front
    import linter.source.plain as plain_front

    src = path.read_text(encoding="utf-8", errors="replace")
    extract = source.extractor(source.format_for(str(path), src))
    runs = extract(src).offsets
    assert isinstance(runs, SourceMap)
    monkeypatch.setattr(html_front, "SourceMap", _ListMap)
    monkeypatch.setattr(plain_front, "SourceMap", _ListMap)
    listed = extract(src).offsets
    assert type(listed) is _ListMap and len(listed) > 1
    _assert_same(runs, list(listed))


def test_a_large_policy_map_takes_far_less_than_four_bytes_a_character():
    src = (EXAMPLES / "inmusic-privacy-policy.txt").read_text(encoding="utf-8") * 40
    html = "<html><body>" + "".join(f"<p>{line}</p>\n" for line in src.splitlines() if line) + "</body></html>"
    for fmt, text in (("plain", src), ("html", html)):
        e = source.extractor(fmt)(text)
        assert e.offsets.nbytes < len(e.text) * 0.5, (fmt, e.offsets.nbytes, len(e.text))
