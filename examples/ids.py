"""NIK and KK numbers, one at a time: parse, validate, mask (``python examples/ids.py``).

Every number here is synthetic. ``parse_nik`` never raises on bad data: it returns what
it could read plus issues with stable codes, in Bahasa Indonesia or English.
"""

from __future__ import annotations

import datetime as dt

import bansos_validate as bv
from bansos_validate.ids import nik

REF = dt.date(2026, 11, 27)

# A valid NIK: region, birth date (day + 40 for women), serial.
info = bv.parse_nik("3576014403910003", reference_date=REF)
print(info)  # <NikInfo 357601********** valid>: the repr never shows the number
print(info.district, info.birth_date, info.sex.value)
assert info.is_valid and info.sex == bv.Sex.P and info.birth_date == dt.date(1991, 3, 4)

# A child born in 2010 stays born in 2010 (the century is resolved against REF).
child = bv.parse_nik("3576015505100002", reference_date=REF)
assert child.birth_date == dt.date(2010, 5, 15)

# Spreadsheet damage is told apart from invalid numbers: re-export, do not reject.
damaged = bv.parse_nik("3.57601E+15", reference_date=REF)
print(damaged.status, [i.code for i in damaged.issues])
assert damaged.status == "excel_damaged"

# Day 85 does not exist; messages in both languages.
bad = bv.parse_nik("3576018503910003", reference_date=REF)
for issue in bad.issues:
    print(f"{issue.code}: {issue.message()} / {issue.message('en')}")
assert not bv.is_valid_nik("3576018503910003")

# The stdnum-style module contract: compact, validate (raises), format.
assert nik.compact("3576 0144 0391 0003") == "3576014403910003"
assert nik.format("3576014403910003") == "357601 440391 0003"
try:
    bv.validate_nik("3576014403910000")
except bv.InvalidNik as exc:
    print("refused:", exc)  # the message masks the number
    assert "3576014403910000" not in str(exc)

kk = bv.parse_kk("3576010101200001", reference_date=REF)
print(kk, kk.issue_date)
assert kk.issue_date == dt.date(2020, 1, 1)
