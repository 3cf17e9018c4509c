"""Reports for people and pipelines: a self-contained HTML page, findings as XLSX/CSV/Parquet.

A :class:`Report` gathers the result objects of one run (``check_table``,
``check_households``, ``match_records``, ``rules.evaluate``, ``find_overlaps``) and what
they were computed from (:class:`InputFile`: path and SHA-256). It computes nothing
again; it renders:

- :meth:`Report.to_html`: one HTML file with inline CSS and inline SVG charts (no
  network needed to view it), in Bahasa Indonesia with English one click away;
- :meth:`Report.findings`: one row per finding with the source row number and masked
  NIK/KK, for an officer to filter in a spreadsheet;
- :meth:`Report.write`: the report folder (``laporan.html``, ``temuan.xlsx``,
  ``temuan.csv``, ``temuan.parquet``, ``ringkasan.json``).

NIK and KK numbers are masked everywhere unless ``unmasked=True`` is asked for.

>>> import datetime as dt
>>> import polars as pl
>>> import bansos_validate as bv
>>> from bansos_validate import report
>>> roster = pl.DataFrame({"nik": ["3576014403910003", "3576014403910000"]})
>>> result = bv.check_table(roster, reference_date=dt.date(2026, 11, 27))
>>> run = report.Report(reference_date=dt.date(2026, 11, 27), table=result)
>>> run.findings().select("row", "nik", "code", "severity").row(0)
(2, '357601**********', 'nik_serial_zero', 'error')
>>> run.severity_counts()  # the info: checks skipped for want of a KK, date and sex column
{'error': 1, 'warning': 0, 'info': 3}
>>> [c.check for c in run.manifest.skipped][:3]
['kk', 'nik_equals_kk', 'tanggal_lahir']
>>> html = run.to_html()
>>> html.startswith("<!DOCTYPE html>") and "3576014403910000" not in html
True

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from bansos_validate.report._fragment import fragment
from bansos_validate.report._model import InputFile, Report, generated_now
from bansos_validate.report._write import FILES, FORMATS

__all__ = ["FILES", "FORMATS", "InputFile", "Report", "fragment", "generated_now"]

for _obj in (InputFile, Report, fragment, generated_now):
    _obj.__module__ = __name__
del _obj
