"""The issue's acceptance check, end to end: build the store from data/ plus the seed article with
the real CLI, then click Xiaomi's 2017-Q4 point on /volumes (articles series) in Chromium and find
the seed's sentence, as the store holds it, in the evidence panel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.app import create_app

SEED = "seed/000_fb7a288068d0faf3.txt"
FIND_POINT = """
const gd = document.querySelector('#volumes-volumes-card .js-plotly-plot');
const data = gd._fullData;  // decoded arrays (gd.data may hold base64 typed arrays)
const trace = data.findIndex(t => t.name === arguments[0]);
let n = -1;
for (let i = 0; i < data[trace].y.length; i++) {
  const y = data[trace].y[i];
  if (y !== null && !Number.isNaN(y)) n += 1;
  if (String(data[trace].text[i]).startsWith(arguments[1])) return [trace, n];
}
return null;
"""


@pytest.fixture(scope="module")
def seeded_store(shared, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("seeded") / "store.duckdb"
    cli = [sys.executable, "-c", "from dashboard.cli import main; main()"]
    for args in (["status"], ["refresh", str(shared / SEED)]):
        done = subprocess.run(
            [*cli, *args, "--store", str(store)], capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr
    return store


def seed_sentence(store: Path) -> str:
    con = duckdb.connect(str(store), read_only=True)
    try:
        row = con.execute(
            "SELECT quote FROM all_figures WHERE article = ? AND vendor = 'Xiaomi' AND period = '2017-Q4' "
            "AND metric = 'shipments'",
            [Path(SEED).stem],
        ).fetchone()
    finally:
        con.close()
    assert row, "the seed's Xiaomi 2017-Q4 shipments figure is not in the store"
    return row[0]


@pytest.mark.shared
def test_clicking_xiaomi_2017_q4_shows_the_seed_sentence(dash_duo, seeded_store: Path) -> None:
    sentence = seed_sentence(seeded_store)
    dash_duo.start_server(create_app(seeded_store))
    dash_duo.driver.get(dash_duo.server_url + "/volumes?series=Articles&vendor=Xiaomi")
    dash_duo.wait_for_element("#volumes-volumes-card .scatterlayer .trace .points path", timeout=20)
    where = dash_duo.driver.execute_script(FIND_POINT, "Xiaomi", "2017-Q4")
    assert where, "no 2017-Q4 point for Xiaomi in the articles series"
    trace, index = where
    points = dash_duo.driver.find_elements(
        By.CSS_SELECTOR, f"#volumes-volumes-card .scatterlayer .trace:nth-child({trace + 1}) .points path"
    )
    ActionChains(dash_duo.driver).move_to_element(points[index]).click().perform()
    WebDriverWait(dash_duo.driver, 15).until(
        lambda d: sentence.split(",")[0] in d.find_element(By.ID, "prov-body").text
    )
    quotes = [q.text for q in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#prov-body .prov-quote")]
    assert sentence in quotes
    marks = dash_duo.driver.find_elements(By.CSS_SELECTOR, "#prov-body .prov-quote mark")
    assert any(m.text.startswith("28") for m in marks)
    assert dash_duo.get_logs() == []
