"""Reading what we know must not pay for the interview's prompt library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SCRIPT = """
import sys
from typer.testing import CliRunner
from klantprofiel.cli.app import app
result = CliRunner().invoke(app, sys.argv[1:])
assert result.exit_code == 0, result.output
print("questionary" in sys.modules or "prompt_toolkit" in sys.modules)
"""


@pytest.mark.parametrize("command", [["show", "Jan"], ["brief", "Jan"], ["history", "Jan"], ["diff", "Jan"]])
def test_reading_commands_do_not_import_the_prompts(interviewed, command):
    interviewed("Jan", {"learning_mode": "listen"})
    interviewed("Jan", {"learning_mode": "think_along"})
    loaded = subprocess.run([sys.executable, "-c", SCRIPT, *command], capture_output=True, text=True, check=True)
    assert json.loads(loaded.stdout.strip().splitlines()[-1].lower()) is False
