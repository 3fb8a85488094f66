"""Every command the README shows is run, as a reader would run it, and must do what it says:
exit 0 and complain about nothing. A command added to the README is run too, without a line
here; only the README's placeholders (an interview id 12, an import id 7, a customer id
k-7f3a9c2d) are swapped for real ones, and the set-up commands and the benchmarks, which take
minutes, are checked for what they name rather than run.

Each command runs in its own copy of a small world: a store with Piet Jansen and two people
called Jan de Vries, an import, a draft, and the files the README's commands name.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent


def shown_commands() -> list[str]:
    """The commands in the README's ```sh blocks, and the `$ ` lines of its other blocks, each
    with its continuation lines joined."""
    commands, block, joined = [], None, ""
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            block = None if block is not None else line[3:].strip()
            continue
        if block is None:
            continue
        if block != "sh":
            if not line.startswith("$ "):
                continue
            line = line[2:]
        joined += line.rstrip("\\") + " " if line.endswith("\\") else line
        if not line.endswith("\\") and joined.strip():
            commands.append(joined.strip())
            joined = ""
        elif not line.endswith("\\"):
            joined = ""
    return commands


def words(command: str) -> list[str]:
    return shlex.split(command, comments=True)


SET_UP = re.compile(r"^python3 -m venv ")
BENCH = re.compile(r"^python -m klantprofiel\.bench")


def interactive(command: str) -> bool:
    """Asks the user at the terminal: an interview without an answers file, or an erasure without --yes."""
    said = words(command)
    if not said or said[0] != "klantprofiel":
        return False
    if "interview" in said and "--answers" not in said:
        return True
    return ("delete" in said or "--undo" in said) and "--yes" not in said


def klantprofiel(world: Path, *args: str, input: str | None = None) -> str:
    out = subprocess.run([str(BIN / "klantprofiel"), *args], cwd=world, input=input, capture_output=True, text=True,
                         env=environment(world), timeout=60)
    assert out.returncode == 0, (args, out.stderr)
    return out.stdout


def environment(world: Path) -> dict[str, str]:
    env = {**os.environ, "KLANTPROFIEL_DB": str(world / "store.db"), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "PAGER": "cat", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    return env


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The world every command starts from."""
    world = tmp_path_factory.mktemp("readme")
    shutil.copytree(EXAMPLES, world / "examples")
    klantprofiel(world, "interview", "Piet Jansen", "--answers", "-",
                 input=json.dumps({"learning_mode": "listen", "other_advisors": "no", "organisation": "Bakkerij Jansen"}))
    for path in sorted((EXAMPLES / "customers" / "bakker").glob("*.json")):  # the bakery owner, as Jan de Vries
        answers = json.loads(path.read_text(encoding="utf-8")) | {"organisation": "Bakkerij Jansen"}
        klantprofiel(world, "interview", "Jan de Vries", "--set", path.stem, "--answers", "-", input=json.dumps(answers))
    others = [line for line in (EXAMPLES / "import.jsonl").read_text(encoding="utf-8").splitlines() if "Jan de Vries" not in line]
    klantprofiel(world, "import", "-", input="\n".join(others) + "\n")  # an import to undo
    (world / "antwoorden.toml").write_text('learning_mode = "listen"\norganisation = "Bakkerij Jansen"\n', encoding="utf-8")
    shutil.copy(EXAMPLES / "import.jsonl", world / "antwoorden.jsonl")
    shutil.copy(EXAMPLES / "import.jsonl", world / "crm.jsonl")
    shutil.copy(EXAMPLES / "import.csv", world / "crm.csv")
    shutil.copy(EXAMPLES / "crm-export.map.toml", world / "crm.toml")
    (world / "export.jsonl").write_text(klantprofiel(world, "export"), encoding="utf-8")
    my_set = (ROOT / "questions" / "kennismaking.toml").read_text(encoding="utf-8")
    (world / "mijn_set.toml").write_text(my_set.replace('id = "kennismaking"', 'id = "mijn_set"', 1), encoding="utf-8")
    piet = pexpect.spawn(str(BIN / "klantprofiel"), ["interview", "Piet Jansen", "--plain"], cwd=str(world),
                         env={**environment(world), "TERM": "dumb"}, encoding="utf-8", timeout=20)
    piet.expect("Organisatie")
    piet.sendintr()  # a draft for --resume
    piet.expect(pexpect.EOF)
    (world / "placeholders.json").write_text(json.dumps(placeholders(world)), encoding="utf-8")
    return world


