"""The web pages in a real browser: Debian's Chromium, driven by Playwright, against the
app served by uvicorn on 127.0.0.1. Accessibility is checked with axe-core."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from config import Config
from errors import Failure
from storage import Store
from storage.cycles import Cycles
from storage.sources import Sources
from tests.conftest import NEW, STRICT, publish, serve_provider
from tests.test_web import HOSTILE, sector_config, seed, seed_sector
from vocabulary import FailureKind
from web.app import Web

CHROMIUM = "/usr/bin/chromium"
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
SCREENSHOTS = os.environ.get("OFSTED_WATCH_SCREENSHOTS")  # a folder to keep them in


def _need_chromium() -> None:
    if not shutil.which(CHROMIUM):
        why = f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"
        if os.environ.get(STRICT):
            pytest.fail(f"{why} ({STRICT} is set)")
        pytest.skip(why)


class Served:
    """The web app on a free port of 127.0.0.1, in a thread, as `web` serves it."""

    def __init__(self, config: Config, store: Store):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        app = Web(config, store).app()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_config=None))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One Chromium for the module's tests, started with a fresh profile; each test opens
    pages of its own. Starting it is the most costly step of a browser test."""
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        yield context
        context.close()


@pytest.fixture
def seeded(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/web.db")
    seed(store)
    with Served(Config(), store) as served:
        yield served
    store.close()


class Watched:
    """A page that records every dialog and console error it meets."""

    def __init__(self, context):
        self.page = context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def visit(self, url: str, name: str | None = None):
        answer = self.page.goto(url)
        assert answer is not None and answer.status == 200, url
        if SCREENSHOTS and name:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)
        return self.page


def _accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, bad


def test_every_page_renders_filters_and_search_narrow_and_axe_passes(browser, seeded):
    tab = Watched(browser)
    page = tab.visit(seeded.url + "/", "home")
    assert page.locator("#count").inner_text().startswith("3 publications")
    _accessible(page)
    page.select_option("#type", "ilacs")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("#count").inner_text().startswith("1 publication")
    assert "type=ilacs" in page.url  # the filter is in the URL, to be shared
    page.goto(seeded.url + "/")
    page.fill("#q", "front door")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#count").inner_text().startswith("1 publication")
    page.click("text=Children's services focused visit")
    assert (
        "Croydon's front door praised by Ofsted" in page.content()
        or "front door praised" in page.inner_text("main")
    )
    _accessible(page)
    page = tab.visit(seeded.url + "/publication/50265318", "publication")
    assert page.locator("table.judgements tbody tr").count() == 4
    assert "Leaders know their services well." in page.inner_text("main")
    _accessible(page)
    # A letter says where the authority is on its way back, and what changed since.
    page = tab.visit(seeded.url + "/publication/50300001", "letter")
    assert page.locator("p.journey").inner_text() == "Last judged Good (March 2020); no visit since"
    assert page.locator("section.since h2").inner_text() == "Since the inspection report of March 2020"
    assert page.locator("section.since li").inner_text() == (
        "Neither document's summary gives a concern to compare"
    )
    _accessible(page)
    page = tab.visit(seeded.url + "/authority/80492", "authority")
    assert page.locator("figure.timeline svg").is_visible()
    assert page.locator("figure.timeline svg rect").count() == 1
    _accessible(page)
    for path, name in (("/coverage", "coverage"), ("/status", "status")):
        _accessible(tab.visit(seeded.url + path, name))
    assert tab.dialogs == [] and tab.errors == []
    missing = tab.page.goto(seeded.url + "/publication/nope")  # the browser logs its 404
    assert missing is not None and missing.status == 404
    _accessible(tab.page)


def test_a_hostile_title_appears_as_text_and_no_script_runs(browser, seeded):
    tab = Watched(browser)
    page = tab.visit(seeded.url + "/publication/50066541", "hostile")
    assert HOSTILE in page.inner_text("h1")
    assert page.locator("main img").count() == 0 and page.locator("script").count() == 0
    page = tab.visit(seeded.url + "/")
    assert HOSTILE in page.inner_text("main")
    assert tab.dialogs == [] and tab.errors == []


def test_the_sector_table_filters_by_region_and_name_and_axe_passes(browser, tmp_path):
    store = Store(f"sqlite:///{tmp_path}/sector.db")
    seed(store)
    seed_sector(store)
    with Served(sector_config(tmp_path), store) as served:
        tab = Watched(browser)
        page = tab.visit(served.url + "/sector", "sector")
        assert page.locator("#count").inner_text().startswith("3 of 3 authorities")
        assert page.locator("table.sector tbody tr").count() == 3
        _accessible(page)
        page.select_option("#region", "London")
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert page.locator("table.sector tbody tr").count() == 2 and "region=London" in page.url
        page.fill("#name", "croy")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("table.sector tbody tr").count() == 1
        page.click("text=10 March 2020")
        assert page.locator("table.judgements tbody tr").count() == 4
        tab.page.set_viewport_size({"width": 320, "height": 800})
        page = tab.visit(served.url + "/sector", "sector-narrow")
        # The table scrolls in its own box; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert tab.dialogs == [] and tab.errors == []
    store.close()


