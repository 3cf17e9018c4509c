from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest

REF = dt.date(2026, 11, 27)


@pytest.fixture
def ref() -> dt.date:
    return REF


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
