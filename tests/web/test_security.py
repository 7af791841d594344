"""The pages' security over plain HTTP: headers, cookies, CSRF, lockout, and that no other kind
of credential (API tokens, a citizen's token, the other area's cookie) opens a page."""

import json
import re

import pytest

from harness import (CLINIC, HOTEL, OFFICER, RESIDENCE, SUPERVISOR, Http, Portal, TokenRecorder,
                     Wallet)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff",
           "referrer-policy": "no-referrer", "x-frame-options": "DENY",
           "cache-control": "no-store"}


def officer_pages(scene):
    return ["/officer/upgrades", f"/officer/upgrades/{scene['upgrade']}", "/officer/applications",
            "/officer/applications?kind=temporary_residence&page=0",
            f"/officer/applications/{scene['application']}", "/officer/citizens",
            f"/officer/citizens?id_number={scene['id_number']}", "/officer/audit"]


def signed_in(portal, area, name, secret) -> Http:
    web = Http(portal)
    r = web.sign_in(area, name, secret)
    assert r.status == 303, f"sign-in as {name} → {r.status}"
    return web


def new_request(desk: Http) -> str:
    r = desk.submit(desk.get("/desk/"), "new-request", doc_type="health_insurance",
                    fields="health_insurance.full_name", purpose="Kiểm tra")
    assert r.status == 303 and "/desk/requests/" in r.headers["location"], r.status
    return r.headers["location"]


def check_headers(r, what):
    for name, value in HEADERS.items():
        assert r.headers.get(name) == value, f"{what}: {name} is {r.headers.get(name)!r}"


def test_headers_on_every_page(portal, scene):
    anonymous = Http(portal)
    pages = [(anonymous, p, 200) for p in ("/officer/sign-in", "/desk/sign-in")]
    supervisor = signed_in(portal, "officer", *SUPERVISOR)
    pages += [(supervisor, p, 200) for p in officer_pages(scene)]
    pages += [(signed_in(portal, "officer", *OFFICER), "/officer/audit", 403)]
    desk = signed_in(portal, "desk", *CLINIC)
    pages += [(desk, "/desk/", 200), (desk, new_request(desk), 200),
              (desk, "/desk/requests/no-such-request", 404)]
    for web, path, status in pages:
        r = web.get(path)
        assert r.status == status, f"GET {path} → {r.status}, expected {status}"
        check_headers(r, path)
        assert re.search(r'<html[^>]* lang="vi"', r.text), f"{path}: no <html lang=\"vi\">"
        if status != 200:
            assert 'id="error"' in r.text and 'role="alert"' in r.text, path
        for form in re.findall(r"<form\b[^>]*>.*?</form>", r.text, re.S):
            if re.search(r'method="post"', form, re.I):
                assert re.search(r'<input[^>]*type="hidden"[^>]*name="csrf"|'
                                 r'<input[^>]*name="csrf"[^>]*type="hidden"', form), \
                    f"{path}: a POST form without a csrf field: {form[:120]}"
    english = anonymous.get("/desk/sign-in?lang=en")  # remembered in a cookie
    assert any(c.startswith("eid_lang=en") for c in english.cookies), english.cookies
    assert re.search(r'<html[^>]* lang="en"', anonymous.get("/officer/sign-in").text)
    # a wrong password's page too
    r = Http(portal).sign_in("desk", CLINIC[0], "wrong secret")
    assert r.status == 401 and 'id="error"' in r.text, r.status
    check_headers(r, "desk sign-in refused")


def test_session_cookie_flags(portal):
    for area, who, cookie in (("officer", OFFICER, "eid_officer"), ("desk", CLINIC, "eid_desk")):
        r = Http(portal).sign_in(area, *who)
        assert r.status == 303
        [c] = [c for c in r.cookies if c.startswith(f"{cookie}=")]
        flags = {f.strip().split("=")[0].lower(): f.strip() for f in c.split(";")[1:]}
        assert "httponly" in flags, c
        assert flags.get("samesite", "").lower() == "samesite=strict", c
        assert flags.get("path") == f"Path=/{area}", c
        assert "secure" not in flags, f"{c}: Secure over plain http would lose the cookie"
    assert Http(portal).sign_in("officer", *OFFICER).headers["location"] == "/officer/upgrades"
    assert Http(portal).sign_in("desk", *CLINIC).headers["location"] == "/desk/"


