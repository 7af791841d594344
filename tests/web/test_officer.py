"""The officer console end to end: a citizen (the `eid` CLI) asks for level 2 and applies; the
officer decides in the browser; the wallet sees the results; the supervisor reads the audit."""

import html
import json
import re
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from harness import (CITIZENS, OFFICER, RESIDENCE, SUPERVISOR, Http, Wallet, browser_sign_in,
                     click_and_load, find, find_all, image_loaded, visible, wait)


def path(driver) -> str:
    return urlsplit(driver.current_url).path


def test_officer_journey(portal, browser, tmp_path):
    citizen = Wallet(tmp_path / "wallet", portal)
    account = citizen.register("mau")
    id_number, phone, name, dob = CITIZENS["mau"]

    # Level 2: the citizen's entries beside the registry record, with the registry's portrait.
    officer = browser()
    browser_sign_in(officer, portal.url, "officer", *OFFICER)
    assert path(officer) == "/officer/upgrades"
    click_and_load(officer, f'tr[data-account-id="{account}"] a.open', "#entered")
    entered = find(officer, "section#entered").text
    registry = find(officer, "section#registry").text
    for value in (id_number, name, dob, phone):
        assert value in entered, f"{value!r} not in what the citizen entered: {entered!r}"
    for value in (id_number, name):
        assert value in registry, f"{value!r} not in the registry record: {registry!r}"
    assert not find_all(officer, "#registry-missing, #registry-mismatch")
    wait(officer, image_loaded("img#registry-portrait"))
    assert click_and_load(officer, "#approve-submit", "#notice").get_attribute("role") == "status"
    assert path(officer) == "/officer/upgrades"
    assert not find_all(officer, f'tr[data-account-id="{account}"]')

    assert citizen.json("sync")["level"] == 2
    types = {d["doc_type"] for d in citizen.json("list")}
    assert {"citizen_id_card", "driving_licence", "vehicle_registration",
            "health_insurance"} <= types, types

    # An application: filtered by kind, opened, claimed, approved.
    app_id = citizen.apply_residence(tmp_path)
    click_and_load(officer, "#nav-applications", "form#filter")
    kinds = [o.get_attribute("value") for o in Select(find(officer, "select#kind")).options]
    other = next(k for k in kinds if k and k != "temporary_residence")
    Select(find(officer, "select#kind")).select_by_value(other)
    click_and_load(officer, "#filter-submit", "form#filter")
    assert f"kind={other}" in officer.current_url
    assert not find_all(officer, f'tr[data-application-id="{app_id}"]'), "kind filter ignored"
    Select(find(officer, "select#kind")).select_by_value("temporary_residence")
    click_and_load(officer, "#filter-submit", f'tr[data-application-id="{app_id}"]')
    row = f'tr[data-application-id="{app_id}"]'
    assert find(officer, f"{row} td.claimed-by").text.strip() in ("", "—")
    click_and_load(officer, f"{row} a.open", "#app-state")
    fields = find(officer, "dl#form-fields").text
    for value in ("Số 9 Trần Phú", "Phường Hải Châu I", "Đà Nẵng", "Làm việc", "Phạm Thị Chủ",
                  "048080000001", "2027-01-01", "2027-12-31"):
        assert value in fields, f"{value!r} missing from the form's fields: {fields!r}"
    submitted = find(officer, "#app-state").text
    click_and_load(officer, "#claim-submit", "#approve-submit")
    assert not find_all(officer, "#claim-submit")
    assert find(officer, "#app-state").text != submitted
    visible(officer, "form#reject textarea#reject-reason")

    # A second officer sees the claim and gets no decision forms.
    second = browser()
    browser_sign_in(second, portal.url, "officer", *SUPERVISOR)
    second.get(f"{portal.url}/officer/applications?kind=temporary_residence")
    assert visible(second, f"{row} td.claimed-by").text.strip() == "officer"
    click_and_load(second, f"{row} a.open", "#claimed-by-other")
    assert not find_all(second, "form#claim, form#approve, form#reject")

    in_review = find(officer, "#app-state").text
    click_and_load(officer, "#approve-submit", "#notice")
    assert path(officer) == f"/officer/applications/{app_id}"
    assert find(officer, "#app-state").text not in (submitted, in_review)
    assert not find_all(officer, "form#approve, form#reject, form#claim")

    citizen.run("sync")
    [sub] = [s for s in citizen.json("submissions") if s["id"] == app_id]
    assert sub["state"] == "approved" and sub["result_document_id"], sub
    assert sub["result_document_id"] in {d["id"] for d in citizen.json("list")}

    # The citizen's documents: one revoked, with a reason.
    def look_up():
        click_and_load(officer, "#nav-citizens", "form#search")
        find(officer, "input#id-number").send_keys(id_number)
        click_and_load(officer, "#search-submit", "section#account")

    look_up()
    found = find(officer, "section#account").text
    assert name in found and re.search(r"\b2\b", found.replace(id_number, "")), found
    current = [r.get_attribute("data-document-id")
               for r in find_all(officer, "table#documents tr[data-document-id]")
               if r.find_elements(By.CSS_SELECTOR, "form.revoke")]
    assert len(current) >= 4, current
    doc, still = (f'tr[data-document-id="{d}"]' for d in current[:2])
    status_before = find(officer, f"{doc} td.status").text
    find(officer, f'{doc} form.revoke input[name="reason"]').send_keys("Thẻ bị mất (test)")
    click_and_load(officer, f"{doc} button.revoke-submit", "body")
    look_up()
    assert find(officer, f"{doc} td.status").text != status_before
    assert not find_all(officer, f"{doc} form.revoke")
    assert find(officer, f"{still} td.status").text == status_before
    assert find_all(officer, f"{still} form.revoke")
    live = {d["id"] for d in portal.api("GET", f"/v1/officer/accounts/{account}/documents",
                                        portal.officer_token())["documents"]}
    assert current[0] not in live and current[1] in live, (current[:2], live)

    # The supervisor reads all of it in the audit log; a plain officer may not.
    click_and_load(second, "#nav-audit", "table#audit")
    mine = []
    for _ in range(20):  # newest first, paged
        mine += [(r.find_element(By.CSS_SELECTOR, "td.actor").text,
                  r.find_element(By.CSS_SELECTOR, "td.action").text)
                 for r in find_all(second, "tr.audit-row")
                 if {account, id_number} & set(  # the account by its id or the citizen's
                     r.find_element(By.CSS_SELECTOR, "td.account").text.split())]
        if not find_all(second, "a#next-page"):
            break
        click_and_load(second, "a#next-page", "table#audit")
    actions = {a for actor, a in mine if actor == "officer"}
    # viewed and approved the upgrade, viewed, claimed and approved the application, looked
    # the citizen up, revoked a document
    assert len(actions) >= 7, mine
    assert any(actor == "supervisor" for actor, _ in mine), "the supervisor's view is not logged"

    assert not find_all(officer, "#nav-audit")
    officer.get(f"{portal.url}/officer/audit")
    visible(officer, "#error")
    assert not find_all(officer, "table#audit")


