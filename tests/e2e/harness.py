"""The end-to-end suite's parts: a desktop session (D-Bus and GNOME Keyring's Secret Service,
which can be shut down and booted again), the real portal on loopback, the `eid` CLI as a second
citizen and as the independent verifier, and the real app window driven through tauri-driver and
WebKitWebDriver. Run inside Xvfb (tests/e2e/run.sh).
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.file_detector import UselessFileDetector

ROOT = Path(__file__).resolve().parents[2]
PROFILE = os.environ.get("EID_E2E_PROFILE", "debug")
BIN = ROOT / "target" / PROFILE
APP = BIN / "eid-app"
PORTAL_BIN = BIN / "eid-portal"
EID = BIN / "eid"
OUT = ROOT / "out" / "e2e"
AXE = ROOT / "ui" / "node_modules" / "axe-core" / "axe.min.js"

OFFICER = {"username": "officer", "password": "demo-officer-pass"}
SERVICE = {"service_id": "clinic-demo", "secret": "demo-clinic-secret"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


def wait_for(what: str, check, seconds: float = 20, every: float = 0.1):
    """Polls `check` until it returns something truthy; fails with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (NoSuchElementException, StaleElementReferenceException):
            last = None
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


BUS_CONFIG = ROOT / "crates" / "testkit" / "session-bus.conf"


class Desktop:
    """A desktop login for the app: a D-Bus session bus of its own, and GNOME Keyring serving the
    Secret Service on it, unlocked with a test password and keeping its keyring in `folder`.
    `stop` ends both (as a shutdown does); `start` again on the same folder is the next boot.
    The bus has no service activation, so only this keyring answers (the same set-up and bus
    configuration as the Rust tests' eid-testkit)."""

    PASSWORD = b"test keyring password"

    def __init__(self, folder: Path):
        self.folder = folder
        self.bus: subprocess.Popen | None = None
        self.keyring: subprocess.Popen | None = None
        self.address = ""

    def env(self) -> dict[str, str]:
        return {"DBUS_SESSION_BUS_ADDRESS": self.address,
                "XDG_DATA_HOME": str(self.folder / "data"),
                "XDG_RUNTIME_DIR": str(self.folder / "run")}

    def start(self) -> None:
        run = self.folder / "run"
        run.mkdir(parents=True, exist_ok=True)
        run.chmod(0o700)
        (self.folder / "data").mkdir(parents=True, exist_ok=True)
        socket_path = run / "bus"
        socket_path.unlink(missing_ok=True)
        config = self.folder / "bus.conf"
        config.write_text(BUS_CONFIG.read_text().replace("@SOCKET@", str(socket_path)))
        self.bus = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.address = self.bus.stdout.readline().strip()
        assert self.address.startswith("unix:"), self.address
        self.keyring = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--components=secrets", "--unlock"],
            env=dict(os.environ, **self.env()), stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.keyring.stdin.write(self.PASSWORD)
        self.keyring.stdin.close()
        wait_for("GNOME Keyring on the session bus", self.secret_service_running)

    def secret_service_running(self) -> bool:
        out = subprocess.run(
            ["dbus-send", f"--bus={self.address}", "--print-reply", "--dest=org.freedesktop.DBus",
             "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
             "string:org.freedesktop.secrets"], capture_output=True, text=True)
        return "boolean true" in out.stdout

    def stop(self) -> None:
        for proc in (self.keyring, self.bus):
            if proc and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=10)
        self.keyring = self.bus = None


