"""Helpers for the report-format tests: run the CLI on files, read an HTML report back."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from linter.sourcemap import LineIndex

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".md", ".txt", ".html"))
VOID = {"meta", "input", "br", "img", "hr", "link", "rect", "col", "wbr", "source"}


def run(args, cwd=ROOT, env=None, stdin=None) -> subprocess.CompletedProcess:
    """``privacylint ARGS`` in a fresh process (own hash seed, own environment)."""
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, env=full, input=stdin,
                          capture_output=True, text=True, encoding="utf-8")


def report(fmt: str, paths, *extra, cwd=ROOT, env=None) -> str:
    done = run(["check", "--isolated", "--format", fmt, *extra, *map(str, paths)], cwd=cwd, env=env)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def json_report(paths, *extra, cwd=ROOT) -> dict:
    return json.loads(report("json", paths, *extra, cwd=cwd))


def stored_lines(path: Path) -> list[str]:
    """A file's lines as stored, split where the linter counts lines (CRLF, CR or LF)."""
    text = path.read_bytes().decode("utf-8")
    text = text[1:] if text.startswith("\ufeff") else text
    index = LineIndex(text)
    lines = [text[a:index.line_bounds(a)[1]] for a in index.starts]
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag=None, cls=None):
        for c in self.children:
            if isinstance(c, Node):
                if (tag is None or c.tag == tag) and (cls is None or cls in c.attrs.get("class", "").split()):
                    yield c
                yield from c.find_all(tag, cls)

    def find(self, tag=None, cls=None):
        return next(self.find_all(tag, cls), None)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.ids: dict[str, Node] = {}

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if "id" in node.attrs:
            assert node.attrs["id"] not in self.ids, f"duplicate id {node.attrs['id']}"
            self.ids[node.attrs["id"]] = node
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.cur = self.cur.parent

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>"
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(html: str) -> _Builder:
    """The report as a tree; fails on a duplicate id or a mis-nested tag."""
    b = _Builder()
    b.feed(html)
    b.close()
    assert b.cur is b.root, f"<{b.cur.tag}> is never closed"
    return b
