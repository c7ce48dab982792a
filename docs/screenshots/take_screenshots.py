"""Screenshots of every page in headless Chromium, for the README and for looking at the pages.

Usage: python docs/screenshots/take_screenshots.py [BASE_URL] [OUT_DIR]
(start the app first, e.g. `phonedash serve --port 8050`). Prints any browser console error.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

PAGES = {
    "overview": "/",
    "volumes": "/volumes",
    "targets": "/targets",
    "margins": "/margins",
    "entries": "/entries",
    "sources": "/sources",
    "not_found": "/no-such-page",
}


def driver(width: int, height: int) -> webdriver.Chrome:
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def settle(drv: webdriver.Chrome) -> None:
    """Wait for Dash to render and for loading spinners to go."""
    WebDriverWait(drv, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#_pages_content > *")))
    WebDriverWait(drv, 20).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-dash-is-loading='true']")
    )
    time.sleep(1.0)


def full_page(drv: webdriver.Chrome, path: Path, width: int) -> None:
    height = drv.execute_script("return document.documentElement.scrollHeight")
    drv.set_window_size(width, min(max(height, 700), 4000))
    time.sleep(0.5)
    drv.save_screenshot(str(path))


def main(base: str = "http://127.0.0.1:8050", out: str = "docs/screenshots") -> int:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    errors = 0
    drv = driver(1280, 900)
    try:
        for name, path in PAGES.items():
            drv.set_window_size(1280, 900)
            drv.get(base + path)
            settle(drv)
            full_page(drv, out_dir / f"{name}.png", 1280)
            for entry in drv.get_log("browser"):
                if entry["level"] in ("SEVERE", "ERROR"):
                    errors += 1
                    print(f"{name}: {entry['message']}")
        drv.set_window_size(1280, 900)
        drv.get(base + "/volumes?series=Articles&vendor=Xiaomi")
        settle(drv)
        point = drv.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .scatterlayer .points path")
        if point:
            webdriver.ActionChains(drv).move_to_element(point[0]).click().perform()
            WebDriverWait(drv, 10).until(
                ec.presence_of_element_located((By.CSS_SELECTOR, ".drawer.open .prov-card"))
            )
            time.sleep(0.6)
            drv.save_screenshot(str(out_dir / "provenance.png"))
    finally:
        drv.quit()
    phone = driver(390, 844)
    try:
        phone.get(base + "/volumes")
        settle(phone)
        full_page(phone, out_dir / "volumes-phone.png", 390)
    finally:
        phone.quit()
    print(f"screenshots in {out_dir}/, {errors} console error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