class Portal:
    """`eid-portal serve --demo` on loopback, on its SQLite default, restartable on the same
    database and keys (to test what happens while it is down)."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "portal.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [str(PORTAL_BIN), "serve", "--demo", "--listen", f"127.0.0.1:{self.port}",
             "--db", f"sqlite://{self.folder}/portal.db?mode=rwc",
             "--keys", str(self.folder / "keys.json")],
            stdout=log, stderr=log)
        wait_for("the portal's health check", lambda: self.get("/v1/health", None) is not None)

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None

    def code_for(self, registration_id: str) -> str:
        def find():
            m = re.search(rf"registration {re.escape(registration_id)}: (\d+)", self.log.read_text())
            return m.group(1) if m else None
        return wait_for("the one-time code in the portal's log", find)

    def latest_code(self) -> tuple[str, str]:
        def find():
            found = re.findall(r"registration (\S+): (\d+)", self.log.read_text())
            return found[-1] if found else None
        return wait_for("a one-time code in the portal's log", find)

    def call(self, method: str, path: str, token: str | None, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("content-type", "application/json")
        if token:
            req.add_header("authorization", f"Bearer {token}")
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read()
            return json.loads(text) if text else None

    def get(self, path: str, token: str | None):
        try:
            return self.call("GET", path, token)
        except (urllib.error.URLError, ConnectionError):
            return None

    def officer(self) -> str:
        return self.call("POST", "/v1/officer/sessions", None, OFFICER)["token"]

    def console(self) -> "WebForms":
        """The officer console, signed in as the demo officer."""
        web = WebForms(self.url)
        web.post("/officer/sign-in", "/officer/sign-in",
                 {"username": OFFICER["username"], "password": OFFICER["password"]})
        return web

    def desk(self) -> "WebForms":
        """The demo clinic's service desk, signed in."""
        web = WebForms(self.url)
        web.post("/desk/sign-in", "/desk/sign-in",
                 {"service-id": SERVICE["service_id"], "secret": SERVICE["secret"]})
        return web

    def approve_level2(self, id_number: str) -> None:
        """An officer finds the request in the console's queue and approves it."""
        web = self.console()

        def waiting():
            rows = re.findall(r'<tr data-account-id="([0-9a-f]+)">(.*?)</tr>',
                              web.get("/officer/upgrades"))
            return [a for a, row in rows if f"<td>{id_number}</td>" in row]
        account = wait_for("the level-2 request in the console's queue", waiting)[0]
        web.post(f"/officer/upgrades/{account}/decision", f"/officer/upgrades/{account}",
                 {"decision": "approve"})

    def applications(self, state: str | None = None) -> list:
        query = f"?state={state}" if state else ""
        return self.call("GET", f"/v1/officer/applications{query}", self.officer())

    def approve_application(self, application_id: str) -> None:
        """An officer claims and approves the application in the console."""
        web = self.console()
        page = f"/officer/applications/{application_id}"
        web.post(f"{page}/claim", page, {})
        web.post(f"{page}/decision", page, {"decision": "approve"})


class WebForms:
    """The portal's web pages as a browser without JavaScript uses them: a cookie jar, and each
    form posted with the CSRF token of the page that shows it."""

    def __init__(self, base: str):
        import http.cookiejar
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as r:
            return r.read().decode()

    def post(self, path: str, form_page: str, fields: dict) -> tuple[str, str]:
        """Posts `fields` to `path`; returns the page it led to and that page's path."""
        token = re.search(r'name="csrf" value="([0-9a-f]{64})"', self.get(form_page)).group(1)
        data = urllib.parse.urlencode([("csrf", token), *fields.items()], doseq=True).encode()
        with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=10) as r:
            return r.read().decode(), urllib.parse.urlparse(r.geturl()).path


class Cli:
    """The `eid` command line: a second citizen's wallet, and the independent verifier."""

    def __init__(self, home: Path, portal: Portal, desktop: Desktop):
        self.env = dict(os.environ, EID_HOME=str(home), EID_PIN="864209",
                        EID_PORTAL_URL=portal.url)
        self.portal, self.desktop = portal, desktop

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        # The desktop's session as it is now: after a reboot its bus has another address.
        env = dict(self.env, **self.desktop.env())
        p = subprocess.run([str(EID), *args], env=env, capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"eid {' '.join(args)} → {p.returncode}: {p.stderr}")
        return p

    def citizen_with_documents(self, id_number: str, phone: str, name: str, dob: str) -> None:
        self.run("wallet", "create")
        reg = self.run("wallet", "register", "--id-number", id_number, "--phone", phone,
                       "--name", name, "--dob", dob).stdout.strip()
        self.run("wallet", "verify-code", reg, self.portal.code_for(reg))
        self.run("wallet", "request-level2")
        self.portal.approve_level2(id_number)
        self.run("wallet", "sync")

    def document_id(self, doc_type: str) -> str:
        docs = json.loads(self.run("wallet", "list").stdout)
        return next(d["id"] for d in docs if d["doc_type"] == doc_type)

    def present(self, doc_id: str, fields: list[str], png: Path | None = None) -> str:
        args = ["wallet", "present", doc_id, "--fields", ",".join(fields)]
        if png:
            args += ["--png", str(png)]
        return self.run(*args).stdout.strip()