def test_no_session_is_sent_to_sign_in(portal, scene):
    anonymous = Http(portal)
    for path in officer_pages(scene) + ["/officer/", "/desk/", "/desk/requests/x"]:
        r = anonymous.get(path)
        area = path.split("/")[1]
        assert r.status == 303 and r.headers["location"].startswith(f"/{area}/sign-in"), \
            f"GET {path} without a session → {r.status} {r.headers.get('location')}"


def test_csrf_refused_and_nothing_changes(portal, scene):
    officer = signed_in(portal, "officer", *OFFICER)
    other = signed_in(portal, "officer", *OFFICER)  # a second session of the same officer
    upgrade = officer.get(f"/officer/upgrades/{scene['upgrade']}")
    application = officer.get(f"/officer/applications/{scene['application']}")
    citizen = officer.get(f"/officer/citizens?id_number={scene['id_number']}")
    foreign = other.get(f"/officer/upgrades/{scene['upgrade']}").form("approve")["fields"]["csrf"]
    assert foreign != upgrade.form("approve")["fields"]["csrf"]
    cases = [(upgrade, "approve", {}), (application, "claim", {}),
             (citizen, "revoke", {"reason": "test"})]
    for page, form, values in cases:
        for refused in (officer.submit(page, form, drop_csrf=True, **values),
                        officer.submit(page, form, csrf=foreign, **values),
                        officer.submit(page, form, csrf="", **values)):
            assert refused.status == 403 and 'id="error"' in refused.text, (form, refused.status)
    assert f'data-account-id="{scene["upgrade"]}"' in officer.get("/officer/upgrades").text
    after = officer.get(f"/officer/applications/{scene['application']}")
    assert after.has_id("claim") and not after.has_id("approve"), "the claim went through"
    again = officer.get(f"/officer/citizens?id_number={scene['id_number']}")
    assert citizen.text.count('class="revoke"') == again.text.count('class="revoke"')
    # the sign-in forms and the desk's form check their tokens too
    anonymous = Http(portal)
    page = anonymous.get("/officer/sign-in")
    r = anonymous.submit(page, "sign-in", drop_csrf=True, username=OFFICER[0], password=OFFICER[1])
    assert r.status == 403 and "eid_officer" not in anonymous.cookies, r.status
    desk = signed_in(portal, "desk", *CLINIC)
    r = desk.submit(desk.get("/desk/"), "new-request", drop_csrf=True, doc_type="health_insurance",
                    fields="health_insurance.full_name", purpose="x")
    assert r.status == 403, r.status


def test_lockout_after_five_wrong_passwords(fresh_portal: Portal):
    web = Http(fresh_portal)
    for attempt in range(5):
        r = web.sign_in("officer", OFFICER[0], f"wrong-{attempt}")
        assert r.status == 401 and 'id="error"' in r.text, (attempt, r.status)
    r = web.sign_in("officer", *OFFICER)  # even the right password, now
    assert r.status == 429 and 'id="error"' in r.text, r.status
    assert "eid_officer" not in web.cookies


@pytest.fixture
def citizen_token(portal, tmp_path):
    """A live citizen token, seen on its way from a real wallet to the portal."""
    recorder = TokenRecorder(portal)
    wallet = Wallet(tmp_path / "wallet", portal)
    wallet.env["EID_PORTAL_URL"] = recorder.url
    try:
        wallet.register("hoa", level2=False)
        wallet.run("sync")
        assert recorder.tokens, "the wallet sent no bearer token"
        yield recorder.tokens[-1]
    finally:
        recorder.close()


