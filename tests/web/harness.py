"""Parts of the web-page suite: the real portal on loopback, the `eid` CLI as the citizen, a
small cookie-keeping HTTP client with an HTML form reader, and browser helpers (waits, axe)."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / "target" / "debug"
EID, PORTAL_BIN = BIN / "eid", BIN / "eid-portal"
AXE = ROOT / "ui" / "node_modules" / "axe-core" / "axe.min.js"
OUT = ROOT / "out" / "web"

OFFICER = ("officer", "demo-officer-pass")
SUPERVISOR = ("supervisor", "demo-supervisor-pass")
CLINIC = ("clinic-demo", "demo-clinic-secret")
HOTEL = ("hotel-demo", "demo-hotel-secret")
# Demo registry citizens (assets/registry.json): id number, phone, name, date of birth.
CITIZENS = {
    "mau": ("001099012345", "0912345678", "Nguyễn Thị Mẫu", "1985-03-14"),
    "hung": ("001052004817", "0983214506", "Trần Văn Hùng", "1952-07-08"),
    "lan": ("079148003926", "0903718245", "Lê Thị Lan", "1948-11-23"),
    "tuan": ("079090015432", "0938456120", "Phạm Minh Tuấn", "1990-02-17"),
    "trang": ("048196007215", "0905623781", "Hoàng Thị Thu Trang", "1996-09-05"),
    "hoa": ("031143002574", "0376291845", "Đặng Thị Hoa", "1943-04-02"),
}
RESIDENCE = {
    "kind": "temporary_residence",
    "address": {"line": "Số 9 Trần Phú", "ward": "Phường Hải Châu I",
                "district": "Quận Hải Châu", "province": "Đà Nẵng"},
    "from": "2027-01-01", "until": "2027-12-31", "reason": "Làm việc",
    "host": {"full_name": "Phạm Thị Chủ", "id_number": "048080000001", "relationship": "tenant"},
}


def poll(what: str, check, seconds: float = 20):
    """For conditions outside a browser (a log line, a port): polls `check` until truthy."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Portal:
    """`eid-portal serve --demo` on a free loopback port, SQLite in `folder`."""

    def __init__(self, folder: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "portal.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [str(PORTAL_BIN), "serve", "--demo", "--listen", f"127.0.0.1:{self.port}",
                 "--db", f"sqlite://{folder}/p.db?mode=rwc", "--keys", str(folder / "keys.json")],
                stdout=log, stderr=log)
        poll("the portal's health check", lambda: self.proc.poll() is None and self._healthy())

    def _healthy(self) -> bool:
        try:
            return Http(self).get("/v1/health").status == 200
        except OSError:  # not listening yet
            return False

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)

    def code_for(self, registration: str) -> str:
        pattern = rf"registration {re.escape(registration)}: (\d+)"
        return poll("the one-time code", lambda: re.search(pattern, self.log.read_text())).group(1)

    def api(self, method: str, path: str, token: str | None = None, body=None):
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body).encode()
        r = Http(self).request(method, path, data, headers)
        assert r.status < 300, f"{method} {path} → {r.status}: {r.text[:200]}"
        return json.loads(r.text) if r.text else None

    def officer_token(self) -> str:
        body = {"username": OFFICER[0], "password": OFFICER[1]}
        return self.api("POST", "/v1/officer/sessions", body=body)["token"]

    def approve_level2(self, account_id: str) -> None:
        """A shortcut over the JSON API (the journey tests the console's own approval)."""
        self.api("POST", f"/v1/officer/upgrades/{account_id}/decision", self.officer_token(),
                 {"approve": True})


class Wallet:
    """A citizen's wallet through `eid wallet …` (kernel keyring: run under `keyctl session -`)."""

    def __init__(self, home: Path, portal: Portal):
        self.portal = portal
        self.env = dict(os.environ, EID_HOME=str(home), EID_PIN="135790",
                        EID_PORTAL_URL=portal.url, EID_KEYSTORE="keyutils")

    def run(self, *args: str) -> str:
        p = subprocess.run([str(EID), "wallet", *args], env=self.env, capture_output=True,
                           text=True, timeout=60)
        assert p.returncode == 0, f"eid wallet {' '.join(args)} → {p.returncode}: {p.stderr}"
        return p.stdout.strip()

    def json(self, *args: str):
        return json.loads(self.run(*args))

    def register(self, who: str, level2=True) -> str:
        """Creates the wallet, registers (level 1), asks for level 2; returns the account id."""
        id_number, phone, name, dob = CITIZENS[who]
        self.run("create")
        reg = self.run("register", "--id-number", id_number, "--phone", phone,
                       "--name", name, "--dob", dob)
        account = self.json("verify-code", reg, self.portal.code_for(reg))["account_id"]
        if level2:
            self.run("request-level2")
        return account

    def apply_residence(self, folder: Path) -> str:
        form = folder / "residence.json"
        form.write_text(json.dumps(RESIDENCE, ensure_ascii=False))
        self.run("apply", str(form), "--send")
        return self.json("submissions")[0]["id"]

    def document(self, doc_type: str) -> str:
        return next(d["id"] for d in self.json("list") if d["doc_type"] == doc_type)


