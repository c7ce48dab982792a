"""In headless Chromium: open /volumes with filters, pick an export from the chart's menu, and
check the file the browser downloaded (run with `pytest --headless`; tests/browser/conftest.py
points dash_duo at Debian's chromium, and dash_duo sets Chrome's download folder)."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from dashboard import kaleido_server

pytestmark = pytest.mark.browser

DOWNLOAD_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from dashboard_store import build_store  # tests/dashboard_store.py: the dashboard's test data

    return build_store(tmp_path_factory.mktemp("browser-store") / "phonedash.duckdb")


@pytest.fixture(scope="module", autouse=True)
def _close_kaleido():
    yield
    kaleido_server.stop()  # the PNG case starts it inside the app's server thread


def _wait_for_download(folder: Path, suffix: str) -> Path:
    """The finished download (Chromium writes NAME.crdownload first, then renames it)."""
    deadline = time.monotonic() + DOWNLOAD_TIMEOUT_S
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix and p.stat().st_size > 0]
        if done:
            return done[0]
        time.sleep(0.2)
    found = sorted(p.name for p in folder.iterdir())
    raise AssertionError(f"no {suffix} download in {folder} after {DOWNLOAD_TIMEOUT_S}s: {found}")


def _check_csv(path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    assert rows
    assert {r["vendor"] for r in rows} == {"Apple", "Xiaomi"}  # the page's filter travelled along
    assert {r["period"][:4] for r in rows} <= {"2016", "2017"}
    assert {"source", "url", "quote", "title", "publisher", "date"} <= set(rows[0])


def _check_png(path: Path) -> None:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("fmt", "check"),
    [pytest.param("csv", _check_csv, id="csv"), pytest.param("png", _check_png, id="png")],
)
def test_export_link_downloads_the_filtered_chart(dash_duo, store, fmt, check):
    from dashboard.app import create_app

    dash_duo.start_server(create_app(store))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/volumes?vendor=Apple,Xiaomi&from=2016-Q1&to=2017-Q4")
    menu = "#volumes-volumes-export"
    dash_duo.wait_for_element(f"{menu} summary", timeout=20).click()
    link = dash_duo.wait_for_element(f'{menu} a[href^="/export/volumes.{fmt}?"]', timeout=20)
    assert "vendor=Apple,Xiaomi" in link.get_attribute("href")
    link.click()

    downloaded = _wait_for_download(Path(dash_duo.download_path), f".{fmt}")
    assert downloaded.name == f"phonedash-volumes.{fmt}"
    check(downloaded)
    assert dash_duo.get_logs() in (None, [])
