"""Fixtures: one real portal per test session (and fresh ones on request), headless Chromium
browsers (each with a fresh profile), the pages' sample data, and screenshots into out/web."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, str(Path(__file__).parent))
from harness import OUT, PORTAL_BIN, Portal, Wallet  # noqa: E402

CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1024"]


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    assert PORTAL_BIN.exists(), f"{PORTAL_BIN} is missing: build it first"
    p = Portal(tmp_path_factory.mktemp("portal"))
    yield p
    p.stop()


@pytest.fixture
def fresh_portal(tmp_path_factory):
    """A portal of its own, for tests that lock accounts out."""
    p = Portal(tmp_path_factory.mktemp("fresh-portal"))
    yield p
    p.stop()


@pytest.fixture
def browser():
    """browser() → a new headless Chromium with a fresh profile; all quit at the end."""
    drivers, profiles = [], []

    def new():
        profile = tempfile.TemporaryDirectory(prefix="eid-web-chrome-")
        profiles.append(profile)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # CSP violations
        for flag in CHROME_FLAGS + [f"--user-data-dir={profile.name}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        driver.set_script_timeout(30)
        drivers.append(driver)
        return driver

    yield new
    for d in drivers:
        d.quit()
    for p in profiles:
        p.cleanup()


@pytest.fixture(scope="session")
def screenshot():
    """screenshot(driver, name, lang) → out/web/<name>-<lang>.png."""
    OUT.mkdir(parents=True, exist_ok=True)

    def take(driver, name: str, lang: str) -> Path:
        path = OUT / f"{name}-{lang}.png"
        assert driver.save_screenshot(str(path)), f"no screenshot for {name}"
        return path

    return take


@pytest.fixture(scope="session")
def scene(portal, tmp_path_factory):
    """Data for the pages to show: a level-2 request waiting (Phạm Minh Tuấn), and a level-2
    citizen with documents and a residence application waiting (Hoàng Thị Thu Trang)."""
    waiting = Wallet(tmp_path_factory.mktemp("wallet-tuan"), portal)
    upgrade = waiting.register("tuan")
    citizen = Wallet(tmp_path_factory.mktemp("wallet-trang"), portal)
    portal.approve_level2(citizen.register("trang"))
    citizen.run("sync")
    application = citizen.apply_residence(tmp_path_factory.mktemp("form"))
    return {"upgrade": upgrade, "application": application, "id_number": "048196007215",
            "citizen": citizen}
