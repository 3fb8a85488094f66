"""Commands that never prompt must not pay for the prompt library (questionary, prompt_toolkit)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = """
import sys
from klantprofiel.cli.app import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('questionary', 'prompt_toolkit'))
print('HEAVY:' + ','.join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["list"], ["show", "Piet"], ["show", "Piet", "-f", "json"],
                                  ["questions", "validate"], ["interview", "Piet", "--answers", "-"],
                                  ["delete", "Piet", "--yes"]])
def test_no_prompt_library_without_prompts(args, tmp_path):
    env = {**os.environ, "KLANTPROFIEL_DB": str(tmp_path / "s.db")}
    if args[0] in ("show", "delete"):
        subprocess.run([sys.executable, "-m", "klantprofiel", "interview", "Piet", "--answers", "-"], input="{}",
                       env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    result = subprocess.run([sys.executable, "-c", PROBE, *args], input="{}", env=env, cwd=tmp_path, capture_output=True, text=True)
    assert "HEAVY:\n" in result.stderr, result.stderr[-500:]
