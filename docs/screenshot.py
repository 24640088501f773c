"""Make docs/report-screenshot.png: the HTML report of the Foshan sample in headless
chromium, with its PRS001 finding clicked and its figure hovered.

    python docs/screenshot.py        # needs chromium (apt-get install chromium) and playwright

Chinese text needs a CJK font on the machine (Debian: fonts-wqy-microhei)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "foshan-hrss-2020-self-evaluation.md"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        subprocess.run([sys.executable, "-m", "auditor", "check", "--no-cache", "--format", "html", "-o", str(report), str(SAMPLE)],
                       check=False, cwd=ROOT)
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(report.as_uri())
            finding = page.locator("li.finding", has_text="PRS001")
            finding.click()
            page.locator(".hl-main").hover()
            page.locator("#tip").wait_for(state="visible")
            out = ROOT / "docs" / "report-screenshot.png"
            page.screenshot(path=str(out))
            browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
