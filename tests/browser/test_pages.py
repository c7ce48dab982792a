"""The dashboard in a real headless Chromium: every page loads cleanly, filters live in the URL
(back button included), a click shows where a number comes from, exports download."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from dashboard_store import SAMPLE_FIGURES, shared_store
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.app import create_app

PAGES = {
    "/": "#overview-leaders-card, .kpis",
    "/volumes": "#volumes-volumes-card .main-svg",
    "/targets": "#targets-targets-card .main-svg",
    "/margins": "#margins-margins-card .main-svg",
    "/entries": "#entries-entries-card .main-svg",
    "/sources": "#sources-grid .ag-row",
    "/no-such-page": "#not-found",
}
SAMPLE_QUOTE = next(f[-1] for f in SAMPLE_FIGURES if f[1] == "shipments")


@pytest.fixture
def served(dash_duo):
    dash_duo.start_server(create_app(shared_store()))
    return dash_duo


def visit(duo, path: str) -> None:
    duo.driver.get(duo.server_url + path)
    wait_idle(duo)


def wait_idle(duo, timeout: float = 15) -> None:
    """Until Dash has rendered the page and no callback is pending."""
    WebDriverWait(duo.driver, timeout).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, "#_pages_content > *")
            and not d.find_elements(By.CSS_SELECTOR, "[data-dash-is-loading='true']")
        )
    )


def query(duo) -> dict:
    return parse_qs(urlparse(duo.driver.current_url).query)


@pytest.mark.parametrize("path", list(PAGES))
def test_page_loads_with_a_chart_and_no_console_error(served, path: str) -> None:
    visit(served, path)
    served.wait_for_element(PAGES[path].split(",")[0].strip() if path != "/" else ".kpis", timeout=15)
    assert served.get_logs() == []


def test_filter_change_rewrites_the_url_and_back_restores_it(served) -> None:
    visit(served, "/volumes")
    served.wait_for_contains_text("#volumes-volumes-title", "per quarter")
    served.find_element("#volumes-granularity label:nth-child(2)").click()
    WebDriverWait(served.driver, 10).until(lambda d: "granularity=year" in d.current_url)
    served.wait_for_contains_text("#volumes-volumes-title", "per year")
    served.find_element("#volumes-mode label:nth-child(2)").click()
    WebDriverWait(served.driver, 10).until(lambda d: "mode=stacked" in d.current_url)
    assert query(served) == {"granularity": ["year"], "mode": ["stacked"]}

    served.driver.back()
    WebDriverWait(served.driver, 10).until(lambda d: "mode=stacked" not in d.current_url)
    served.wait_for_contains_text("#volumes-volumes-title", "per year")
    served.wait_for_element("#volumes-mode label.selected:nth-child(1)")
    served.driver.back()
    WebDriverWait(served.driver, 10).until(lambda d: "granularity" not in d.current_url)
    served.wait_for_contains_text("#volumes-volumes-title", "per quarter")
    served.wait_for_element("#volumes-granularity label.selected:nth-child(1)")
    assert served.get_logs() == []


def test_bookmarked_url_opens_the_same_view(served) -> None:
    visit(served, "/volumes?series=Canalys&vendor=Xiaomi,Apple&measure=share")
    served.wait_for_contains_text("#volumes-volumes-title", "Market share")
    served.wait_for_contains_text("#volumes-volumes-title", "Canalys")
    legend = served.driver.find_elements(By.CSS_SELECTOR, "#volumes-volumes-card .legendtext")
    assert {e.text for e in legend} >= {"Xiaomi", "Apple"}


def test_clicking_a_point_shows_its_sentence_and_article(served) -> None:
    visit(served, "/volumes?series=Articles&vendor=Xiaomi")
    point = served.wait_for_element("#volumes-volumes-card .scatterlayer .trace .points path")
    ActionChains(served.driver).move_to_element(point).click().perform()  # plotly listens on its drag layer
    served.wait_for_contains_text("#prov-drawer.open .prov-quote", SAMPLE_QUOTE.split(" 28")[0])
    panel = served.find_element("#prov-body")
    assert served.find_element(".prov-quote mark").text == "28 million"
    assert "Xiaomi sets a bold goal for the year" in panel.text and "Example Wire" in panel.text
    served.find_element("#prov-close").click()
    WebDriverWait(served.driver, 5).until(
        lambda d: "open" not in d.find_element(By.ID, "prov-drawer").get_attribute("class")
    )


def test_empty_filter_is_explained(served) -> None:
    visit(served, "/volumes?vendor=BlackBerry&from=2020&to=2021")
    served.wait_for_contains_text("#volumes-volumes-empty", "No figures match")


def test_sources_grid_searches_on_the_server(served) -> None:
    visit(served, "/sources")
    served.wait_for_contains_text("#sources-count", "figures")
    total = int(served.find_element("#sources-count").text.split()[0].replace(",", ""))
    search = served.find_element("#sources-search")
    search.send_keys("closing quarter")
    served.wait_for_text_to_equal("#sources-count", "1 figure", timeout=10)
    assert total > 2000
    served.wait_for_contains_text("#sources-grid .ag-center-cols-container", "Xiaomi")


def test_export_menu_downloads_the_data(served) -> None:
    visit(served, "/volumes?vendor=Xiaomi")
    served.find_element("#volumes-volumes-export summary").click()
    link = next(
        a
        for a in served.driver.find_elements(By.CSS_SELECTOR, "#volumes-volumes-export a")
        if a.text.strip().upper().startswith("CSV")
    )
    assert "vendor=Xiaomi" in link.get_attribute("href")
    link.click()
    folder = Path(served.download_path)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not list(folder.glob("*.csv")):
        time.sleep(0.2)
    files = list(folder.glob("*.csv"))
    assert files, "no CSV downloaded"
    text = files[0].read_text()
    assert "Xiaomi" in text and "url" in text.splitlines()[0]


def test_phone_width_has_no_sideways_scroll(served) -> None:
    served.driver.set_window_size(390, 844)
    try:
        for path in ("/", "/volumes", "/targets"):
            visit(served, path)
            width = served.driver.execute_script("return document.documentElement.scrollWidth")
            assert width <= served.driver.execute_script("return window.innerWidth") + 1, path
    finally:
        served.driver.set_window_size(1280, 900)
