from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

REF = dt.date(2026, 11, 27)


@pytest.fixture
def ref() -> dt.date:
    return REF


_PEAK_PRELUDE = """\
import atexit as _bv_atexit, os as _bv_os
def _bv_peak():
    try:
        with open('/proc/self/status') as status:
            line = next(x for x in status if x.startswith('VmHWM'))
        with open(_bv_os.environ['BV_PEAK_FILE'], 'w') as out:
            out.write(line.split()[1])
    except Exception:
        pass
_bv_atexit.register(_bv_peak)
"""


@attrs.frozen
class Bounded:
    """How a bounded run ended: exit code, output, peak memory and time taken."""

    returncode: int
    stdout: str
    stderr: str
    peak_mib: float
    seconds: float
    timed_out: bool


def run_bounded(
    code: str, *, seconds: float = 60.0, memory_mib: int = 1024, cwd: str | None = None
) -> Bounded:
    """Run Python *code* in a child process held to *seconds* and *memory_mib*.

    The child's address space is capped (twice the budget, at least 3 GiB, so a runaway
    cannot take the machine) and it is killed after *seconds*; the caller asserts on
    ``peak_mib`` (the child's own peak resident memory, ``VmHWM`` written at exit; for a
    child killed before it could write it, ``wait4``'s figure, which also counts the
    parent's memory at the fork) and ``timed_out``.
    Hostile-input tests use this so each case is bounded in the test itself.
    """
    cap = max(2 * memory_mib, 3072) * 1024 * 1024

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    start = time.monotonic()
    scratch = tempfile.TemporaryDirectory(prefix="bv-bounded-")
    peak_file = os.path.join(scratch.name, "peak")  # noqa: PTH118 - a plain string for env
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(
            [sys.executable, "-c", _PEAK_PRELUDE + textwrap.dedent(code)],
            stdout=out,
            stderr=err,
            text=True,
            preexec_fn=limit,  # noqa: PLW1509 - the child runs no threads before exec
            cwd=cwd,
            env={**os.environ, "BV_PEAK_FILE": peak_file},
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > seconds:
                timed_out = True
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        child.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    try:  # the child's own high-water mark (ru_maxrss would include the parent at fork)
        with open(peak_file, encoding="ascii") as handle:  # noqa: PTH123
            peak = int(handle.read()) / 1024
    except (OSError, ValueError):
        peak = usage.ru_maxrss / 1024  # killed before it could say: the upper bound
    scratch.cleanup()
    return Bounded(child.returncode, stdout, stderr, peak, elapsed, timed_out)


@pytest.fixture
def bounded() -> Callable[..., Bounded]:
    """:func:`run_bounded`: run code in a child process bounded in time and memory."""
    return run_bounded


def _spark_session() -> Any:
    """The local-mode SparkSession of the test run (created on first use)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only
    from pyspark.sql import SparkSession  # a dev dependency, slow to import: on first use

    session = (
        SparkSession.builder.master("local[2]")
        .appName("bansos-validate-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


@pytest.fixture(scope="session")
def _spark_stopper() -> Iterator[None]:
    yield
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


@pytest.fixture
def spark(_spark_stopper: None) -> Any:
    """A local-mode SparkSession shared by the whole test run.

    ``getOrCreate`` hands back the running session, or starts a new one if a test module
    stopped it (``tests/table/test_spark.py`` keeps its own module-scoped fixture).
    """
    return _spark_session()
