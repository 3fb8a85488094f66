"""klantprofiel: turn what a salesperson knows about a customer into advice on how to advise him."""

__version__ = "0.1.0"
"""The one place the version is written; pyproject.toml reads it from here."""
