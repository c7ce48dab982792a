"""Browser tests run dash_duo against Debian's chromium and chromedriver (`pytest --headless`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selenium.webdriver.chrome.options import Options

CHROMIUM = Path("/usr/bin/chromium")


def pytest_setup_options() -> Options:
    """dash's hook for the browser's options: point Selenium at Debian's chromium binary."""
    options = Options()
    binary = CHROMIUM if CHROMIUM.exists() else shutil.which("chromium") or shutil.which("google-chrome")
    if binary:
        options.binary_location = str(binary)
    options.add_argument("--window-size=1280,900")
    return options


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _need_browser() -> None:
    if not (shutil.which("chromedriver") and (CHROMIUM.exists() or shutil.which("chromium"))):
        pytest.skip("chromium and chromedriver are not installed (make browser-deps)")
