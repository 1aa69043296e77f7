"""The report in a real browser (headless Chromium driven by selenium).

Checks what a reader meets: no console errors, every image loaded, the filters hide and show
claim cards, no horizontal overflow at 1280 and 800 px, and every card visible without
JavaScript. Needs Debian's ``chromium`` and ``chromium-driver`` (``apt-get install chromium
chromium-driver``) and selenium (the dev extra); skipped without them unless
``TRIALSTATS_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which turns a missing browser into a
failure. ``TRIALSTATS_SCREENSHOTS=DIR`` saves screenshots of the pages there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRE = os.environ.get("TRIALSTATS_REQUIRE_BROWSER") == "1"
HINT = ("headless Chromium not found: apt-get install chromium chromium-driver, and "
        "pip install selenium (or the dev extra), to run the browser tests")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

pytestmark = [pytest.mark.slow]


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    if not CHROMIUM or not DRIVER:
        return "chromium or chromedriver is not on PATH"
    return None


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    problem = _missing()
    if problem:
        if REQUIRE:
            pytest.fail(f"TRIALSTATS_REQUIRE_BROWSER=1 but {problem}; {HINT}")
        pytest.skip(f"{problem}; {HINT}")
    from trialstats.claims import verify_claims
    from trialstats.report import build_report

    nb_dir = tmp_path_factory.mktemp("nb")
    shutil.copy(NOTEBOOKS / "04-pooling.ipynb", nb_dir)  # the notebook with the forest plots
    out = tmp_path_factory.mktemp("site") / "report"
    built = build_report(out, claims=verify_claims(results=True), notebooks_dir=nb_dir)
    assert built.failed_notebooks == []
    return out


def _driver(width: int = 1280, javascript: bool = True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},900", "--hide-scrollbars"):
        opts.add_argument(arg)
    if not javascript:
        opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    return driver


@pytest.fixture(scope="module")
def browser(report_dir):
    driver = _driver()
    yield driver
    driver.quit()


def _severe(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _images_ok(driver) -> tuple[int, int]:
    return tuple(driver.execute_script(
        "var im=Array.from(document.images);"
        "return [im.length, im.filter(function(i){return i.complete && i.naturalWidth>0;}).length];"
    ))


def _shot(driver, name: str) -> None:
    folder = os.environ.get("TRIALSTATS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": driver.execute_script("return window.innerWidth"),
                                "height": min(int(height), 6000), "deviceScaleFactor": 1, "mobile": False})
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


@pytest.mark.parametrize("page", ["index.html", "notebooks/04-pooling.html"])
def test_no_console_errors_and_every_image_loads(browser, report_dir, page):
    browser.get((report_dir / page).as_uri())
    total, loaded = _images_ok(browser)
    assert total >= (3 if "04" in page else 1), f"{page}: {total} images"
    assert loaded == total, f"{page}: {total - loaded} of {total} images did not load"
    assert _severe(browser) == [], page
    _shot(browser, Path(page).stem)


def test_filters_hide_and_show_cards(browser, report_dir):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get((report_dir / "index.html").as_uri())
    cards = browser.find_elements(By.CSS_SELECTOR, "details.card")
    assert cards and all(c.is_displayed() for c in cards)
    consistent = browser.find_element(By.CSS_SELECTOR, "input[name=verdict][value=consistent]")
    consistent.click()
    for c in cards:
        assert c.is_displayed() == (c.get_attribute("data-verdict") != "consistent")
    consistent.click()
    assert all(c.is_displayed() for c in cards)
    doc = cards[0].get_attribute("data-document")
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=document]")).select_by_value(doc)
    for c in cards:
        assert c.is_displayed() == (c.get_attribute("data-document") == doc)
    shown = int(browser.find_element(By.ID, "shown").text)
    assert shown == sum(c.get_attribute("data-document") == doc for c in cards)
    # a card opens on click and shows its provenance
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=document]")).select_by_value("")
    card = browser.find_element(By.CSS_SELECTOR, "details.card[data-verdict=misattributed]")
    card.find_element(By.TAG_NAME, "summary").click()
    assert card.get_attribute("open") is not None
    assert "Sources" in card.text or "No trial or source" in card.text
    browser.execute_script("arguments[0].scrollIntoView()", card)
    _shot(browser, "claim-card-open")
    assert _severe(browser) == []


@pytest.mark.parametrize("width", [1280, 800])
@pytest.mark.parametrize("page", ["index.html", "notebooks/04-pooling.html"])
def test_no_horizontal_overflow(report_dir, width, page):
    driver = _driver(width)
    try:
        driver.get((report_dir / page).as_uri())
        scroll, inner = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{page} at {width} px: content {scroll} px wide"
    finally:
        driver.quit()


def test_without_javascript_every_card_is_visible(report_dir):
    from selenium.webdriver.common.by import By

    driver = _driver(javascript=False)
    try:
        driver.get((report_dir / "index.html").as_uri())
        cards = driver.find_elements(By.CSS_SELECTOR, "details.card")
        assert cards and all(c.is_displayed() for c in cards)
    finally:
        driver.quit()
