"""The demo, from Python: the same as ``bansos-validate demo`` (``python examples/demo.py``).

Everything is synthetic: the population comes from ``bansos_validate.synth`` (fixed
seed) with the mistakes real rosters have planted in it, and the report shows masked
NIKs only. Options are the command's: ``python examples/demo.py --out DIR --lang en``.
"""

from __future__ import annotations

import sys

from bansos_validate.cli import main

if __name__ == "__main__":
    main(["demo", *sys.argv[1:]])
