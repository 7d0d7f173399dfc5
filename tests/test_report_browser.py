"""The HTML report in a real headless Chromium: it renders, its links land on the right line, a
hostile policy runs no script, and the page is photographed (see tests/browser.py for the driver).

Skipped when no Chromium is installed, unless PRIVACYLINT_REQUIRE_BROWSER is set (``.ci/run``
installs Debian's Chromium and sets it, so CI runs these).  PRIVACYLINT_SCREENSHOTS=DIR keeps
the screenshots.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import browser
from report_helpers import EXAMPLES, ROOT, json_report, report, stored_lines

EXE = browser.find()
if EXE is None and os.environ.get("PRIVACYLINT_REQUIRE_BROWSER"):
    raise RuntimeError("PRIVACYLINT_REQUIRE_BROWSER is set but no Chromium is installed")
pytestmark = pytest.mark.skipif(EXE is None, reason="no Chromium installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def page():
    with browser.Browser(EXE, width=1400, height=1000) as b:
        yield b


@pytest.fixture(scope="module")
def examples_report(tmp_path_factory):
    paths = [p.relative_to(ROOT) for p in EXAMPLES]
    out = tmp_path_factory.mktemp("report") / "report.html"
    out.write_text(report("html", paths), encoding="utf-8")
    return out, json_report(paths)


def keep(path: Path, name: str) -> None:
    folder = os.environ.get("PRIVACYLINT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / name)


def test_the_matrix_renders(page, examples_report):
    path, data = examples_report
    page.open(path.as_uri())
    assert page.js("document.title") == "Privacy policy report: 5 policies"
    rows = page.js("""[...document.querySelectorAll('table.matrix tbody tr')].map(
        tr => [tr.id, tr.className, tr.getBoundingClientRect().height > 0])""")
    expected = [[f"p{i}-{r['id']}", r["status"], True]
                for i, f in enumerate(data["files"], 1) for r in f["requirements"]]
    assert sorted(rows) == sorted(expected)
    # the statuses are drawn in their colours, the evidence highlighted in the text
    colours = page.js("""Object.fromEntries(['present','weak','missing','not-applicable'].map(s =>
        [s, getComputedStyle(document.querySelector('.st-' + s)).backgroundColor]))""")
    assert len(set(colours.values())) == 4
    marked = page.js("""Object.fromEntries([...document.querySelectorAll('#p3 .ln')].map(l => [l.id,
        [...l.querySelectorAll('mark')].map(m => m.textContent).join('')]))""")
    present = [r for r in data["files"][2]["requirements"] if r["status"] == "present" and r["evidence"]]
    assert len(present) > 50  # the compliant example
    for r in present:  # each quote is highlighted on its line in the rendered page
        assert r["evidence"] in marked[f"p3-L{r['line']}"], r["id"]
    # the layout holds: nothing is wider than the window
    assert page.js("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_line_link_jumps_to_that_line(page, examples_report, tmp_path):
    path, data = examples_report
    i, f = 4, data["files"][3]  # the inMusic policy, 230 lines
    assert f["path"].endswith("inmusic-privacy-policy.txt")
    lines = stored_lines(ROOT / f["path"])
    r = next(r for r in f["requirements"] if r["status"] == "present" and r["line"] > 80)
    page.open(path.as_uri())
    page.js(f"""document.getElementById({f'p{i}-' + r['id']!r}).lastElementChild.querySelector('a').click()""")
    got = page.js("""(() => { const t = document.querySelector(':target'); const b = t.getBoundingClientRect();
        return [location.hash, t.id, t.querySelector('code').textContent,
                b.top >= 0 && b.bottom <= innerHeight,
                [...t.querySelectorAll('mark')].map(m => m.textContent).join('')]; })()""")
    assert got[0] == f"#p{i}-L{r['line']}" and got[1] == f"p{i}-L{r['line']}"
    assert got[2] == lines[r["line"] - 1]
    assert got[3], "the target line is scrolled into view"
    assert r["evidence"] in got[4] or got[4] in lines[r["line"] - 1]
    shot = tmp_path / "line.png"
    page.screenshot(str(shot))
    keep(shot, "report-line.png")
    # and a link from outside: report.html#p4-L88 opens at line 88
    page.open(path.as_uri() + f"#p{i}-L88")
    at = page.js("""(() => { const t = document.querySelector(':target'); const b = t.getBoundingClientRect();
        return [t.id, t.querySelector('code').textContent, b.top >= 0 && b.bottom <= innerHeight]; })()""")
    assert at == [f"p{i}-L88", lines[87], True]


HOSTILE = """<html><head><title>x</title><script>window.pwned = 1; document.title = 'pwned'</script></head>
<body><h1>Privacy policy</h1>
<p>We collect your e-mail address.<img src=x onerror="window.pwned=2"></p>
<p>"><script>window.pwned=3</script><svg onload="window.pwned=4"></svg>
<p>You may ask us for a copy of your data.</p></body></html>
"""


def test_a_hostile_policy_runs_no_script(page, tmp_path):
    (tmp_path / "evil.html").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "evil.md").write_text("# Privacy <script>window.pwned=5</script>\n\n<img src=x "
                                      "onerror=window.pwned=6> We collect your name.\n", encoding="utf-8")
    out = tmp_path / "report.html"
    out.write_text(report("html", ["evil.html", "evil.md"], cwd=tmp_path), encoding="utf-8")
    page.open(out.as_uri())
    assert page.js("typeof window.pwned") == "undefined"
    assert page.js("document.title") == "Privacy policy report: 2 policies"
    assert page.js("document.scripts.length + document.images.length") == 0
    assert page.js("document.querySelectorAll('#p1 svg[onload], [onerror]').length") == 0
    shown = page.js("[...document.querySelectorAll('#p1 .ln code')].map(c => c.textContent)")
    assert shown == HOSTILE.rstrip("\n").split("\n")


@pytest.mark.parametrize("width", [1400, 800])
def test_screenshot(page, examples_report, tmp_path, width):
    path, _ = examples_report
    page.call("Emulation.setDeviceMetricsOverride",
              {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    try:
        page.open(path.as_uri() + "#p2")
        assert page.js("document.documentElement.scrollWidth <= window.innerWidth")
        shot = tmp_path / f"report-{width}.png"
        page.screenshot(str(shot))
    finally:
        page.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a page, not a blank
    keep(shot, f"report-{width}.png")
