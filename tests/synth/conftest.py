"""Shared populations for the synth tests (generated once per session)."""

from __future__ import annotations

import datetime as dt

import pytest

from bansos_validate import synth

SEED = 20260101
REGIONS = ("3576", "3510")  # Kota Mojokerto (kelurahan only) and Kab. Banyuwangi (desa)
N_HOUSEHOLDS = 6000  # about 20,000 persons
RATES = synth.ErrorRates().scaled(3)  # more errors, so that rates can be measured


@pytest.fixture(scope="session")
def pop() -> synth.Population:
    return synth.generate(n_households=N_HOUSEHOLDS, regions=REGIONS, seed=SEED, error_rates=RATES)


@pytest.fixture(scope="session")
def clean() -> synth.Population:
    return synth.generate(
        n_households=N_HOUSEHOLDS, regions=REGIONS, seed=SEED, error_rates=synth.ErrorRates.none()
    )


@pytest.fixture(scope="session")
def reference() -> dt.date:
    return dt.date(2026, 1, 1)


@pytest.fixture(scope="session")
def rates() -> synth.ErrorRates:
    return RATES