def test_reject_needs_a_reason(portal, tmp_path):
    account = Wallet(tmp_path / "wallet", portal).register("lan")
    web = Http(portal)
    assert web.sign_in("officer", *OFFICER).status == 303
    page = web.get(f"/officer/upgrades/{account}")
    assert page.status == 200 and page.has_id("entered") and page.has_id("registry")
    field = page.form("reject")["by_id"]["reject-reason"]
    refused = web.submit(page, "reject", **{field: ""})
    assert refused.status == 422 and refused.has_id("error") and refused.has_id("entered")
    assert f'data-account-id="{account}"' in web.get("/officer/upgrades").text
    done = web.submit(page, "reject", **{field: "Ảnh không khớp (test)"})
    assert done.status == 303 and done.headers["location"].startswith("/officer/upgrades")
    assert f'data-account-id="{account}"' not in web.get("/officer/upgrades").text


def test_queues_page_by_twenty(fresh_portal, tmp_path):
    web = Http(fresh_portal)
    assert web.sign_in("officer", *OFFICER).status == 303
    empty = web.get("/officer/upgrades")
    assert empty.has_id("empty") and "data-account-id" not in empty.text
    citizen = Wallet(tmp_path / "wallet", fresh_portal)
    fresh_portal.approve_level2(citizen.register("lan"))
    form = tmp_path / "forms.json"
    form.write_text(json.dumps([RESIDENCE] * 21, ensure_ascii=False))
    citizen.run("apply", str(form), "--send")
    first = web.get("/officer/applications?kind=temporary_residence")
    rows = re.findall(r'data-application-id="([^"]+)"', first.text)
    assert len(rows) == 20 and first.has_id("next-page") and not first.has_id("prev-page")
    link = re.search(r'id="next-page"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="next-page"',
                     first.text)
    second = web.get(html.unescape(link.group(1) or link.group(2)))
    more = re.findall(r'data-application-id="([^"]+)"', second.text)
    assert len(more) == 1 and second.has_id("prev-page") and not second.has_id("next-page")
    assert not set(rows) & set(more)
    missing = web.get("/officer/citizens?id_number=000000000000")
    assert missing.status == 200 and missing.has_id("not-found") and not missing.has_id("account")
