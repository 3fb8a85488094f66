"""A real run in a pseudo-terminal, typed as a salesperson would (pexpect)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pexpect
import pytest

ENTER, DOWN, CTRL_C = "\r", "\x1b[B", "\x03"


@pytest.fixture
def spawn(tmp_path):
    env = {**os.environ, "KLANTPROFIEL_DB": str(tmp_path / "store.db"), "TERM": "xterm-256color", "COLUMNS": "120",
           # a pexpect pty never answers prompt_toolkit's cursor-position request; without this each prompt waits 1 s
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("NO_COLOR", None)
    env.pop("CI", None)

    def start(*args: str) -> pexpect.spawn:
        child = pexpect.spawn(sys.executable, ["-m", "klantprofiel", *args], env=env, cwd=str(tmp_path),
                              encoding="utf-8", dimensions=(50, 120), timeout=20)
        return child

    def show(name: str) -> dict:
        out = subprocess.run([sys.executable, "-m", "klantprofiel", "show", name, "-f", "json"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, check=True)
        [record] = json.loads(out.stdout)
        return record

    start.show = show
    return start


def answer(child: pexpect.spawn, step: int, keys: str) -> None:
    child.expect(rf"(?<!\d){step}/\d+")
    child.send(keys)


def test_interview_with_arrow_keys_and_enter(spawn):
    child = spawn("interview", "Ans de Wit")
    answer(child, 1, "Bakkerij De Wit" + ENTER)  # organisation
    for step in range(2, 6):                      # salesperson, date (today), context, notes
        answer(child, step, ENTER)
    answer(child, 6, "Belt liever" + ENTER)       # preferences
    answer(child, 7, DOWN + ENTER)                # learning_mode: think along
    for step in range(8, 18):
        answer(child, step, ENTER)                # first choice / unknown text / scale 1; 17: advisors yes
    answer(child, 18, ENTER)                      # advisors_kind: nothing picked = unknown
    answer(child, 19, ENTER)                      # advisors_role
    answer(child, 20, ENTER)                      # advice_experience
    child.expect("Samenvatting")
    child.expect("Wat wil je doen")
    child.send(ENTER)                             # save
    child.expect("Opgeslagen als interview 1 van Ans de Wit")
    child.expect("Hoe goed kennen we hem")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    record = spawn.show("ans de wit")
    assert record["customer"] == {"name": "Ans de Wit", "organisation": "Bakkerij De Wit"}
    assert record["answers"]["learning_mode"] == "think_along"
    assert record["answers"]["preferences"] == "Belt liever"
    assert record["answers"]["advisors_kind"] is None


def test_ctrl_c_keeps_a_draft_and_resume_finishes_it(spawn):
    child = spawn("interview", "Ans")
    for step in range(1, 6):
        answer(child, step, ENTER)
    answer(child, 6, ENTER)
    answer(child, 7, DOWN + ENTER)
    child.expect(r"8/\d+")
    child.send(CTRL_C)
    child.expect("klantprofiel interview Ans --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn("interview", "Ans", "--resume")
    for step in range(8, 21):
        answer(child, step, ENTER)
    child.expect("Wat wil je doen")
    child.send(ENTER)
    child.expect("Opgeslagen als interview 1 van Ans")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert spawn.show("Ans")["answers"]["learning_mode"] == "think_along"
