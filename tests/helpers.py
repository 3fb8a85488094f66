"""Paths and small helpers the tests share (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "sets" / "mini.toml"