def test_other_credentials_open_no_page(portal, scene, citizen_token):
    assert Http(portal).get("/v1/account", authorization=f"Bearer {citizen_token}").status == 200
    api_officer = portal.officer_token()
    officer_cookie = signed_in(portal, "officer", *OFFICER).cookies["eid_officer"]
    desk_cookie = signed_in(portal, "desk", *CLINIC).cookies["eid_desk"]
    tries = [("/officer/upgrades", {"authorization": f"Bearer {citizen_token}"}),
             ("/officer/upgrades", {"authorization": f"Bearer {api_officer}"}),
             ("/officer/upgrades", {"cookie": f"eid_officer={citizen_token}"}),
             ("/officer/upgrades", {"cookie": f"eid_officer={api_officer}"}),
             ("/officer/upgrades", {"cookie": f"eid_officer={desk_cookie}"}),
             ("/desk/", {"authorization": f"Bearer {citizen_token}"}),
             ("/desk/", {"cookie": f"eid_desk={citizen_token}"}),
             ("/desk/", {"cookie": f"eid_officer={officer_cookie}"}),
             ("/desk/", {"cookie": f"eid_desk={officer_cookie}"})]
    for path, headers in tries:
        r = Http(portal).get(path, **headers)
        assert r.status in (303, 403), f"{path} with {list(headers)} → {r.status}"
        if r.status == 303:
            assert "/sign-in" in r.headers["location"], r.headers["location"]
    officer = signed_in(portal, "officer", *OFFICER)
    approve = officer.get(f"/officer/upgrades/{scene['upgrade']}").form("approve")
    r = Http(portal).request("POST", approve["action"], b"", {
        "authorization": f"Bearer {citizen_token}",
        "content-type": "application/x-www-form-urlencoded"})
    assert r.status in (303, 403), r.status
    assert f'data-account-id="{scene["upgrade"]}"' in officer.get("/officer/upgrades").text


def test_sign_out_ends_the_session(portal):
    web = signed_in(portal, "officer", *OFFICER)
    cookie = web.cookies["eid_officer"]
    page = web.get("/officer/citizens")
    assert web.submit(page, "sign-out").status == 303
    r = Http(portal).get("/officer/citizens", cookie=f"eid_officer={cookie}")
    assert r.status == 303 and r.headers["location"].startswith("/officer/sign-in")


def test_what_people_type_is_escaped(portal, scene, tmp_path):
    script = '<img src=x onerror="alert(1)">'
    form = tmp_path / "form.json"
    form.write_text(json.dumps(dict(RESIDENCE, reason=script), ensure_ascii=False))
    scene["citizen"].run("apply", str(form), "--send")
    [app] = [a for a in scene["citizen"].json("submissions") if a["id"] != scene["application"]]
    page = signed_in(portal, "officer", *OFFICER).get(f"/officer/applications/{app['id']}")
    assert page.status == 200 and "onerror" in page.text, "the reason is not shown"
    assert script not in page.text and "<img src=x" not in page.text
    desk = signed_in(portal, "desk", *CLINIC)
    r = desk.submit(desk.get("/desk/"), "new-request", doc_type="health_insurance",
                    fields="health_insurance.full_name", purpose=script)
    page = desk.get(r.headers["location"]) if r.status == 303 else r
    assert script not in page.text and "<img src=x" not in page.text, r.status


def test_a_service_asks_only_for_what_it_may(portal):
    hotel = signed_in(portal, "desk", *HOTEL)
    home = hotel.get("/desk/")
    offered = set(re.findall(r'<input[^>]*name="fields"[^>]*value="([^"]+)"', home.text))
    assert offered == {f"citizen_id_card.{f}" for f in
                       ("id_number", "full_name", "date_of_birth", "counter_portrait")}, offered
    for doc_type, field in (("citizen_id_card", "place_of_residence"),
                            ("health_insurance", "full_name")):
        r = hotel.submit(home, "new-request", doc_type=doc_type, fields=f"{doc_type}.{field}",
                         purpose="Kiểm tra")
        assert r.status in (400, 403, 422) and 'id="error"' in r.text, (field, r.status)