class Response:
    def __init__(self, r: http.client.HTTPResponse):
        self.status, self.headers = r.status, r.headers
        self.body = r.read()
        self.text = self.body.decode("utf-8", "replace")
        self.cookies = r.headers.get_all("set-cookie") or []

    def form(self, form_id: str) -> dict:
        forms = read_forms(self.text)
        assert form_id in forms, f"no form#{form_id} (status {self.status})"
        return forms[form_id]

    def has_id(self, element_id: str) -> bool:
        return re.search(rf"""\bid=["']?{re.escape(element_id)}["'\s>]""", self.text) is not None


class Http:
    """Plain HTTP to the portal, no redirects followed, cookies kept like a browser would."""

    def __init__(self, portal: Portal):
        self.port, self.cookies = portal.port, {}

    def request(self, method, path, body=None, headers=None) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        h = dict(headers or {})
        if self.cookies:
            h["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body, h)
        r = Response(conn.getresponse())
        conn.close()
        for c in r.cookies:
            name, _, value = c.split(";")[0].partition("=")
            if value and "max-age=0" not in c.lower():
                self.cookies[name.strip()] = value.strip()
            else:
                self.cookies.pop(name.strip(), None)
        return r

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, None, headers)

    def post(self, path: str, fields: dict) -> Response:
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                            {"content-type": "application/x-www-form-urlencoded"})

    def submit(self, page: Response, form_id: str, drop_csrf=False, **values) -> Response:
        """Posts form#`form_id` of `page` with its hidden fields and `values`."""
        form = page.form(form_id)
        fields = dict(form["fields"], **values)
        if drop_csrf:
            fields.pop("csrf", None)
        return self.post(form["action"], fields)

    def sign_in(self, area: str, name: str, secret: str) -> Response:
        page = self.get(f"/{area}/sign-in")
        keys = ("username", "password") if area == "officer" else ("service-id", "secret")
        return self.submit(page, "sign-in", **dict(zip(keys, (name, secret))))


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.current = {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {"action": a.get("action", ""), "fields": {}, "by_id": {}}
            self.forms[a.get("id") or a.get("class") or f"form{len(self.forms)}"] = self.current
        elif self.current is not None and tag in ("input", "textarea", "select", "button"):
            if a.get("name"):
                self.current["by_id"][a.get("id")] = a["name"]
                if a.get("type") == "hidden":
                    self.current["fields"][a["name"]] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def read_forms(html: str) -> dict:
    """Every form of a page by id (or class): action, hidden fields, control names by id."""
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


# --- browser helpers -------------------------------------------------------------------------

def wait(driver, condition, seconds: float = 15):
    return WebDriverWait(driver, seconds).until(condition)


def visible(driver, css: str, seconds: float = 15):
    return wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, css)), seconds)


def find(driver, css: str):
    return driver.find_element(By.CSS_SELECTOR, css)


def find_all(driver, css: str):
    return driver.find_elements(By.CSS_SELECTOR, css)


def click_and_load(driver, css: str, then: str):
    """Clicks `css` and waits for the next page to show `then`, with the old page gone.

    The old page is told apart by a mark set on its `window`, not by an element going stale:
    while Chromium swaps documents, asking about an old element can fail with an inspector
    error that is not a `StaleElementReferenceException` (seen with ChromeDriver 156), and the
    question is only whether the new document has arrived."""
    mark = f"eid-{time.monotonic_ns()}"
    driver.execute_script("window.__eidPage = arguments[0]", mark)
    find(driver, css).click()

    def new_page(d):
        try:
            return d.execute_script(
                "return window.__eidPage !== arguments[0] && document.readyState === 'complete'",
                mark)
        except WebDriverException:  # the document is being replaced: not arrived yet
            return False

    wait(driver, new_page)
    return visible(driver, then)


def browser_sign_in(driver, base: str, area: str, name: str, secret: str, lang="vi"):
    """Types the name and secret and clicks the button, as a person would."""
    driver.get(f"{base}/{area}/sign-in?lang={lang}")
    first, second = ("#username", "#password") if area == "officer" else ("#service-id", "#secret")
    visible(driver, first).send_keys(name)
    find(driver, second).send_keys(secret)
    then = "#nav-upgrades" if area == "officer" else "#new-request"
    click_and_load(driver, "#sign-in-submit", then)


