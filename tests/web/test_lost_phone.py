"""A lost phone blocked by its owner on the public page, with the revocation code the wallet
made: a counter that refreshed its trust bundle then refuses the phone's presentation."""

import json
import subprocess

from harness import EID, Http, Wallet, check_page, click_and_load, find, visible


def verify(portal, folder, qr: str) -> dict:
    bundle = folder / "trust.cbor"
    subprocess.run([str(EID), "trust", "--portal", portal.url, "--out", str(bundle)],
                   check=True, capture_output=True, timeout=60)
    p = subprocess.run([str(EID), "verify", "--trust", str(bundle), "--text", qr],
                       capture_output=True, text=True, timeout=60)
    return json.loads(p.stdout)


def test_a_citizen_blocks_their_lost_phone(fresh_portal, browser, screenshot, tmp_path):
    portal = fresh_portal
    citizen = Wallet(tmp_path / "wallet", portal)
    account = citizen.register("tuan")
    portal.approve_level2(account)
    citizen.run("sync")
    code = citizen.run("revocation-code")
    assert len(code) == 19 and code.count("-") == 3, code
    card = citizen.document("health_insurance")
    before = citizen.run("present", card, "--fields", "full_name")
    assert verify(portal, tmp_path, before)["valid"] is True

    driver = browser()
    driver.get(f"{portal.url}/lost-phone?lang=vi")
    assert not check_page(driver, "lost-phone", "vi", "form#lost-phone",
                          ["#id-number", "#code", "#lost-submit"], screenshot)
    visible(driver, "#id-number").send_keys("079090015432")
    find(driver, "#code").send_keys("0000-0000-0000-0000")
    click_and_load(driver, "#lost-submit", "#error")
    find(driver, "#code").clear()
    find(driver, "#code").send_keys(code.lower().replace("-", " "))
    click_and_load(driver, "#lost-submit", "#blocked-done")
    screenshot(driver, "lost-phone-done", "vi")

    # The phone's documents are refused as revoked, and it can no longer sign in.
    after = citizen.run("present", card, "--fields", "full_name")
    report = verify(portal, tmp_path, after)
    assert report["valid"] is False and report["reason"] == "revoked", report
    p = subprocess.run([str(EID), "wallet", "sync"], env=citizen.env, capture_output=True,
                       text=True, timeout=60)
    assert p.returncode != 0, p.stderr


def test_the_page_refuses_a_form_without_its_cookie(portal):
    page = Http(portal).get("/lost-phone")
    assert page.status == 200 and page.has_id("lost-phone")
    token = page.form("lost-phone")["fields"]["csrf"]
    other = Http(portal)
    refused = other.post("/lost-phone", {"csrf": token, "id_number": "079090015432",
                                          "code": "0000-0000-0000-0000"})
    assert refused.status == 403 and refused.has_id("error")
