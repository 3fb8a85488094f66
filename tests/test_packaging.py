"""The question sets ship inside the wheel, and an installed klantprofiel finds them anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import klantprofiel
from klantprofiel.questionset import available, builtin_dir
from klantprofiel.questionset.load import load

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_the_question_sets(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    [wheel] = tmp_path.glob("klantprofiel-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "klantprofiel/questions/kennismaking.toml" in names
    assert "klantprofiel/questions/questionset.schema.json" in names
    assert "klantprofiel/py.typed" in names  # its types reach a script's type checker
    shipped = {Path(n).name for n in names if n.startswith("klantprofiel/questions/") and n.endswith(".toml")}
    assert shipped == {p.name for p in (ROOT / "questions").glob("*.toml")}


def test_every_package_folder_is_listed_in_pyproject():
    """setuptools would still ship a folder left out of the list, as 'data', with a deprecation
    warning (and a later setuptools will not): the list and the folders must be the same."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "klantprofiel").rglob("__init__.py")}
    assert listed == folders | {"klantprofiel.questions"}


@pytest.mark.skipif(Path(klantprofiel.__file__).resolve().is_relative_to(ROOT / "klantprofiel"), reason="editable install")
def test_installed_package_reads_its_own_questions(tmp_path):
    assert builtin_dir().is_relative_to(Path(klantprofiel.__file__).parent)
    result = subprocess.run([sys.executable, "-m", "klantprofiel", "questions", "validate"], cwd=tmp_path,
                            capture_output=True, text=True, env={**os.environ, "KLANTPROFIEL_DB": str(tmp_path / "s.db")})
    assert result.returncode == 0, result.stderr
    assert f"kennismaking.toml: {len(load('kennismaking').questions)} vragen" in result.stderr  # Dutch, the default language
    assert "kennismaking" in available()
