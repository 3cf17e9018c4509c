"""The README's two set-up commands, as ``.ci/run`` finds them (awk on the heading lines)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()


def _command_after(heading: str) -> str:
    """The first ``python3 -m venv`` line after *heading*, like the awk in ``.ci/run``."""
    found = False
    for line in README:
        found = found or line.startswith(heading)
        if found and line.startswith("python3 -m venv"):
            return line
    raise AssertionError(f"no command after {heading!r}")


def test_the_demo_command_installs_the_cli_extra_and_runs_the_demo() -> None:
    command = _command_after("Run the demo on bundled synthetic data")
    assert '".[cli]"' in command
    assert command.endswith(".venv/bin/bansos-validate demo")


def test_the_test_command_installs_the_dev_extra_and_runs_pytest() -> None:
    command = _command_after("Install the development tools and run the test suite")
    assert '".[dev]"' in command
    assert command.endswith("-m pytest")


def test_ci_uses_both_headings() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "/^Run the demo on bundled synthetic data/" in ci
    assert "/^Install the development tools and run the test suite/" in ci
    assert "mkdocs build --strict" in ci
    assert "apt-get install -y -qq chromium" in ci
