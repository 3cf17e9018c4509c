"""``python -m bansos_validate.cli``: the same as the ``bansos-validate`` command."""

from __future__ import annotations

from bansos_validate.cli import main

if __name__ == "__main__":
    main()
