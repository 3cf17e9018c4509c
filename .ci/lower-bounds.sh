#!/usr/bin/env bash
# Lower-bounds job: install bansos-validate with the OLDEST supported versions of its
# dependencies (.ci/lower-bounds.txt) into a fresh virtual environment and run the tests
# of the core (ids, tables, rules, households, matching, names, with their doctests) and
# the CLI demo there. The main test run (.ci/run) covers the newest versions.
#
# Usage: .ci/lower-bounds.sh [PYTHON]   (default: python3; the oldest supported Python)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON="${1:-python3}"
START=$(date +%s)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "== lower bounds: fresh venv ($("$PYTHON" --version)), pip install -c .ci/lower-bounds.txt"
"$PYTHON" -m venv "$WORK/venv"
V="$WORK/venv/bin"
# Test tools (pytest, duckdb for the DuckDB-relation tests) are not bounded: the newest.
"$V/pip" install -q -c .ci/lower-bounds.txt ".[pandas,testing,cli]" pytest duckdb
"$V/pip" check

# Every pinned package really is at its pin (a constraint pip could not honour fails).
"$V/python" - .ci/lower-bounds.txt <<'EOF'
import re, sys
from importlib.metadata import version

bad = []
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
    if m and version(m[1]) != m[2]:
        bad.append(f"{m[1]}: {version(m[1])} installed, {m[2]} pinned")
if bad:
    sys.exit("lower bounds not installed: " + "; ".join(bad))
print("installed at their lower bounds:", sum(1 for l in open(sys.argv[1]) if "==" in l), "packages")
EOF

echo "== lower bounds: tests (the installed package, not src/)"
S="$("$V/python" -c 'import bansos_validate, os; print(os.path.dirname(bansos_validate.__file__))')"
# Spark tests need pyspark (not bounded here); the rules benchmark test needs the
# rule-engine baseline (dev only).
(cd "$WORK" && "$V/python" -m pytest -q -p no:cacheprovider -c "$ROOT/pyproject.toml" \
  --rootdir "$ROOT" --ignore-glob="$ROOT/tests/*/test_spark.py" \
  --ignore="$ROOT/tests/rules/test_benchmark.py" \
  "$ROOT/tests/ids" "$ROOT/tests/table" "$ROOT/tests/rules" "$ROOT/tests/household" \
  "$ROOT/tests/matching" "$ROOT/tests/names" "$ROOT/tests/test_robustness.py" \
  "$ROOT/tests/io/test_csv.py" "$ROOT/tests/io/test_xlsx.py" "$ROOT/tests/io/test_write.py" \
  "$S/ids" "$S/table" "$S/rules" "$S/household" "$S/matching" "$S/names" \
  "$S/regions" "$S/issues.py" "$S/privacy.py")

echo "== lower bounds: smoke test and the CLI demo"
"$V/python" scripts/smoke_test.py
"$V/bansos-validate" demo --out "$WORK/demo" > "$WORK/demo.txt" 2>&1 || { cat "$WORK/demo.txt"; exit 1; }
tail -n 3 "$WORK/demo.txt"
test -s "$WORK/demo/laporan.html" || { echo "the demo wrote no report"; exit 1; }
"$V/bansos-validate" --help > /dev/null
"$V/bansos-validate" --version
echo "== lower bounds passed in $(( $(date +%s) - START )) s"
