"""The ``bansos-validate`` command line (extra ``cli``: typer and rich).

``bansos-validate demo`` runs every check on bundled synthetic data and writes a report
folder; ``check``, ``match``, ``eligibility``, ``overlap``, ``rules test``, ``synth`` and
``regions`` work on your own files. See ``docs/cli.md`` for every command, option and
exit code:

- ``0``: nothing at or above ``--fail-on`` was found;
- ``1``: findings at or above ``--fail-on`` (``rules test``: a case failed;
  ``regions``: the code was not found);
- ``2``: a usage or user error (a bad option, a missing or unreadable file, a bad
  column, a bad rule file), printed as one line without a traceback;
- ``3``: an unexpected internal error (a bug).

The commands own no logic: each one reads files with :mod:`bansos_validate.io`, calls
the public API and renders the results with :mod:`bansos_validate.report`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bansos_validate.cli._codes import EXIT_CODES

__all__ = ["EXIT_CODES", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line (the ``bansos-validate`` console script).

    Args:
        argv: the arguments (default: ``sys.argv[1:]``).

    Without the ``cli`` extra (typer, rich), print what to install and exit with 2.
    """
    try:
        from bansos_validate.cli._app import app
    except ImportError as exc:
        if exc.name not in {"typer", "rich", "click"}:
            raise
        sys.stderr.write(
            "bansos-validate: the command line needs the 'cli' extra: "
            "pip install 'bansos-validate[cli]'\n"
        )
        raise SystemExit(2) from None
    app(args=list(argv) if argv is not None else None, prog_name="bansos-validate")
