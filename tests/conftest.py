from __future__ import annotations

import datetime as dt

import pytest

REF = dt.date(2026, 11, 27)


@pytest.fixture
def ref() -> dt.date:
    return REF
