"""The annotated review of a scanned seed, rendered in headless Chromium (selenium).

Skipped, with an install hint, when Chromium or its driver is missing; with
TRIALSTATS_REQUIRE_BROWSER=1 a missing browser fails instead.
"""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import trialstats as ts
from trialstats.report.review import review_html

SEEDS = Path(os.environ.get("TRIALSTATS_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds")
SEED = str(SEEDS / "002_0de211eb7dae51b5.txt")
needs_seeds = pytest.mark.skipif(
    not Path(SEED).is_file(), reason="the seed pages are not here (set TRIALSTATS_SEEDS)"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    result = ts.scan(SEED).verify()
    path = tmp_path_factory.mktemp("review") / "review.html"
    path.write_text(review_html(result), encoding="utf-8")
    return path


@needs_seeds
def test_review_is_self_contained_and_lists_unlinked(page):
    text = page.read_text(encoding="utf-8")
    for ref in ("<script src", "<link ", "@import", "url(http"):
        assert ref not in text
    assert "Found but not linked" in text and "misattributed" in text

    class Marks(HTMLParser):
        n = 0

        def handle_starttag(self, tag, attrs):
            if tag == "mark":
                Marks.n += 1

    Marks().feed(text)
    assert Marks.n >= len(ts.scan(SEED).items)


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        if os.environ.get("TRIALSTATS_REQUIRE_BROWSER") == "1":
            pytest.fail("TRIALSTATS_REQUIRE_BROWSER=1 but chromium/chromedriver are not installed")
        pytest.skip(
            "headless Chromium not found: apt-get install chromium chromium-driver (and pip install selenium)"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="pip install selenium (the dev extra)")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


@needs_seeds
def test_review_in_headless_chromium(page, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(page.as_uri())
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.hl")
    assert len(marks) >= 10
    colours = {m.value_of_css_property("background-color") for m in marks}
    assert len(colours) >= 3  # verdicts are told apart by colour

    # keyboard: Tab to a highlighted statement, Enter shows its details
    target = browser.find_element(By.CSS_SELECTOR, "mark.hl[data-verdict='misattributed'][tabindex='0']")
    target.send_keys(Keys.ENTER)
    panel = browser.find_element(By.ID, "panel-body").text
    assert "misattributed" in panel and "Recomputed" in panel and "midazolam" in panel
    assert browser.find_elements(By.CSS_SELECTOR, "#panel-body a[href^='https://pubmed.ncbi.nlm.nih.gov/']")

    # the filter: only misattributed statements stay highlighted
    browser.find_element(By.CSS_SELECTOR, ".summary button[data-filter='misattributed']").click()
    lit = [
        m for m in browser.find_elements(By.CSS_SELECTOR, "mark.hl") if "dim" not in m.get_attribute("class")
    ]
    assert lit and all(m.get_attribute("data-verdict") == "misattributed" for m in lit)
    shown = [d for d in browser.find_elements(By.CSS_SELECTOR, "section.lists .detail") if d.is_displayed()]
    assert shown and all(d.get_attribute("data-verdict") == "misattributed" for d in shown)
    browser.find_element(By.CSS_SELECTOR, ".summary button[data-filter='all']").click()
    assert not browser.find_elements(By.CSS_SELECTOR, "mark.hl.dim")

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
