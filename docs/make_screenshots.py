"""Screenshots of the web app for the README: serve a store, open pages in chromium, save PNGs in docs/.

Usage: python docs/make_screenshots.py [STORE]   (default out/rashomon.db; run `make run` first)
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from rashomon.web.app import create_app

DOCS = Path(__file__).resolve().parent


def clip(page: object, selector: str, path: Path, height: int = 760) -> None:
    """The top of an element, at most `height` pixels (keeps the README's images small)."""
    element = page.locator(selector)  # type: ignore[attr-defined]
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    area = {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], height)}
    page.screenshot(path=str(path), clip=area)  # type: ignore[attr-defined]


def main() -> int:
    store = sys.argv[1] if len(sys.argv) > 1 else "out/rashomon.db"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/")
        page.screenshot(path=str(DOCS / "app-stories.png"))
        page.locator("#stories a").first.click()
        page.wait_for_selector(".story")
        page.locator(".summary-block").screenshot(path=str(DOCS / "app-summary.png"))
        clip(page, ".differ", DOCS / "app-differences.png")
        page.locator("article.doc .sent.all").first.hover()
        clip(page, ".articles", DOCS / "app-aligned-hover.png")
        browser.close()
    server.should_exit = True
    print("written: docs/app-stories.png, app-summary.png, app-differences.png, app-aligned-hover.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
