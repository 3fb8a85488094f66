"""Where the store lives on each platform, tested here by making this machine look like the
other one to the code that chooses (Windows and macOS themselves are not run here)."""

from __future__ import annotations

import json
import os
import subprocess
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


def test_a_store_and_files_in_folders_with_spaces_and_accents_work_for_every_kind_of_command(tmp_path):
    """Windows and macOS users keep files in "Mijn documenten" and "Clients – Zürich": the store,
    an answers file, an export and an import there work as anywhere else."""
    folder = tmp_path / "Mijn documenten" / "Klanten – Zürich é"
    folder.mkdir(parents=True)
    env = {**os.environ, "KLANTPROFIEL_DB": str(folder / "mijn store.db")}

    def klantprofiel(*args: str, input: str | None = None) -> str:
        out = subprocess.run([sys.executable, "-m", "klantprofiel", *args], env=env, input=input, capture_output=True,
                             text=True, encoding="utf-8", timeout=60)
        assert out.returncode == 0, (args, out.stderr)
        return out.stdout

    answers = folder / "antwoorden van Anaïs.json"
    answers.write_text(json.dumps({"learning_mode": "listen"}), encoding="utf-8")
    klantprofiel("interview", "Anaïs Müller", "--answers", str(answers))
    assert "Anaïs Müller" in klantprofiel("show", "anaïs müller")
    exported = folder / "export – alles.jsonl"
    klantprofiel("export", "-o", str(exported))
    env["KLANTPROFIEL_DB"] = str(folder / "tweede store.db")
    klantprofiel("import", str(exported))
    assert json.loads(klantprofiel("list", "-f", "json"))[0]["name"] == "Anaïs Müller"
