"""Shared fixtures: where ../shared is, and the pytest options the suite understands."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.settings import shared_dir


def _require_shared() -> Path:
    root = shared_dir()
    if (root / "spec" / "figures.md").exists():
        return root
    reason = f"../shared not found at {root} (set PHONEDASH_SHARED to its path)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only shared folder; skips where absent, fails under CI=true."""
    return _require_shared()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Close shared DuckDB handles before exit, so no leak report follows pytest's summary."""
    import gc
    import sys

    exports = sys.modules.get("dashboard.exports")
    if exports is not None:
        exports.close_stores()
    gc.collect()
