#!/usr/bin/env bash
# The portal demo, run by scripts/run.sh inside `keyctl session -`: the scripted walk-through's
# throwaway wallet keeps its key in the kernel's session keyring (EID_KEYSTORE=keyutils, which
# works on headless machines too; eid says it is lost at reboot). Starts `eid-portal serve --demo`
# on its SQLite default in out/portal,
# then walks a citizen through it with `eid wallet …`: register with the one-time code from the
# portal's log, ask for level 2, an officer approves in the officer console (its forms posted as a
# browser posts them: sign-in, session cookie, CSRF token), documents are synced and a
# health-insurance QR is presented; a residence declaration is queued, sent exactly once,
# approved, and its result document synced. The portal keeps running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=target/release
OUT=out/portal
PORTAL=http://127.0.0.1:8080
rm -rf "$OUT" && mkdir -p "$OUT"

"$BIN/eid-portal" serve --demo --listen 127.0.0.1:8080 \
  --db "sqlite://$OUT/eid-portal.db?mode=rwc" --keys "$OUT/eid-portal-keys.json" 2>"$OUT/portal.log" &
PORTAL_PID=$!
trap 'kill $PORTAL_PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "$PORTAL/v1/health" >/dev/null && break; sleep 0.1; done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
export EID_HOME="$OUT/wallet" EID_PIN=135790 EID_PORTAL_URL="$PORTAL" EID_KEYSTORE=keyutils
step() { printf '\n== %s\n' "$*"; }
# The officer console as a browser uses it: a cookie jar, and each form's CSRF token read from
# the page that shows the form.
JAR="$OUT/officer.cookies"
csrf_of() { curl -sf -b "$JAR" -c "$JAR" "$PORTAL$1" | sed -n 's/.*name="csrf" value="\([0-9a-f]\{64\}\)".*/\1/p'; }
console_post() { # path, page that shows the form, form fields…
  local path=$1 page=$2; shift 2
  local token; token=$(csrf_of "$page")
  curl -sf -b "$JAR" -c "$JAR" -o /dev/null "$PORTAL$path" --data-urlencode "csrf=$token" "$@"
}

step "A citizen creates a wallet and registers (level 1)"
"$BIN/eid" wallet create
REG=$("$BIN/eid" wallet register --id-number 001099012345 --phone 0912345678 \
  --name "Nguyễn Thị Mẫu" --dob 1985-03-14)
sleep 0.2
CODE=$(sed -n "s/.*registration $REG: //p" "$OUT/portal.log")
ACCOUNT=$("$BIN/eid" wallet verify-code "$REG" "$CODE" | json '["account_id"]')
echo "account $ACCOUNT, one-time code $CODE (demo: read from the portal's log)"

step "Level 2: the citizen asks, an officer approves after the in-person check"
"$BIN/eid" wallet request-level2 >/dev/null
console_post /officer/sign-in /officer/sign-in --data-urlencode username=officer \
  --data-urlencode password=demo-officer-pass
console_post "/officer/upgrades/$ACCOUNT/decision" "/officer/upgrades/$ACCOUNT" -d decision=approve
echo "approved in the officer console ($PORTAL/officer/)"
"$BIN/eid" wallet sync
"$BIN/eid" wallet list

step "At the clinic: name, date of birth, insurance number and validity as a QR"
CARD=$("$BIN/eid" wallet list | python3 -c \
  "import json,sys; print([d['id'] for d in json.load(sys.stdin) if d['doc_type']=='health_insurance'][0])")
"$BIN/eid" wallet present "$CARD" --fields full_name,date_of_birth,insurance_number,valid_from,valid_until \
  --png "$OUT/clinic-qr.png" | cut -c1-60
echo "QR image: $OUT/clinic-qr.png"

step "A temporary residence registration: queued, sent exactly once, approved"
cat >"$OUT/residence.json" <<'FORM'
{"kind": "temporary_residence",
 "address": {"line": "Số 9 Trần Phú", "ward": "Phường Hải Châu I", "district": "Quận Hải Châu", "province": "Đà Nẵng"},
 "from": "2027-01-01", "until": "2027-12-31", "reason": "Làm việc",
 "host": {"full_name": "Phạm Thị Chủ", "id_number": "048080000001", "relationship": "tenant"}}
FORM
"$BIN/eid" wallet apply "$OUT/residence.json" --send >/dev/null
APP=$("$BIN/eid" wallet submissions | json '[0]["id"]')
console_post "/officer/applications/$APP/claim" "/officer/applications/$APP"
console_post "/officer/applications/$APP/decision" "/officer/applications/$APP" -d decision=approve
"$BIN/eid" wallet sync >/dev/null
"$BIN/eid" wallet submissions

printf '\nThe portal runs at %s: officer console %s/officer/ (officer / demo-officer-pass),\n' "$PORTAL" "$PORTAL"
printf 'service desk %s/desk/ (clinic-demo / demo-clinic-secret). The wallet is in %s;\n' "$PORTAL" "$EID_HOME"
printf 'try: EID_HOME=%s EID_PIN=135790 %s/eid wallet --help.\n' "$EID_HOME" "$BIN"

# Whether the desktop's Secret Service (GNOME Keyring, KWallet) answers on the session bus.
secret_service_running() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"
}

# The app, connected to this portal, when there is a display to show it on. Its wallet keeps
# its key where an installed app's would: in the desktop's keyring. Without one (a bare X
# server), in the kernel keyring, and the app says that it is lost at reboot.
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  step "The app: register another citizen from the registry (e.g. ID 001052004817, Trần Văn Hùng,"
  echo "born 1952-07-08, phone 0983214506); the one-time code is in $OUT/portal.log."
  echo "Closing the app stops the portal."
  APP_KEYSTORE=platform
  if ! secret_service_running; then
    APP_KEYSTORE=keyutils
    echo "No Secret Service on this desktop's session bus: the app keeps its key in the kernel keyring."
  fi
  EID_KEYSTORE=$APP_KEYSTORE EID_HOME="$OUT/app-wallet" EID_PORTAL_URL="$PORTAL" \
    EID_EXPORT_DIR="$OUT/exports" "$BIN/eid-app"
else
  echo
  echo "No display here (DISPLAY and WAYLAND_DISPLAY are unset), so the desktop app cannot open."
  echo "Everything the app does is also in the CLI: $BIN/eid wallet --help (docs/cli.md)."
  echo "Ctrl-C stops the portal."
  wait $PORTAL_PID
fi
