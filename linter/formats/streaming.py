"""Pieces the streamed formats share: JSON written a part at a time, and a spool on disk.

A streamed format writes each file's part as the file is done and keeps only small totals;
what it can only place once the run is over (SARIF's rule list comes before its results, the
quiet text's threshold depends on every file's configuration) waits in a ``Spool``, a
temporary file of JSON lines, rather than in memory.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring as _string  # the C function where there is one

_MARK = "\x00privacylint-items\x00"  # stands in for a list's items; no report holds a NUL


def dumps_at(obj, depth: int) -> str:
    """``obj`` as ``json.dumps(indent=2, ensure_ascii=False)`` writes it ``depth`` levels down
    in a document.

    With an indent, ``json`` encodes in Python, a generator step per value; reports are dicts
    and lists of strings, numbers, booleans and None, written here by one recursive function
    with the C string encoder (``tests/test_streaming.py`` holds it to ``json.dumps``)."""
    out: list[str] = []
    try:
        _encode(obj, "\n" + "  " * depth, out.append)
    except _Unusual:  # a value of another type, or a key that is not a string: json's own way
        text = json.dumps(obj, indent=2, ensure_ascii=False)
        return text.replace("\n", "\n" + "  " * depth)  # strings hold no raw line breaks
    return "".join(out)


class _Unusual(Exception):
    pass


def _encode(o, nl: str, out) -> None:
    if type(o) is str:
        out(_string(o))
    elif o is None:
        out("null")
    elif o is True:
        out("true")
    elif o is False:
        out("false")
    elif type(o) is int:
        out(int.__repr__(o))
    elif type(o) is dict:
        if not o:
            out("{}")
            return
        inner, sep = nl + "  ", "{"
        for k, v in o.items():
            if type(k) is not str:
                raise _Unusual
            out(sep + inner + _string(k) + ": ")
            _encode(v, inner, out)
            sep = ","
        out(nl + "}")
    elif type(o) is list or type(o) is tuple:
        if not o:
            out("[]")
            return
        inner, sep = nl + "  ", "["
        for v in o:
            out(sep + inner)
            _encode(v, inner, out)
            sep = ","
        out(nl + "]")
    else:  # floats (NaN, Infinity), subclasses: rare in a report
        raise _Unusual


def write_with_items(write, doc: dict, items) -> None:
    """Write ``json.dumps(doc, indent=2)`` plus a newline, where the one list in ``doc`` that
    is ``items_here()`` holds ``items`` instead, written one at a time as they are made."""
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    at = text.index(json.dumps(_MARK))
    head, indent = text[:at].rsplit("\n", 1)  # head ends with the list's "["
    tail = text[at + len(json.dumps(_MARK)):]  # "\n" + indent of "]", then the rest
    write(head)
    first = True
    for item in items:
        write(("\n" if first else ",\n") + indent + dumps_at(item, len(indent) // 2))
        first = False
    write(tail[tail.index("]"):] if first else tail)  # no items: "[]" as json.dumps has it


def items_here() -> list:
    """The placeholder list for ``write_with_items``."""
    return [_MARK]


class _OnDisk:
    """A temporary file of values, closed (and so removed) with the ``with`` block."""

    def __init__(self, text: bool):
        import tempfile  # (not at import: the JSON format uses this module without a spool)

        self._file = (tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") if text
                      else tempfile.TemporaryFile())

    def close(self) -> None:
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Spool(_OnDisk):
    """Values kept on disk, one JSON line each, to be read back once in the order added."""

    def __init__(self):
        super().__init__(text=True)

    def add(self, value) -> None:
        self._file.write(json.dumps(value) + "\n")  # ASCII: any string survives the trip

    def __iter__(self):
        self._file.seek(0)
        for line in self._file:
            yield json.loads(line)


class Kept(_OnDisk):
    """Values kept on disk (pickled: results as they are), read back in the order added, as
    often as needed."""

    def __init__(self):
        super().__init__(text=False)
        self.count = 0

    def add(self, value) -> None:
        import pickle

        pickle.dump(value, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self):
        import pickle

        self._file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._file)
