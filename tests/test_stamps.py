"""A rulebook unchanged since a run hashed it is not read again (``linter.stamps``), and any
rewrite of it, however quick and whatever its size and modification time, is read and used."""
import os
import time
from pathlib import Path

import pytest

from linter import pipes, rulebook, stamps

from test_rule_authoring import OWN  # a valid team rulebook of one rule


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("PRIVACYLINT_CACHE_DIR", str(folder))
    return folder / "privacylint"


def _reads(monkeypatch, path: Path) -> list:
    # spy on the one call every rulebook read goes through (a plain file or a named pipe)
    seen, real = [], pipes.open_read

    def open_read(target):
        if Path(target) == path:
            seen.append(target)
        return real(target)

    monkeypatch.setattr(pipes, "open_read", open_read)
    return seen


def _message(rules) -> str:
    (c,) = rules
    return c.rule.message


def _settled(monkeypatch, seconds: float = 10.0):
    """Pretend the files were last changed ``seconds`` before now."""
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + int(seconds * 1e9))


def test_a_settled_rulebook_is_read_once_then_known_by_its_stamps(cache, tmp_path, monkeypatch):
    own = tmp_path / "own.yaml"
    own.write_text(OWN, encoding="utf-8")
    _settled(monkeypatch)
    seen = _reads(monkeypatch, own)
    first = rulebook.load([own], bundled=False)
    assert len(seen) == 1 and (cache / stamps.NAME).is_file()
    again = rulebook.load([own], bundled=False)
    assert len(seen) == 1  # not read again
    assert _message(again) == _message(first)


def test_a_rewrite_of_the_same_size_and_modification_time_is_read(cache, tmp_path, monkeypatch):
    own = tmp_path / "own.yaml"
    own.write_text(OWN, encoding="utf-8")
    _settled(monkeypatch)
    assert "Acme EU" in _message(rulebook.load([own], bundled=False))
    before = os.stat(own)
    time.sleep(0.05)  # beyond the timestamp granularity: the rewrite gets a later change time
    own.write_text(OWN.replace("Acme EU B.V.", "Acme NL B.V."), encoding="utf-8")
    os.utime(own, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or `tar` leave it
    assert os.stat(own).st_size == before.st_size
    assert "Acme NL" in _message(rulebook.load([own], bundled=False))


def test_a_file_changed_just_now_is_not_remembered(cache, tmp_path, monkeypatch):
    # a second write within the same clock tick would keep its stamp: it is hashed each run
    own = tmp_path / "own.yaml"
    own.write_text(OWN, encoding="utf-8")
    seen = _reads(monkeypatch, own)
    rulebook.load([own], bundled=False)
    rulebook.load([own], bundled=False)
    assert len(seen) == 2
    assert not (cache / stamps.NAME).exists()


def test_a_damaged_stamps_file_is_ignored_and_rewritten(cache, tmp_path, monkeypatch):
    own = tmp_path / "own.yaml"
    own.write_text(OWN, encoding="utf-8")
    _settled(monkeypatch)
    cache.mkdir(parents=True)
    (cache / stamps.NAME).write_bytes(b"PLC2 not what was sealed")
    assert "Acme EU" in _message(rulebook.load([own], bundled=False))
    key, settled = stamps.key_of([rulebook.schema_path(), own])
    assert settled and any(k.endswith(key) for k in stamps._load(cache))


def test_a_deleted_rulebook_is_an_error_even_when_its_stamps_are_known(cache, tmp_path, monkeypatch):
    own = tmp_path / "own.yaml"
    own.write_text(OWN, encoding="utf-8")
    _settled(monkeypatch)
    rulebook.load([own], bundled=False)
    own.unlink()
    with pytest.raises(rulebook.UserError, match="cannot read rulebook"):
        rulebook.load([own], bundled=False)


def test_the_stamps_kept_are_bounded(cache):
    for i in range(stamps.KEEP + 5):
        stamps.record(cache, f"key{i}", f"digest{i}")
    known = stamps._load(cache)
    assert len(known) == stamps.KEEP
    assert "key0" not in known and known[f"key{stamps.KEEP + 4}"] == f"digest{stamps.KEEP + 4}"
