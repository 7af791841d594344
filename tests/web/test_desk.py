"""The service desk: the clinic asks for three fields as a QR, the citizen shares them with the
`eid` CLI, and the answer appears in the open page without a reload; then it is forgotten.
Other services see none of it; an expired request says so."""

import subprocess
from urllib.parse import urlsplit

from harness import (CITIZENS, CLINIC, EID, HOTEL, Http, Wallet, browser_sign_in, check_page,
                     click_and_load, find, find_all, image_loaded, poll, visible, wait)

ASKED = ["full_name", "date_of_birth", "counter_portrait"]


def test_clinic_request_answered_live_then_forgotten(portal, browser, screenshot, tmp_path):
    citizen = Wallet(tmp_path / "wallet", portal)
    portal.approve_level2(citizen.register("hung"))
    citizen.run("sync")
    card = citizen.document("health_insurance")
    _, _, name, dob = CITIZENS["hung"]

    clinic = browser()
    browser_sign_in(clinic, portal.url, "desk", *CLINIC, lang="en")
    offered = {e.get_attribute("value") for e in find_all(clinic, 'input[name="fields"]')}
    assert {f"health_insurance.{f}" for f in ASKED} <= offered, offered
    # only what the clinic may ask: never the display portrait, nothing of a driving licence
    assert "health_insurance.portrait" not in offered
    assert not any(v.startswith("driving_licence.") for v in offered), offered
    find(clinic, 'input[name="doc_type"][value="health_insurance"]').click()
    for f in ASKED:
        find(clinic, f'input[name="fields"][value="health_insurance.{f}"]').click()
    find(clinic, "#purpose").send_keys("Khám bệnh ngoại trú")
    click_and_load(clinic, "#create-submit", "#request")
    assert "/desk/requests/" in clinic.current_url
    request_url = clinic.current_url
    qr_text = find(clinic, "#request").get_attribute("data-qr-text")
    assert qr_text.startswith("ER1:"), qr_text
    answer_url = find(clinic, "#request").get_attribute("data-answer-url")  # polled by desk.js
    assert answer_url and urlsplit(answer_url).netloc in ("", f"127.0.0.1:{portal.port}")
    visible(clinic, "#waiting")

    # The QR on the page carries the request's text.
    wait(clinic, image_loaded("img#request-qr"))
    png = tmp_path / "request-qr.png"
    png.write_bytes(find(clinic, "img#request-qr").screenshot_as_png)
    scanned = subprocess.run([str(EID), "scan", str(png)], capture_output=True, text=True)
    assert scanned.stdout.strip() == qr_text, scanned.stderr

    asked = citizen.json("read-share", qr_text)
    assert asked["service_id"] == "clinic-demo" and asked["doc_type"] == "health_insurance"
    assert sorted(asked["fields"]) == sorted(ASKED)
    assert asked["purpose"] == "Khám bệnh ngoại trú"

    clinic.execute_script("window.__stillThisPage = 'yes'")
    citizen.run("share", qr_text, "--document", card, "--fields", ",".join(ASKED))
    visible(clinic, "section#result", seconds=30)
    assert clinic.execute_script("return window.__stillThisPage") == "yes", "the page reloaded"
    assert not find_all(clinic, "#waiting")
    values = [dd.text for dd in find_all(clinic, "dl#verified-data div.field dd")]
    labels = [dt.text for dt in find_all(clinic, "dl#verified-data div.field dt")]
    assert name in values, values
    assert any(dob in v or "/".join(reversed(dob.split("-"))) in v for v in values), values
    assert len(labels) >= 2 and all(labels), labels
    wait(clinic, image_loaded("img#portrait"))

    problems = check_page(clinic, "desk-result", "en", "section#result", ["#done-submit"],
                          screenshot)
    assert not problems, "\n".join(problems)

    # Neither the page nor the URL desk.js polls shows the answer to another service.
    web = Http(portal)
    assert web.sign_in("desk", *HOTEL).status == 303
    request_path = request_url.removeprefix(portal.url)
    answer_path = urlsplit(answer_url).path
    for path in (request_path, answer_path):
        r = web.get(path)
        assert r.status == 404 and name not in r.text, f"hotel: GET {path} → {r.status}"

    click_and_load(clinic, "#done-submit", "#forgotten")
    screenshot(clinic, "desk-forgotten", "en")
    assert name not in find(clinic, "body").text
    clinic.get(request_url)
    assert name not in find(clinic, "body").text and not find_all(clinic, "section#result")
    assert name not in clinic.execute_script(
        "return fetch(arguments[0]).then(r => r.text())", answer_url)

    # Another service in its own browser cannot open the request.
    hotel = browser()
    browser_sign_in(hotel, portal.url, "desk", *HOTEL)
    hotel.get(request_url)
    assert not find_all(hotel, "#request") and name not in find(hotel, "body").text


def test_expired_request_shows_expired(portal, browser):
    """Made over the API with the shortest life (30 s), so the test need not wait longer."""
    token = portal.api("POST", "/v1/service/sessions",
                       body={"service_id": CLINIC[0], "secret": CLINIC[1]})["token"]
    made = portal.api("POST", "/v1/share/requests", token, {
        "doc_type": "health_insurance", "fields": ["full_name"], "purpose": "Hết hạn",
        "expires_in": 30})
    clinic = browser()
    browser_sign_in(clinic, portal.url, "desk", *CLINIC)
    clinic.get(f"{portal.url}/desk/requests/{made['request']['id']}")
    visible(clinic, "#waiting")
    poll("the request to expire", lambda: portal.api(
        "GET", f"/v1/share/requests/{made['request']['id']}", token)["state"] == "expired", 45)
    clinic.refresh()
    visible(clinic, "#expired")
    assert not find_all(clinic, "#waiting, section#result")