class App:
    """The real app window through tauri-driver (WebDriver) and WebKitWebDriver."""

    def __init__(self, home: Path, portal_url: str, exports: Path,
                 env: dict[str, str] | None = None):
        """Starts the app on the wallet in `home` (and the counter station's folder beside it,
        `home` + `-station`, so apps on other homes never share one); `env` adds to the
        environment (a desktop session's bus, `EID_KEYSTORE`)."""
        self.home, self.exports = home, exports
        self.station_home = home.with_name(home.name + "-station")
        self.port, self.native = free_port(), free_port()
        env = dict(os.environ, **(env or {}), EID_HOME=str(home), EID_PORTAL_URL=portal_url,
                   EID_EXPORT_DIR=str(exports), EID_STATION_HOME=str(self.station_home))
        self.driver_log = open(OUT / "tauri-driver.log", "ab")
        self.proc = subprocess.Popen(
            ["tauri-driver", "--port", str(self.port), "--native-port", str(self.native)],
            env=env, stdout=self.driver_log, stderr=self.driver_log)
        # tauri-driver listens before WebKitWebDriver does: wait for both (MACHINE-NOTES.md).
        wait_port(self.port)
        self.started = time.monotonic()
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(APP)})
        self.driver = None
        for attempt in range(3):
            try:
                wait_port(self.native)
                self.driver = webdriver.Remote(f"http://127.0.0.1:{self.port}", options=options)
                break
            except Exception:
                if attempt == 2:
                    raise
                time.sleep(1)
        # Files are on this machine: send their paths as they are, not through Selenium Grid's
        # upload endpoint (which WebKitWebDriver does not have).
        self.driver.file_detector = UselessFileDetector()
        self.session_at = time.monotonic()

    def quit(self) -> None:
        """Ends the session and tauri-driver, even when the session is already gone."""
        try:
            if self.driver:
                self.driver.quit()
        except Exception:  # the window may have died with the test; the driver must not stay
            pass
        finally:
            self.driver = None
            self.proc.terminate()
            self.proc.wait(timeout=10)

    # -- finding things ------------------------------------------------------------------
    def q(self, testid: str):
        return self.driver.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]')

    def qs(self, testid: str):
        return self.driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')

    def screen(self) -> str | None:
        found = self.driver.find_elements(By.CSS_SELECTOR, "[data-screen]")
        return found[-1].get_attribute("data-screen") if found else None

    def wait_screen(self, name: str, seconds: float = 20) -> None:
        wait_for(f"the {name} screen", lambda: self.driver.find_elements(
            By.CSS_SELECTOR, f'[data-screen="{name}"]'), seconds)

    def wait_testid(self, testid: str, seconds: float = 20):
        return wait_for(f"[data-testid={testid}]", lambda: self.qs(testid), seconds)[0]

    # -- acting --------------------------------------------------------------------------
    def click(self, testid: str) -> None:
        el = self.wait_testid(testid)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
        el.click()

    def type(self, testid: str, text: str, clear: bool = True) -> None:
        el = self.wait_testid(testid)
        if clear:
            el.clear()
        el.send_keys(text)

    def set_value(self, testid: str, value: str) -> None:
        """Sets an input's value as a user would, for inputs WebDriver cannot type into
        reliably (date pickers): the value, then the input and change events."""
        el = self.wait_testid(testid)
        self.driver.execute_script(
            "const e = arguments[0]; const d = Object.getOwnPropertyDescriptor("
            "Object.getPrototypeOf(e), 'value'); d.set.call(e, arguments[1]);"
            "e.dispatchEvent(new Event('input', {bubbles: true}));"
            "e.dispatchEvent(new Event('change', {bubbles: true}));", el, value)

    def choose_file(self, testid: str, path: Path) -> None:
        """Chooses a file in an `<input type=file>` as the file dialog would: the file's bytes
        go to the input through a DataTransfer and `change` fires once. (WebKitWebDriver's
        send_keys with a path does not fire `change` reliably in a Tauri window.)"""
        el = self.wait_testid(testid)
        data = base64.b64encode(Path(path).read_bytes()).decode()
        self.driver.execute_script("""
            const [input, b64, name] = arguments;
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const t = new DataTransfer();
            t.items.add(new File([bytes], name, {type: 'image/png'}));
            input.files = t.files;
            input.dispatchEvent(new Event('change', {bubbles: true}));""", el, data, Path(path).name)

    def frame_through_ipc(self, png: Path) -> dict | None:
        """What the camera component does with a video frame, done with a picture: draw it into
        a canvas (at most 640 px wide), turn it gray, and invoke `verify_frame` with the pixels
        as the raw body and the size in headers. Returns the command's answer."""
        data = base64.b64encode(png.read_bytes()).decode()
        return self.driver.execute_async_script("""
            const [b64, done] = [arguments[0], arguments[arguments.length - 1]];
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const img = new Image();
            img.onerror = () => done({error: 'image'});
            img.onload = () => {
              const scale = Math.min(1, 640 / img.width);
              const w = Math.round(img.width * scale), h = Math.round(img.height * scale);
              const c = document.createElement('canvas'); c.width = w; c.height = h;
              const g = c.getContext('2d'); g.drawImage(img, 0, 0, w, h);
              const rgba = g.getImageData(0, 0, w, h).data;
              const gray = new Uint8Array(w * h);
              for (let i = 0; i < w * h; i++)
                gray[i] = (rgba[4*i] * 77 + rgba[4*i+1] * 150 + rgba[4*i+2] * 29) >> 8;
              window.__TAURI_INTERNALS__.invoke('verify_frame', gray,
                {headers: {'x-width': String(w), 'x-height': String(h)}}).then(done, e => done({error: e}));
            };
            img.src = URL.createObjectURL(new Blob([bytes], {type: 'image/png'}));""", data)

    def scanner_types(self, testid: str, text: str) -> None:
        """A keyboard-wedge scanner: types the code's text, then Enter."""
        el = self.wait_testid(testid)
        el.clear()
        el.send_keys(text)
        el.send_keys(Keys.ENTER)

    def invoke(self, command: str, args: dict | None = None):
        """Calls one of the app's commands over the real IPC, as the UI does; returns its
        answer, or `{"error": …}` when it rejects."""
        return self.driver.execute_async_script(
            "const [cmd, args, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];"
            "window.__TAURI_INTERNALS__.invoke(cmd, args).then(done, e => done({error: e}));",
            command, args or {})

    def pin(self, digits: str) -> None:
        for d in digits:
            self.click(f"pin-key-{d}")

    def shot(self, name: str, lang: str) -> Path:
        """A screenshot of the window as the X server shows it. WebKitWebDriver's own
        screenshot is blank under Xvfb (accelerated compositing), so the window's rectangle is
        cut from the root window with ImageMagick, after two painted frames."""
        folder = OUT / "screenshots" / lang
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));")
        time.sleep(0.2)
        r = self.driver.get_window_rect()
        subprocess.run(["import", "-window", "root", "-crop",
                        f"{r['width']}x{r['height']}+{r['x']}+{r['y']}", "+repage", str(path)],
                       check=True, timeout=30)
        return path

    # -- checking ------------------------------------------------------------------------
    def axe(self) -> list[dict]:
        """Runs axe-core in the page; returns the serious and critical violations."""
        if not self.driver.execute_script("return typeof window.axe !== 'undefined'"):
            self.driver.execute_script(AXE.read_text())
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));")
        return [v for v in json.loads(result) if v.get("impact") in ("serious", "critical")]

    def overflowing(self) -> list[str]:
        """Elements whose box reaches past the viewport's right edge (text size 200 %)."""
        return self.driver.execute_script("""
            const w = document.documentElement.clientWidth; const out = [];
            if (document.documentElement.scrollWidth > w + 1) out.push('document scrolls sideways');
            for (const e of document.querySelectorAll('body *')) {
              const r = e.getBoundingClientRect();
              if (r.width > 0 && r.height > 0 && r.right > w + 1 && getComputedStyle(e).position !== 'fixed')
                out.push((e.dataset.testid || e.tagName.toLowerCase()) + ' right=' + Math.round(r.right));
            }
            return out.slice(0, 10);""")

    def keyboard_problems(self) -> list[str]:
        """Controls that cannot be reached with Tab, or have no accessible name."""
        return self.driver.execute_script("""
            const sel = 'button, a[href], input, select, textarea, [tabindex]';
            const out = [];
            for (const e of document.querySelectorAll(sel)) {
              const r = e.getBoundingClientRect();
              if (r.width === 0 && r.height === 0) continue;
              if (e.disabled) continue;
              if (e.tabIndex < 0 && e.type !== 'file') out.push('not focusable: ' + (e.dataset.testid || e.outerHTML.slice(0, 80)));
              const named = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') ||
                (e.labels && e.labels.length) || (e.textContent || '').trim() || e.getAttribute('title');
              if (!named) out.push('no name: ' + (e.dataset.testid || e.outerHTML.slice(0, 80)));
            }
            return out;""")
