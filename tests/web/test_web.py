"""The web app in a real browser: Debian's chromium driven by Playwright against a real uvicorn server."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE = (
    "Sanctioned countries <script>window.__pwned = 1</script> must cooperate\n\n"
    "TEHRAN (Hostile Wire) – Leader of the Islamic Revolution Ayatollah Ali Khamenei met Belarusian President "
    'Alexander Lukashenko on Monday <img src=x onerror="window.__pwned = 2"> and said sanctioned countries must '
    "cooperate to destroy the weapon of sanctions.\n\n"
    "Lukashenko said Iran had made great progress under sanctions <script>alert(1)</script>.\n"
)

pytest.importorskip("fastapi", reason="the web app needs the 'web' extra (fastapi, uvicorn)")
playwright_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example corpus plus one hostile article, analysed into a store and served on a free port."""
    import uvicorn

    from rashomon.web.app import create_app

    corpus = tmp_path_factory.mktemp("web-corpus")
    shutil.copytree(EXAMPLES, corpus / "examples")
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path_factory.mktemp("web-out")
    result = run_cli("analyze", str(corpus), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(out / "rashomon.db")), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (make test installs it with apt)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def open_story(page: Any, site: str) -> None:
    page.goto(site + "/")
    page.get_by_role("link", name="Sanctioned States Should Cooperate to Counter US Measures").click()
    page.wait_for_selector(".story")


def test_story_list_links_to_the_story_page(page: Any, site: str, tmp_path: Path) -> None:
    page.goto(site + "/")
    row = page.locator("#stories tr", has_text="Sanctioned States Should Cooperate")
    assert row.count() == 1
    assert "fa" in row.inner_text() and "Tasnim" in row.inner_text()
    page.screenshot(path=str(tmp_path / "list.png"), full_page=True)
    open_story(page, site)
    assert "/stories/" in page.url


def test_consensus_and_single_source_show_the_right_outlets(page: Any, site: str, tmp_path: Path) -> None:
    open_story(page, site)
    story = page.locator(".story")
    cards = story.locator(".fact.all, .fact.several")
    widest = max(range(cards.count()), key=lambda i: len(set(cards.nth(i).locator(".rendering .who a").all_inner_texts())))
    card = cards.nth(widest)
    outlets = set(card.locator(".rendering .who a").all_inner_texts())
    assert len(outlets) >= 5 and "Tasnim" in outlets  # the meeting or the sanctions call, five of the six outlets
    header = card.locator("h4 .count").inner_text()
    assert header.startswith(f"{len(outlets)} of 6 outlets")  # each outlet's own sentence is on the card
    assert "not in:" in header  # and the card names the outlet that does not say it
    single = story.locator("h4", has_text="Financialtribune.com")
    assert single.count() >= 1
    single_cards = page.locator(".fact.single", has_text="$100 million")
    assert single_cards.count() == 1 and "Financialtribune.com" in single_cards.inner_text()
    page.locator(f"#{story.get_attribute('id')}-differ").screenshot(path=str(tmp_path / "differ.png"))


def test_hovering_a_sentence_lights_its_counterparts(page: Any, site: str) -> None:
    open_story(page, site)
    persian = page.locator("article.doc[lang=fa]")
    sentence = persian.locator(".sent.several, .sent.all").first  # a Persian sentence other outlets state too
    sentence.hover()
    lit = page.locator("article.doc .sent.lit")
    lit_articles = {lit.nth(i).evaluate("e => e.closest('article').id") for i in range(lit.count())}
    assert len(lit_articles) >= 3 and persian.get_attribute("id") in lit_articles
    assert page.locator(".fact.lit").count() >= 1
    page.mouse.move(0, 0)
    assert page.locator("article.doc .sent.lit").count() == 0


def test_persian_text_runs_right_to_left(page: Any, site: str, tmp_path: Path) -> None:
    open_story(page, site)
    persian = page.locator("article.doc[lang=fa] .body")
    assert persian.get_attribute("dir") == "rtl"
    assert persian.evaluate("e => getComputedStyle(e).direction") == "rtl"
    rendering = page.locator(".rendering blockquote[lang=fa]").first
    assert rendering.evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.locator("article.doc[lang=fa]").screenshot(path=str(tmp_path / "persian.png"))


def test_a_planted_script_never_runs(page: Any, site: str) -> None:
    open_story(page, site)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert "<script>window.__pwned = 1</script>" in page.locator("article.doc", has_text="Hostile").inner_text()
    page.goto(site + "/search?q=pwned")
    assert page.evaluate("window.__pwned") is None and page.dialogs == []


def test_search_across_stories(page: Any, site: str) -> None:
    page.goto(site + "/")
    page.fill("input[name=q]", "corridor")
    page.keyboard.press("Enter")
    page.wait_for_selector("h2")
    results = page.locator(".result")
    assert results.count() >= 3 and "North-South" in results.first.inner_text()
    page.goto(site + "/search?q=" + "تحریم")
    assert page.locator(".result").count() >= 3


def test_json_api_mirrors_the_report(site: str) -> None:
    import httpx

    stories = httpx.get(site + "/api/stories").json()
    story = httpx.get(f"{site}/api/stories/{stories[0]['id']}").json()
    assert {"fact_groups", "entities", "quotes", "provenance", "divergences", "summary"} <= set(story["stories"][0])
    assert len(story["articles"]) == stories[0]["articles"]
    assert httpx.get(site + "/api/stories/nope").status_code == 404
    assert httpx.get(site + "/stories/nope").status_code == 404


def test_every_response_carries_the_security_headers(site: str) -> None:
    import httpx

    for path in ("/", "/api/stories", "/api/stories/nope", "/nope", "/api/docs", "/api/openapi.json", "/search?q=x"):
        response = httpx.get(site + path)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["x-frame-options"] == "DENY", path
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy, path


def test_the_api_description_works_offline(site: str) -> None:
    import httpx

    spec = httpx.get(site + "/api/openapi.json")
    assert spec.status_code == 200
    assert {"/api/stories", "/api/stories/{story_id}", "/api/search"} <= set(spec.json()["paths"])
    docs = httpx.get(site + "/api/docs")
    assert docs.status_code == 200 and "/api/search" in docs.text
    assert "http://" not in docs.text.replace(site, "") and "https://" not in docs.text  # nothing from a CDN


def test_search_snippets_carry_no_markers(site: str) -> None:
    import httpx

    [first, *_] = httpx.get(site + "/api/search", params={"q": "sanctions"}).json()
    assert "\u0001" not in first["snippet"] and "\u0002" not in first["snippet"]
    assert any(hit and text.casefold().startswith("sanction") for text, hit in first["matches"])
    assert "".join(text for text, _ in first["matches"]) == first["snippet"]
    page = httpx.get(site + "/search", params={"q": "sanctions"}).text
    assert "\u0001" not in page and "<mark>" in page
