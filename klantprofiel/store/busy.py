"""How long a store waits for another klantprofiel that holds it ($KLANTPROFIEL_BUSY_TIMEOUT).

Both stores read the one setting (SQLite as its busy timeout, PostgreSQL as its connect and lock
timeout), so it is apart from either backend's opening code."""

from __future__ import annotations

import math
import os

from klantprofiel.errors import UsageError

BUSY_TIMEOUT_S = 10.0
BUSY_TIMEOUT_ENV = "KLANTPROFIEL_BUSY_TIMEOUT"


def busy_timeout() -> float:
    """How long to wait for another klantprofiel, in seconds ($KLANTPROFIEL_BUSY_TIMEOUT)."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV)
    if raw is None:
        return BUSY_TIMEOUT_S
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= 3600:
        raise UsageError("busy_timeout_bad", env=BUSY_TIMEOUT_ENV, raw=raw)
    return seconds
