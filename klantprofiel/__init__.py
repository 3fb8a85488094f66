"""klantprofiel: turn what a salesperson knows about a customer into advice on how to advise him."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("klantprofiel")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"
