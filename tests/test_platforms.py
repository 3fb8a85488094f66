"""Where the store lives on each platform, tested here by making this machine look like the
other one to the code that chooses (Windows and macOS themselves are not run here)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer._click.utils as click_utils

from klantprofiel.cli.options import default_db


def test_on_windows_the_store_is_in_the_local_application_folder_not_the_roaming_one(monkeypatch, tmp_path):
    monkeypatch.setattr(click_utils, "WIN", True)
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert default_db() == tmp_path / "Local" / "klantprofiel" / "klantprofiel.db"


def test_on_macos_the_store_is_in_application_support(monkeypatch, tmp_path):
    monkeypatch.setattr(click_utils, "WIN", False)
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_db() == tmp_path / "Library" / "Application Support" / "klantprofiel" / "klantprofiel.db"


def test_on_linux_the_store_follows_xdg_config_home(monkeypatch, tmp_path):
    monkeypatch.setattr(click_utils, "WIN", False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert default_db() == Path(tmp_path / "config" / "klantprofiel" / "klantprofiel.db")
