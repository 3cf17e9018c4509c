"""Exit codes of the command line (no typer import, so ``bansos_validate.cli`` stays light)."""

from __future__ import annotations

__all__ = ["EXIT_CODES", "EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE"]

EXIT_OK = 0
"""Nothing at or above ``--fail-on`` was found."""
EXIT_FINDINGS = 1
"""Findings at or above ``--fail-on`` (``rules test``: a case failed; ``regions``: not found)."""
EXIT_USAGE = 2
"""A usage or user error: a bad option, a missing or unreadable file, a bad column or rule file."""
EXIT_INTERNAL = 3
"""An unexpected internal error (a bug)."""

EXIT_CODES = {
    EXIT_OK: "nothing at or above --fail-on was found",
    EXIT_FINDINGS: "findings at or above --fail-on (rules test: a case failed; regions: not found)",
    EXIT_USAGE: "usage or user error (bad option, missing or unreadable file, bad column or rule)",
    EXIT_INTERNAL: "internal error (a bug)",
}
"""Every exit code and what it means."""
