"""Regenerate the bundled Kemendagri region data in ``src/bansos_validate/regions/_data``.

The source is the shared data folder ``../shared/data/wilayah`` (derived from
cahyadsn/wilayah, MIT License, Copyright (c) 2017 Cahya DSN; edition Kepmendagri
No. 300.2.2-2138 Tahun 2025 plus historical codes of the 2015-2022 editions).

Run from the project root::

    python scripts/update_regions.py [SOURCE_DIR]

The CSV files are copied unchanged (``villages.csv`` is gzipped with a fixed mtime so the
output is reproducible) and ``meta.json`` records the edition and the SHA-256 of every
source file. Never edit the files under ``_data`` by hand.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "wilayah"
TARGET = ROOT / "src" / "bansos_validate" / "regions" / "_data"

PLAIN = ("provinces.csv", "regencies.csv", "districts.csv", "historical_codes.csv")
LICENSE = "LICENSE.cahyadsn-wilayah.txt"

META = {
    "name": "Kemendagri kode wilayah",
    "edition": "2025",
    "decree": "Kepmendagri No. 300.2.2-2138 Tahun 2025 (as amended by 300.2.2-2430/2025)",
    "historical_editions": ["2015", "2017", "2019", "2021", "2022"],
    "source": "https://github.com/cahyadsn/wilayah",
    "source_commit": "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7",
    "license": "MIT",
    "attribution": (
        "Region codes derived from cahyadsn/wilayah (MIT License, Copyright (c) 2017 "
        "Cahya DSN), based on Kepmendagri No. 300.2.2-2138 Tahun 2025."
    ),
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(source: Path) -> None:
    """Copy the region files from *source* into the package."""
    TARGET.mkdir(parents=True, exist_ok=True)
    hashes: dict[str, str] = {}
    for name in (*PLAIN, LICENSE):
        shutil.copyfile(source / name, TARGET / name)
        hashes[name] = _sha256(source / name)
    villages = source / "villages.csv"
    hashes["villages.csv"] = _sha256(villages)
    with (
        (TARGET / "villages.csv.gz").open("wb") as raw,
        gzip.GzipFile(
            filename="villages.csv", mode="wb", fileobj=raw, compresslevel=9, mtime=0
        ) as out,
    ):
        out.write(villages.read_bytes())
    meta = {**META, "sha256": dict(sorted(hashes.items()))}
    (TARGET / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