def test_readable_at_320_pixels(browser, seeded):
    tab = Watched(browser)
    tab.page.set_viewport_size({"width": 320, "height": 800})
    page = tab.visit(seeded.url + "/publication/50265318", "narrow")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_home_page_lists_a_new_publication_after_a_cycle(browser, workdir, site, croydon_page):
    """Through the real commands: `once`, and `web` with two worker processes."""
    serve_provider(site, croydon_page)
    port = _free_port()
    workdir.write_config(extra=f"[web]\nport = {port}\nworkers = 2")
    assert workdir.cli("once").code == 0
    web = workdir.spawn("web")
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while web.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.1)
        tab = Watched(browser)
        new = f'a[href="/publication/{NEW.file_id}"]'
        assert tab.visit(url + "/").locator(new).count() == 0
        publish(site, croydon_page)
        assert workdir.cli("once").code == 0
        page = tab.visit(url + "/")
        first = page.locator("ol.results li").first
        assert first.locator(new).count() == 1 and "14 November 2026" in first.inner_text()
        assert not tab.errors and not tab.dialogs
    finally:
        web.terminate()
        assert web.wait(timeout=30) == 0, workdir.log("err.log")
    assert "web pages at http://127.0.0.1" in workdir.log() and '"GET / HTTP/1.1" 200' in workdir.log()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_phrase_search_shows_where_it_matched_and_the_page_its_text_at_each_width(browser, seeded, width):
    tab = Watched(browser)
    tab.page.set_viewport_size({"width": width, "height": 900})
    page = tab.visit(seeded.url + '/?q="leaders+know"', f"search-{width}")
    assert page.locator("#count").inner_text().startswith("1 publication")
    assert page.locator(".result mark").first.inner_text() == "Leaders know"
    assert page.locator(".result h2").first.inner_text().startswith("Croydon: ")
    _accessible(page)
    page = tab.visit(seeded.url + "/publication/50265318")
    page.click("details.document-text summary")
    assert "Care leavers need better housing." in page.inner_text("details.document-text")
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"publication-text-{width}.png"), full_page=True)
    _accessible(page)
    for path in ("/", "/publication/50265318", "/status", "/authority/80492"):
        page = tab.visit(seeded.url + path, f"{path.strip('/').split('/')[0] or 'home'}-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    # The journey chart's labels stay readable: it scrolls in its own box instead of shrinking.
    label = page.locator("figure.timeline svg text").first.bounding_box()
    assert label is not None and label["height"] >= 9
    # It opens on its latest years: on a phone the rightmost label is on screen at once.
    latest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('figure.timeline svg text')]"
        ".map(t => t.getBoundingClientRect().right))"
    )
    assert latest <= width
    _accessible(page)
    assert tab.dialogs == [] and tab.errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_why_a_news_story_is_here_reads_at_each_width(browser, seeded, width):
    tab = Watched(browser)
    tab.page.set_viewport_size({"width": width, "height": 900})
    for path, name in (("/coverage", "coverage"), ("/publication/50300001", "coverage-on-letter")):
        page = tab.visit(seeded.url + path, f"{name}-{width}")
        why = page.locator(".why").first
        assert why.is_visible() and "Why this story is here" in why.inner_text()
        assert "<script>alert(1)</script>" in why.locator("blockquote").inner_text()  # as text
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _accessible(page)
    assert tab.dialogs == [] and tab.errors == []


# Each word of the status tables and first line on one line: a word whose rects sit on two
# lines was broken (the Range's rects are one per line box it spans).
_BROKEN_WORDS = """() => {
  const broken = [];
  for (const root of document.querySelectorAll('#summary, table.status td')) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_status_says_what_needs_a_look_first_and_breaks_no_word(browser, tmp_path, width):
    from tests.test_web import failing_croydon

    store = Store(f"sqlite:///{tmp_path}/web.db")
    seed(store)
    Sources(store).record_read("c0", "news:Community Care", "Community Care", ok=True, seen=12)
    Sources(store).record_read("c0", "ofsted:80492", "Croydon", ok=True, seen=9)
    failing_croydon(store)
    Cycles(store).start("c3")
    Cycles(store).finish(
        "c3",
        status="failed",
        counts={"sources": 5, "new": 0, "alerted": 0, "queued": 1},
        errors=[
            Failure(FailureKind.READ, "ofsted:80492 (Croydon): HTTP 503 Service Unavailable after 3 retries")
        ],
    )
    tab = Watched(browser)
    tab.page.set_viewport_size({"width": width, "height": 800})
    with Served(Config(), store) as served:
        page = tab.visit(served.url + "/status", f"status-{width}")
        summary = page.locator("#summary")
        assert summary.inner_text().startswith("1 source needs a look: Croydon's page has failed 3 cycles")
        first = page.locator("table.status tbody tr").first
        assert "Needs a look" in first.inner_text() and "Croydon" in first.inner_text()
        # The line first, then the sources, on screen at once even on a phone.
        table = page.locator("table.status").first.bounding_box()
        line = summary.bounding_box()
        assert line is not None and table is not None and line["y"] < table["y"] < 800
        assert page.evaluate(_BROKEN_WORDS) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _accessible(page)
    assert tab.dialogs == [] and tab.errors == []
    store.close()
