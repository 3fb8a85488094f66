"""Question sets: the file format, its checks, and finding the built-in sets."""

DEFAULT_SET = "kennismaking"
"""The set an interview uses unless --set names another."""
