"""The HTML report in a real headless browser: Debian's chromium, driven by playwright.

``.ci/run`` installs chromium (``apt-get install chromium``) before the tests; playwright
never downloads a browser of its own here. A missing browser is a failure, not a skip.

``BANSOS_VALIDATE_REPORT=path/to/laporan.html`` makes ``test_demo_report_opens`` check
that file (``.ci/run`` points it at the report of the README's demo command); otherwise
the test runs ``bansos-validate demo`` itself.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from bansos_validate.cli._app import app

if TYPE_CHECKING:
    from .conftest import Run

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PNG = b"\x89PNG\r\n\x1a\n"


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("chromium is not installed: apt-get install chromium (.ci/run does it)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=_chromium(), args=FLAGS, headless=True)
        yield launched
        launched.close()


def _open(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    """Open *path*; return the page, console errors/page errors and every URL requested."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page, errors, requests


def _check_page(page: Any, errors: list[str], requests: list[str], shot: Path) -> None:
    assert errors == []
    assert requests, "the page itself is a request"
    assert all(url.startswith("file://") for url in requests), requests  # no network
    charts = page.locator("svg.chart")
    assert charts.count() >= 5
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 10
    bars = page.locator("svg.chart rect")
    assert bars.count() > 10
    widths = [float(bars.nth(i).get_attribute("width") or 0) for i in range(bars.count())]
    assert max(widths) > 100
    indonesian, english = page.locator("#summary h2 .l-id"), page.locator("#summary h2 .l-en")
    assert indonesian.inner_text() == "Ringkasan"
    assert indonesian.is_visible()
    assert not english.is_visible()
    # how the files were read: linked from the navigation, one card per input
    read_id, read_en = page.locator("#manifest h2 .l-id"), page.locator("#manifest h2 .l-en")
    assert page.locator('nav a[href="#manifest"]').is_visible()
    assert read_id.is_visible()
    assert read_id.inner_text() == "Cara berkas dibaca"
    sources = page.locator("#manifest .source")
    assert sources.count() >= 1
    box = sources.first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 50
    page.click("button[data-set-lang=en]")
    assert english.is_visible()
    assert english.inner_text() == "Summary"
    assert not indonesian.is_visible()
    assert read_en.is_visible()
    assert read_en.inner_text() == "How the files were read"
    assert not read_id.is_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    rows = page.locator("#findings tbody tr")
    total = rows.count()
    assert total > 0
    page.fill("#filter", "zz-no-such-text")
    assert page.locator("#findings tbody tr:visible").count() == 0
    page.fill("#filter", "")
    assert page.locator("#findings tbody tr:visible").count() == total
    assert errors == []
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(PNG)
    assert len(data) > 20_000


def test_report_renders_in_headless_chromium(browser: Any, run: Run, tmp_path: Path) -> None:
    written = run.report.write(tmp_path, formats=("html",))
    page, errors, requests = _open(browser, written["html"])
    _check_page(page, errors, requests, tmp_path / "report.png")
    page.close()


def test_demo_report_opens(browser: Any, tmp_path: Path) -> None:
    given = os.environ.get("BANSOS_VALIDATE_REPORT")
    if given:
        path = Path(given)
    else:
        result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path), "--households", "400"])
        assert result.exit_code == 0, result.stderr
        path = tmp_path / "laporan.html"
    page, errors, requests = _open(browser, path)
    _check_page(page, errors, requests, tmp_path / "demo.png")
    assert page.locator("#eligibility svg.chart").count() == 2
    assert page.locator("#overlaps svg.chart").count() == 2
    page.close()
