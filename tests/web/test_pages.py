"""A tour of every page in Vietnamese and English: a screenshot of each, axe-core without serious
or critical violations, a label on every control, Tab reaching the main buttons, no sideways
scrolling at 200 % zoom, and the texts really translated."""

import html
import re
import urllib.parse

import pytest
from harness import (CLINIC, OFFICER, SUPERVISOR, Http, browser_sign_in, check_page,
                     click_and_load, find, find_all, visible)

NAV = ["#nav-upgrades", "#nav-applications", "#nav-citizens", "#nav-audit", "form#sign-out"]


def officer_tour(scene):
    """(name, path, what shows it is loaded, the buttons Tab must reach)."""
    return [
        ("officer-upgrades", "/officer/upgrades", "#upgrades, #empty", ["a.open"]),
        ("officer-upgrade", f"/officer/upgrades/{scene['upgrade']}", "#entered",
         ["#approve-submit", "#reject-reason", "#reject-submit"]),
        ("officer-applications", "/officer/applications", "form#filter",
         ["#kind", "#state", "#filter-submit"]),
        ("officer-application", f"/officer/applications/{scene['application']}", "#app-state",
         ["#claim-submit"]),
        ("officer-citizens", "/officer/citizens", "form#search", ["#id-number", "#search-submit"]),
        ("officer-audit", "/officer/audit", "table#audit", ["#sign-out-submit"]),
        ("officer-not-found", "/officer/applications/no-such-id", "#error", ["#sign-out-submit"]),
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_tour(portal, scene, browser, screenshot, lang):
    driver, problems = browser(), []
    for area, fields in (("officer", ["#username", "#password"]),
                         ("desk", ["#service-id", "#secret"])):
        driver.get(f"{portal.url}/{area}/sign-in?lang={lang}")
        problems += check_page(driver, f"{area}-sign-in", lang, "form#sign-in",
                               fields + ["#sign-in-submit"], screenshot)

    driver.get(f"{portal.url}/lost-phone?lang={lang}")
    problems += check_page(driver, "lost-phone", lang, "form#lost-phone",
                           ["#id-number", "#code", "#lost-submit"], screenshot)

    browser_sign_in(driver, portal.url, "officer", *SUPERVISOR, lang=lang)
    for name, path, ready, buttons in officer_tour(scene):
        driver.get(portal.url + path)
        missing = [n for n in NAV if not find_all(driver, n)]
        problems += [f"{name}: no {n}" for n in missing]
        problems += check_page(driver, name, lang, ready, buttons, screenshot)
    driver.get(f"{portal.url}/officer/citizens")
    visible(driver, "input#id-number").send_keys(scene["id_number"])
    click_and_load(driver, "#search-submit", "section#account")
    problems += check_page(driver, "officer-citizen", lang, "table#documents",
                           ["button.revoke-submit"], screenshot)

    browser_sign_in(driver, portal.url, "desk", *CLINIC, lang=lang)
    problems += check_page(driver, "desk-home", lang, "form#new-request",
                           ["#purpose", "#create-submit"], screenshot)
    find(driver, 'input[name="doc_type"][value="health_insurance"]').click()
    find(driver, 'input[name="fields"][value="health_insurance.full_name"]').click()
    find(driver, "#purpose").send_keys("Tour")
    click_and_load(driver, "#create-submit", "#request")
    problems += check_page(driver, "desk-request", lang, "#waiting", ["#lang-switch"], screenshot)
    driver.get(f"{portal.url}/desk/requests/no-such-id")
    problems += check_page(driver, "desk-not-found", lang, "#error", ["#lang-switch"], screenshot)
    assert not problems, "\n".join(problems)


def texts(driver) -> dict[str, str]:
    """The visible texts of the buttons, navigation links, labels and the heading."""
    def key(e):
        if e.get_attribute("id"):
            return "#" + e.get_attribute("id")
        return f"label[for={e.get_attribute('for')}]" if e.tag_name == "label" else e.tag_name
    found = find_all(driver, "button[id], a[id^='nav-'], label, h1")
    return {key(e): e.text.strip() for e in found if e.text.strip()}


def test_vietnamese_pages_are_not_english(portal, scene, browser):
    driver = browser()
    seen = {}
    for lang in ("en", "vi"):
        driver.get(f"{portal.url}/officer/sign-in?lang={lang}")
        visible(driver, "form#sign-in")
        seen[("sign-in", lang)] = texts(driver)
        browser_sign_in(driver, portal.url, "officer", *SUPERVISOR, lang=lang)
        for name, path, ready, _ in officer_tour(scene):
            driver.get(portal.url + path)
            visible(driver, ready)
            seen[(name, lang)] = texts(driver)
        browser_sign_in(driver, portal.url, "desk", *CLINIC, lang=lang)
        seen[("desk-home", lang)] = texts(driver)
        driver.delete_all_cookies()
    same = [f"{page}: {i} is {text!r} in English, {seen[(page, 'vi')].get(i)!r} in Vietnamese"
            for (page, lang), got in seen.items() if lang == "en"
            for i, text in got.items() if seen[(page, "vi")].get(i, text) == text]
    assert all(seen.values()), [page for page, got in seen.items() if not got]
    assert not same, "\n".join(same)


def test_language_switch_on_a_refused_form(portal, scene):
    """The page that answers a refused POST is at the form's URL: its switch must still work."""
    web = Http(portal)
    assert web.sign_in("officer", *OFFICER).status == 303
    page = web.get(f"/officer/upgrades/{scene['upgrade']}")
    form = page.form("reject")
    refused = web.submit(page, "reject", **{form["by_id"]["reject-reason"]: ""})
    assert refused.status == 422
    href = re.search(r'<a[^>]*id="lang-switch"[^>]*href="([^"]*)"', refused.text).group(1)
    target = urllib.parse.urljoin(form["action"], html.unescape(href))
    r = web.get(target)
    assert r.status in (200, 303), f"a#lang-switch → GET {target} → {r.status}"