def image_loaded(css: str):
    """A wait condition: the image is there and decoded."""
    return lambda d: d.execute_script(
        "const i = document.querySelector(arguments[0]);"
        "return !!i && i.complete && i.naturalWidth > 0", css)


def axe(driver) -> list[str]:
    """axe-core in the page (injected through WebDriver, so the CSP does not block it); the
    serious and critical violations as readable lines."""
    driver.execute_script(AXE.read_text())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify("
        "[{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));")
    return [f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
            for v in json.loads(result) if v.get("impact") in ("serious", "critical")]


def unlabelled_controls(driver) -> list[str]:
    """Visible form controls without a label or an accessible name."""
    return driver.execute_script("""
        const out = [];
        for (const e of document.querySelectorAll('input, select, textarea, button')) {
          if (e.type === 'hidden') continue;
          const named = (e.labels && e.labels.length) || e.getAttribute('aria-label') ||
            e.getAttribute('aria-labelledby') || (e.tagName === 'BUTTON' && e.textContent.trim());
          if (!named) out.push(e.outerHTML.slice(0, 100));
        }
        return out;""")


def tab_reaches(driver, selectors, presses=80) -> list[str]:
    """The selectors that Tab, pressed from the top of the page, never focuses."""
    driver.execute_script("document.activeElement && document.activeElement.blur();"
                          "window.scrollTo(0, 0)")
    missing = set(selectors)
    for _ in range(presses):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        missing = {s for s in missing if not driver.execute_script(
            "return document.activeElement.matches(arguments[0])", s)}
        if not missing:
            break
    return sorted(missing)


def overflows_at_200_percent(driver) -> bool:
    """1280 px at 200 % zoom is a 640 CSS px viewport at device scale 2 (WCAG 1.4.10 reflow)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 640, "height": 512, "deviceScaleFactor": 2, "mobile": False})
    try:
        return driver.execute_script(
            "return document.documentElement.scrollWidth > window.innerWidth + 1")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def check_page(driver, name, lang, ready, buttons, screenshot) -> list[str]:
    """Once `ready` shows: a screenshot, then what is wrong with the page (language, console
    errors, axe, labels, Tab order, 200 % zoom, the language switch), as readable lines."""
    visible(driver, ready)
    screenshot(driver, name, lang)
    problems = []
    shown = find(driver, "html").get_attribute("lang")
    if shown != lang:
        problems.append(f"<html lang> is {shown!r}")
    expected = ("/favicon.ico", driver.current_url + " - Failed to load resource")  # a 404 page
    problems += [f"console: {e['message'][:160]}" for e in driver.get_log("browser")
                 if e["level"] == "SEVERE" and not e["message"].startswith(expected)
                 and "/favicon.ico" not in e["message"]]  # e.g. the CSP refusing something
    problems += [f"axe: {v}" for v in axe(driver)]
    problems += [f"no label: {c}" for c in unlabelled_controls(driver)]
    problems += [f"Tab never reaches {s}" for s in tab_reaches(driver, buttons)]
    if overflows_at_200_percent(driver):
        problems.append("scrolls sideways at 200 % zoom")
    switch = find_all(driver, "a#lang-switch")
    other = "en" if lang == "vi" else "vi"
    if not switch or f"lang={other}" not in (switch[0].get_attribute("href") or ""):
        problems.append(f"no a#lang-switch to {other}")
    return [f"{name}-{lang}: {p}" for p in problems]


class TokenRecorder:
    """A loopback proxy in front of the portal that notes the bearer tokens passing through,
    to get hold of a real citizen token (the wallet signs in with its device key); it does not
    pass the wallet's sign-out on, so the token stays live."""

    def __init__(self, portal: Portal):
        tokens = self.tokens = []

        class Forward(BaseHTTPRequestHandler):
            def _any(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if self.headers.get("authorization", "").startswith("Bearer "):
                    tokens.append(self.headers["authorization"][7:])
                if self.path == "/v1/sessions/end":  # keep the token alive for the test
                    self.send_response(204)
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                r = Http(portal).request(self.command, self.path, body or None, headers)
                self.send_response(r.status)
                for k, v in r.headers.items():
                    if k.lower() not in ("transfer-encoding", "content-length", "connection"):
                        self.send_header(k, v)
                self.send_header("content-length", str(len(r.body)))
                self.end_headers()
                self.wfile.write(r.body)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
