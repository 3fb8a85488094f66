"""Question sets: the file format, its checks, and finding the built-in sets.

Finding the built-in sets needs no model and no pydantic: shell completion of `--set` lists
them on every Tab."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_SET = "kennismaking"
"""The set an interview uses unless --set names another."""


def builtin_dir() -> Path:
    """questions/ as shipped inside the wheel, or at the top of a checkout (editable install)."""
    shipped = Path(str(resources.files("klantprofiel"))) / "questions"
    return shipped if shipped.is_dir() else Path(__file__).resolve().parents[2] / "questions"


def available() -> dict[str, Path]:
    """Built-in set id -> file. A set's id is its file name without `.toml`."""
    return {p.stem: p for p in sorted(builtin_dir().glob("*.toml"))}
