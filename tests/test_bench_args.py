"""`python -m klantprofiel.bench` refuses numbers it cannot measure with, before it writes a record."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("args, said", [
    (["--records", "300", "--big", "300"], "--big takes more records than --records (300)"),
    (["--records", "300", "--big", "200"], "--big takes more records than --records (300)"),
    (["--records", "0"], "--records and --repeat take a number of 1 or more"),
    (["--repeat", "0"], "--records and --repeat take a number of 1 or more"),
    (["--big", "-1"], "--big one of 0 or more"),
])
def test_numbers_it_cannot_measure_with_are_refused(tmp_path, args, said):
    """--big as large as --records made the report stop with a traceback after the whole run."""
    done = subprocess.run([sys.executable, "-m", "klantprofiel.bench", *args, "--workdir", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert said in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.iterdir())  # refused before anything was written
