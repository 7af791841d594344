#!/usr/bin/env python3
"""Registers a citizen on a running `eid-portal --demo` and prints a session token.

Reads the demo one-time code from the portal's log file. Signs the login challenge with a fresh
P-256 key (raw r||s), exactly as the wallet does (docs/api/README.md).
usage: portal_login.py BASE_URL PORTAL_LOG ID_NUMBER (a citizen of assets/registry.json: registration
is checked against the registry)
"""
import json
import pathlib
import sys
import time

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

base, log, id_number = sys.argv[1], sys.argv[2], sys.argv[3]
key = ec.generate_private_key(ec.SECP256R1())
public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
registry = json.loads((pathlib.Path(__file__).parents[1] / "assets" / "registry.json").read_text("utf-8"))
who = next(c for c in registry if c["id_number"] == id_number)
reg = requests.post(f"{base}/v1/registrations", json={
    "id_number": id_number, "phone": who["phone"], "full_name": who["full_name"],
    "date_of_birth": who["date_of_birth"], "device_public_key": public.hex()}).json()
rid = reg["registration_id"]
code = None
for _ in range(100):
    for line in open(log, encoding="utf-8"):
        if f"registration {rid}: " in line:
            code = line.rsplit(": ", 1)[1].strip()
    if code:
        break
    time.sleep(0.05)
account = requests.post(f"{base}/v1/registrations/{rid}/verify", json={"code": code}).json()
aid = account["account_id"]
challenge = requests.post(f"{base}/v1/sessions/challenge", json={"account_id": aid}).json()["challenge"]
der = key.sign(f"eid-portal login v1:{aid}:{challenge}".encode(), ec.ECDSA(hashes.SHA256()))
r, s = decode_dss_signature(der)
signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
session = requests.post(f"{base}/v1/sessions", json={"account_id": aid, "challenge": challenge, "signature": signature.hex()}).json()
print(session["token"])