def placeholders(world: Path) -> dict[str, str]:
    """The README's example ids, and the real ones of this world that stand in for them."""
    customers = json.loads(klantprofiel(world, "list", "-f", "json"))
    piet = next(c for c in customers if c["name"] == "Piet Jansen")
    exported = [json.loads(line) for line in klantprofiel(world, "export").splitlines()]
    interview = max(r["interview"]["id"] for r in exported if r["customer"]["name"] == "Piet Jansen")
    imported = max(r["interview"].get("import_id") or 0 for r in exported)
    return {"k-7f3a9c2d": piet["id"], "--interview 12": f"--interview {interview}", "--undo 7": f"--undo {imported or 1}"}


def run_shown(command: str, world: Path) -> tuple[int, str, str]:
    if interactive(command):
        return run_at_a_terminal(command, world)
    out = subprocess.run(["bash", "-c", command], cwd=world, capture_output=True, text=True, env=environment(world),
                         stdin=subprocess.DEVNULL, timeout=120)
    return out.returncode, out.stdout, out.stderr


def run_at_a_terminal(command: str, world: Path) -> tuple[int, str, str]:
    """A user at a plain terminal: Enter through every question (don't know yet), then save;
    "j" where he is asked to confirm."""
    child = pexpect.spawn("bash", ["-c", command], cwd=str(world), env={**environment(world), "TERM": "dumb"},
                          encoding="utf-8", timeout=20)
    seen = []
    for _ in range(80):
        with contextlib.suppress(pexpect.TIMEOUT):
            child.expect([r"[?:>\]] *$", pexpect.EOF], timeout=5)
        seen.append(child.before or "")
        if not child.isalive():
            break
        asked = child.before or ""
        child.sendline("1" if "Wat wil je doen" in asked else "j" if "[j/N" in asked else "y" if "[y/N" in asked else "")
    child.close()
    return child.exitstatus if child.exitstatus is not None else -1, "".join(seen), ""


COMMANDS = shown_commands()


def test_the_readme_shows_commands_and_none_twice_by_accident():
    assert len(COMMANDS) > 40
    runnable = [c for c in COMMANDS if not SET_UP.match(c) and not BENCH.match(c)]
    assert all(words(c)[0] in ("klantprofiel", "echo") for c in runnable), runnable


def test_the_set_up_commands_are_what_ci_runs():
    set_up = [c for c in COMMANDS if SET_UP.match(c)]
    assert set_up == ["python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/klantprofiel interview",
                      'python3 -m venv .venv && .venv/bin/pip install ".[test]" && .venv/bin/pytest']
    assert set_up[1].split("&& ", 1)[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace("-q ", "")


@pytest.mark.parametrize("command", [c for c in COMMANDS if BENCH.match(c)])
def test_each_benchmark_shown_exists(command):
    flags = [w for w in words(command) if w.startswith("--")]
    out = subprocess.run([sys.executable, "-m", "klantprofiel.bench", "--help"], capture_output=True, text=True, check=True)
    assert all(flag in out.stdout for flag in flags)


@pytest.mark.parametrize("command", [c for c in COMMANDS if not SET_UP.match(c) and not BENCH.match(c)])
def test_each_command_shown_runs(command, template, tmp_path):
    world = tmp_path / "world"
    shutil.copytree(template, world)
    for shown, real in json.loads((world / "placeholders.json").read_text(encoding="utf-8")).items():
        command = command.replace(shown, real)
    code, out, err = run_shown(command, world)
    assert code == 0, (command, out[-2000:], err[-2000:])
    assert "Traceback" not in out + err
    assert not re.search(r"^(Fout|Error):", err, re.MULTILINE), err
