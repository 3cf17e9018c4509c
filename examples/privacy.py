"""Privacy: masking and keyed pseudonyms (``python examples/privacy.py``).

NIK and KK numbers are personal data (UU PDP 27/2022, UU Adminduk art. 84): mask them
in anything a person reads; link agencies' data with keyed HMAC tokens, never plain hashes.
"""

from __future__ import annotations

import secrets

import bansos_validate as bv

print(bv.mask_nik("3576014403910003"))  # 357601**********: the region stays visible
assert bv.mask_nik("3576014403910003") == "357601**********"
assert bv.mask_kk("3576010101200001") == "357601**********"

key = secrets.token_bytes(32)  # keep it in a secret store, share it over a secure channel
token = bv.pseudonymize("3576014403910003", key=key)
assert token == bv.pseudonymize("3576 0144 0391 0003", key=key)  # compact digits are keyed
assert token != bv.pseudonymize("3576014403910003", key=secrets.token_bytes(32))
print(token[:16], "...")

for weak in (b"short", "a text key", b"\x00" * 32):
    try:
        bv.pseudonymize("3576014403910003", key=weak)  # type: ignore[arg-type]
    except bv.WeakKeyError as exc:
        print("refused:", exc)
    else:
        raise AssertionError("a weak key was accepted")
