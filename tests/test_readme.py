"""Every command the README shows is run, as a reader would run it, and must do what it says:
exit 0, complain about nothing, and show what the README claims for it (`CLAIMS`: its comment,
or the text around it). A command added to the README is run too, and fails until it has its
claim here; only the README's placeholders (an interview id 12, an import id 7, a customer id
k-7f3a9c2d) are swapped for real ones. Not run: the two set-up commands (they install the
package into a new venv, minutes and a network) and the benchmarks (minutes each), which are
checked for what they name. A command that asks at the terminal (an interview, an erasure
without --yes) runs at a pseudo-terminal, answered as a user would (`run_at_a_terminal`).

Each command runs in its own copy of a small world, with a temporary HOME: a store with Piet
Jansen, Jan de Vries (the bakery owner of examples/, all five sets), Ëlla van Dijk of Café Ëlla,
an import, a draft of Piet's, and the files the README's commands name. Two samples of output are
compared with real runs: `diff` after the two interviews before it, from an empty store, and the
start-up founder's `brief`; the others show customers of stores of their own (and relative dates).
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
import tomllib
import unicodedata
from collections.abc import Callable
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
           "PAGER": "cat", "COLUMNS": "100", "HOME": str(world)}
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
    klantprofiel(world, "interview", "Ëlla van Dijk", "--answers", "-", input=json.dumps({"organisation": "Café Ëlla"}))
    others = [line for line in (EXAMPLES / "import.jsonl").read_text(encoding="utf-8").splitlines() if "Jan de Vries" not in line]
    klantprofiel(world, "import", "-", input="\n".join(others) + "\n")  # an import to undo
    (world / "antwoorden.toml").write_text('learning_mode = "listen"\norganisation = "Bakkerij Jansen"\n', encoding="utf-8")
    shutil.copy(EXAMPLES / "import.jsonl", world / "antwoorden.jsonl")
    shutil.copy(EXAMPLES / "import.jsonl", world / "crm.jsonl")
    shutil.copy(EXAMPLES / "import.csv", world / "crm.csv")
    shutil.copy(EXAMPLES / "crm-export.map.toml", world / "crm.toml")
    (world / "export.jsonl").write_text(klantprofiel(world, "export"), encoding="utf-8")
    my_set = (ROOT / "questions" / "kennismaking.toml").read_text(encoding="utf-8")
    # A set of one's own is ranked with the built-in ones at a customer known in both, so its weights
    # are not theirs (`ranking_ties`): the trainer's copy puts its lines after every built-in one, in its own order.
    my_set = re.sub(r"^weight = (\d+)$", lambda m: f"weight = {int(m[1]) - 100}", my_set, flags=re.MULTILINE)
    (world / "mijn_set.toml").write_text(my_set.replace('id = "kennismaking"', 'id = "mijn_set"', 1), encoding="utf-8")
    piet = pexpect.spawn(str(BIN / "klantprofiel"), ["interview", "Piet Jansen", "--plain"], cwd=str(world),
                         env={**environment(world), "TERM": "dumb"}, encoding="utf-8", timeout=20)
    piet.expect(r"Organisatie.*: $")
    piet.sendline("Bakkerij Jansen")
    piet.expect(r"\n2/\d+ ")  # the next question, whatever it asks
    piet.expect(r": $")
    piet.sendintr()  # a draft for --resume, with the organisation answered
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
    """A user at a plain terminal: Enter through every question (his last answer, else don't know yet), then
    save; "j" where he is asked to confirm; a new interview rather than his draft (--resume is for that)."""
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
        child.sendline("1" if "Wat wil je doen" in asked else "2" if "Verder waar je was" in asked  # his draft: start afresh
                       else "j" if "[j/N" in asked else "y" if "[y/N" in asked else "")
    child.close()
    return child.exitstatus if child.exitstatus is not None else -1, "".join(seen), ""


Claim = Callable[[Path, str, str], object]
"""A check of what a command printed (stdout, stderr: their lines as they are), in the world it ran in."""


def flat(text: str) -> str:
    """`text` as one line of words: a sentence the terminal's width wrapped reads as written."""
    return " ".join(text.replace("│", " ").split())


def says(*patterns: str) -> Claim:
    """The output shows each of `patterns` (regular expressions, over `flat` text)."""
    def check(world: Path, out: str, err: str) -> None:
        for pattern in patterns:
            assert re.search(pattern, flat(out + err)), (pattern, (out + err)[-3000:])
    return check


def both(*claims: Claim) -> Claim:
    """Each of `claims` holds (one may say it does not by returning False, as a plain comparison does)."""
    def check(world: Path, out: str, err: str) -> None:
        for claim in claims:
            assert claim(world, out, err) is not False, (out + err)[-3000:]
    return check


def rows(out: str) -> list[tuple[str, str, str]]:
    """The name, organisation and last meeting of each row of `list`'s table, by where its heading puts them."""
    lines = out.splitlines()
    heading = next(line for line in lines if line.startswith("Klant "))
    at, last = heading.index("Organisatie"), heading.index("Laatste")
    return [(line[:at].strip(), line[at:last].strip(), line[last:last + 10]) for line in lines[lines.index(heading) + 1:] if line.strip()]


def a_list(check: Callable[[list[tuple[str, str, str]]], object]) -> Claim:
    """`list`'s table has rows, and `check` holds for them."""
    def claim(world: Path, out: str, err: str) -> None:
        found = rows(out)
        assert found and check(found), out
    return claim


def json_records(read: Callable[[Path, str], str], *keys: str, lines: bool = True) -> Claim:
    """What `read` gives is JSON (one record per line, or one array), every record with `keys`."""
    def check(world: Path, out: str, err: str) -> None:
        text = read(world, out)
        records = [json.loads(line) for line in text.splitlines()] if lines else json.loads(text)
        assert records and all(set(keys) <= set(record) for record in records), text[:2000]
    return check


def stdout_of(world: Path, out: str) -> str:
    return out


def file(name: str) -> Callable[[Path, str], str]:
    return lambda world, out: (world / name).read_text(encoding="utf-8-sig")


def only_some_questions(world: Path, said: str, err: str) -> None:
    """--only-unknown: the questions asked (`n/N` before each) leave out the ones he answered."""
    asked = [tuple(map(int, found)) for found in re.findall(r"^(\d+)/(\d+) ", said, re.MULTILINE)]
    assert asked and len({n for n, _ in asked}) < asked[0][1], said[-3000:]


def starts_after_the_first_question(world: Path, said: str, err: str) -> None:
    """--resume: the draft's answers are kept, so the interview goes on after them, not at 1/N."""
    assert "Geen concept" not in said and re.search(r"^2/\d+ ", said, re.MULTILINE) and not re.search(r"^1/\d+ ", said, re.MULTILINE), said


def at_most_30_lines_at_80_columns(world: Path, out: str, err: str) -> None:
    brief = subprocess.run([str(BIN / "klantprofiel"), "brief", "Piet Jansen"], cwd=world, capture_output=True, text=True,
                           env={**environment(world), "COLUMNS": "80"}, check=True).stdout
    assert 0 < len(brief.splitlines()) <= 30, brief


def the_copy_lists_the_same(world: Path, out: str, err: str) -> None:
    assert klantprofiel(world, "list", "--db", "kopie.db", "-f", "json") == klantprofiel(world, "list", "-f", "json")


def plain(world: Path, said: str, err: str) -> None:
    """--plain: numbered choices typed as numbers, and nothing a screen reader stumbles over (no escape codes)."""
    assert "Typ een nummer" in said and re.search(r"^  1\) ", said, re.MULTILINE) and "\x1b[" not in said, said[-2000:]


def for_excel(world: Path, out: str, err: str) -> None:
    """A CSV file for (Dutch) Excel: a BOM, so it reads UTF-8, and its columns apart by ';'."""
    data = (world / "profielen.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b";customer;" in data.split(b"\n")[0], data[:300]


def folded(name: str) -> str:
    """A name as `--sort name` orders it: without regard to case or accents (Ëlla with the E's)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


NOTHING_CHANGED = r"Niets veranderd sinds interview \d+ van (Piet Jansen|Jan de Vries) \(\d{4}-\d\d-\d\d\): niet opnieuw opgeslagen"
"""Enter through every question keeps each last answer (the README: every question starts from his last answer)."""
STORED = r"Opgeslagen als interview \d+ van Piet Jansen"
PROFILE = r"Hoe goed kennen we de klant: \S* ?\d+/\d+"
EXPORT_KEYS = ("customer", "interview", "question_set", "answers", "profile")
LIST_KEYS = ("id", "name", "organisation", "interviews", "last_interview", "known", "total", "last_met")

CLAIMS: dict[str, Claim] = {
    'klantprofiel interview "Piet Jansen"': says("Samenvatting", NOTHING_CHANGED),
    'klantprofiel interview "Piet Jansen" --resume': both(starts_after_the_first_question, says("Samenvatting")),
    'klantprofiel interview "Piet Jansen" --plain': both(plain, says(NOTHING_CHANGED)),
    'klantprofiel show "piet jansen"': says(r"Piet Jansen", PROFILE),  # matched without regard to case, shown as first written
    'klantprofiel show "Piet Jansen" --why': says(r"waarom: \S", PROFILE),
    'klantprofiel show "Piet Jansen" -f json': json_records(stdout_of, *EXPORT_KEYS, lines=False),
    'klantprofiel show "Piet Jansen" -f markdown': says(r"^# Piet Jansen", r"## "),
    "klantprofiel list": a_list(lambda found: [r[2] for r in found] == sorted((r[2] for r in found), reverse=True)),  # recently met first
    'klantprofiel brief "Piet Jansen"': both(at_most_30_lines_at_80_columns, says(r"^Piet Jansen · ", "Aanpak")),
    'klantprofiel delete "Piet Jansen"': says(r"wissen .*\[j/N", r"Gewist: Piet Jansen \(\d+ interview"),
    "klantprofiel delete --interview 12": says(r"Gewist: interview \d+ van Piet Jansen"),
    'klantprofiel rename "Piet Jansen" "Pieter Jansen"': both(says(r"Piet Jansen heet nu Pieter Jansen \(k-"),
                                                                lambda world, out, err: "Pieter Jansen" in klantprofiel(world, "list")),
    "klantprofiel questions list": says(r"learning_mode", r"Andere vragenlijsten: .*keuze"),
    "klantprofiel questions validate mijn_set.toml": says(r"✓ mijn_set\.toml: \d+ vragen, \d+ regels"),
    """echo '{"learning_mode": "listen", "other_advisors": "no", "organisation": "Bakkerij Jansen"}' """
    """| klantprofiel interview "Piet Jansen" --answers -""": says(STORED, r"Piet Jansen · Bakkerij Jansen", PROFILE),
    'klantprofiel interview "Piet Jansen" --answers antwoorden.toml': says(STORED, PROFILE),
    'klantprofiel interview "Piet Jansen" --only-unknown': both(only_some_questions, says("Samenvatting")),
    'klantprofiel interview "Piet Jansen" --fresh': says(r"Organisatie weet ik nog niet", STORED),  # a blank page: not his last answers
    'klantprofiel diff "Piet Jansen"': says(r"Piet Jansen · .*interview \d+ \(\d{4}-\d\d-\d\d\) → interview \d+", r"Hoe goed kennen we de klant: \d+/\d+ → \d+/\d+"),
    """echo '{"organisation": "Bakkerij Jansen", "meeting_date": "2026-10-01", "learning_mode": "think_along", "advice_meaning": """
    """"wisdom"}' | klantprofiel interview "Piet Jansen" --answers -""": says(STORED, "interview \\d+ · 2026-10-01"),
    """echo '{"meeting_date": "2026-11-20", "learning_mode": "listen", "other_advisors": "no"}' """
    """| klantprofiel interview "Piet Jansen" --answers - --from-last""": says(STORED, r"interview \d+ · 2026-11-20"),
    "klantprofiel list --search ella": a_list(lambda found: {r[0] for r in found} == {"Ëlla van Dijk"} and found[0][1] == "Café Ëlla"),
    "klantprofiel list --organisation bakkerij": a_list(lambda found: all("Bakkerij" in r[1] for r in found)),
    "klantprofiel list --since 2026-10-01": a_list(lambda found: all(r[2] >= "2026-10-01" for r in found)),
    "klantprofiel list --sort name --limit 100": a_list(lambda found: [r[0] for r in found] == sorted((r[0] for r in found), key=folded)),
    "klantprofiel list --all": both(a_list(lambda found: len(found) >= 4), says(r"\d+ klant\(en\)\.")),
    "klantprofiel list -f jsonl > klanten.jsonl": json_records(file("klanten.jsonl"), *LIST_KEYS),
    'klantprofiel interview "Jan de Vries" --set twijfels': says("Samenvatting", NOTHING_CHANGED),
    'klantprofiel interview "Jan de Vries" --set keuze': says("Samenvatting", NOTHING_CHANGED),
    'klantprofiel interview "Jan de Vries" --set relatie': says("Samenvatting", NOTHING_CHANGED),
    'klantprofiel interview "Jan de Vries" --set verloren_deal': says("Samenvatting", NOTHING_CHANGED),
    "klantprofiel export": json_records(stdout_of, *EXPORT_KEYS),
    'klantprofiel export -c "Jan de Vries" -f json --lang en': both(
        json_records(stdout_of, *EXPORT_KEYS, lines=False),
        lambda world, out, err: {r["customer"]["name"] for r in json.loads(out)} == {"Jan de Vries"} and "Kennismaking" not in out),
    "klantprofiel export -f csv --delimiter ';' -o profielen.csv": both(
        says(r"\d+ interview\(s\) geëxporteerd naar profielen\.csv"), for_excel),
    "klantprofiel export -f markdown -o briefs.md": both(says(r"geëxporteerd naar briefs\.md"),
                                                          lambda world, out, err: file("briefs.md")(world, out).startswith("# ")),
    "klantprofiel schema profile": lambda world, out, err: {"customer", "profile"} <= set(json.loads(out)["properties"]),
    "klantprofiel import antwoorden.jsonl": says(r"\d+ interview\(s\) ingelezen uit antwoorden\.jsonl"),
    "klantprofiel import - < export.jsonl": says(r"^0 interview\(s\) ingelezen uit <stdin>.* \d+ overgeslagen \(stond er al\)"),  # changes nothing
    "klantprofiel import crm.csv --dry-run": says(r"Proefrun: alle \d+ records zijn geldig; er is niets opgeslagen"),
    "klantprofiel import crm.csv --skip-invalid --rejects fout.csv": says(r"\d+ interview\(s\) ingelezen uit crm\.csv"),
    "klantprofiel schema answers": lambda world, out, err: {"customer", "answers"} <= set(json.loads(out)["properties"]),
    "klantprofiel import crm.jsonl --existing skip": says(r"\d+ overgeslagen \(bekende klant\)"),
    "klantprofiel import crm.jsonl --existing replace": says(r"\d+ vervangen"),
    "klantprofiel import --undo 7": says(r"Weghalen wat import \d+ .*\[j/N", r"Ongedaan gemaakt: import \d+"),
    "klantprofiel import examples/crm-export.csv --suggest-map > crm.toml":
        lambda world, out, err: tomllib.loads(file("crm.toml")(world, out))["customer"]["name"],
    "klantprofiel import examples/crm-export.csv --map crm.toml --dry-run": says(r"Email, Phone Number.*: niet in de kaart, dus niet opgeslagen",
                                                                                  r"Proefrun: .*er is niets opgeslagen"),
    "klantprofiel import examples/crm-export.csv --map crm.toml": says(r"\d+ interview\(s\) ingelezen uit examples/crm-export\.csv"),
    'klantprofiel delete "Piet Jansen" --yes': says(r"^Gewist: Piet Jansen \(\d+ interview"),  # without asking
    'klantprofiel delete "Jan de Vries" --organisation "Bakkerij Jansen"': says(r"Gewist: Jan de Vries \(\d+ interview"),
    "klantprofiel delete k-7f3a9c2d": says(r"Gewist: Piet Jansen"),
    'klantprofiel store copy "$KLANTPROFIEL_DB" kopie.db': both(says(r"Gekopieerd van .* naar kopie\.db: \d+ klant\(en\), \d+ interview"),
                                                                 the_copy_lists_the_same),
}
"""What the README says each command shows (its comment, or the text around it), in the Dutch it runs in."""


def without_comment(command: str) -> str:
    """A command as CLAIMS names it: without its comment, its continuation lines joined by one space."""
    return " ".join(re.sub(r"\s+#.*$", "", command).split())


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
def test_each_command_shown_runs_and_shows_what_the_readme_says(command, template, tmp_path):
    original = command
    world = tmp_path / "world"
    shutil.copytree(template, world)
    for shown, real in json.loads((world / "placeholders.json").read_text(encoding="utf-8")).items():
        command = command.replace(shown, real)
    code, out, err = run_shown(command, world)
    assert code == 0, (command, out[-2000:], err[-2000:])
    assert "Traceback" not in out + err
    assert not re.search(r"^(Fout|Error):", err, re.MULTILINE), err
    assert CLAIMS[without_comment(original)](world, out, err) is not False, (out + err)[-3000:]


def test_every_command_shown_has_its_claim():
    """A command added to the README gets a line in CLAIMS: what the README says it shows."""
    runnable = {without_comment(c) for c in COMMANDS if not SET_UP.match(c) and not BENCH.match(c)}
    assert sorted(runnable - set(CLAIMS)) == [] and sorted(set(CLAIMS) - runnable) == []


def stories() -> list[tuple[list[str], str]]:
    """The README's commands followed at once by what they print (a ```sh block, then a ```text block):
    the commands, and the text."""
    found, lines = [], README.read_text(encoding="utf-8").splitlines()
    for at, line in enumerate(lines):
        if line == "```sh":
            end = lines.index("```", at + 1)
            after = next(i for i in range(end + 1, len(lines)) if lines[i].strip())
            if lines[after] == "```text":
                commands = [c for c in "\n".join(lines[at + 1:end]).replace("\\\n", " ").splitlines() if c.strip()]
                found.append((commands, "\n".join(lines[after + 1:lines.index("```", after + 1)])))
    return found


@pytest.mark.parametrize("commands, text", stories())
def test_a_sample_output_is_what_its_commands_print_in_an_empty_store(commands, text, tmp_path):
    """The other samples show customers of other stores (dates, ids of their own); these are run from an
    empty store, one command after another, and the last one prints the sample as it stands."""
    assert commands
    for command in commands:
        out = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, check=True,
                             env={**environment(tmp_path), "COLUMNS": "120", "NO_COLOR": "1"}).stdout
    assert [line.rstrip() for line in out.strip("\n").splitlines()] == text.splitlines(), f"README's sample is out of date; it prints:\n{out}"


def test_the_brief_sample_is_what_brief_prints_for_the_start_up_founder(tmp_path):
    """The README's `brief` sample is the founder of examples/customers/startup (his three sets), as
    `brief` prints him at 80 columns (the width the README promises at most 30 lines at)."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("```text", next(i for i, line in enumerate(lines) if "examples/customers/startup" in line))
    sample = lines[start + 1:lines.index("```", start + 1)]
    env = {**environment(tmp_path), "COLUMNS": "80", "NO_COLOR": "1"}
    for answers in sorted((EXAMPLES / "customers" / "startup").glob("*.json")):
        subprocess.run([str(BIN / "klantprofiel"), "interview", sample[0].split(" · ")[0], "--set", answers.stem, "--answers",
                        str(answers)], cwd=tmp_path, capture_output=True, env=env, check=True)
    out = subprocess.run([str(BIN / "klantprofiel"), "brief", sample[0].split(" · ")[0]], cwd=tmp_path, capture_output=True,
                         text=True, env=env, check=True).stdout
    assert [line.rstrip() for line in out.splitlines()] == sample, f"README's sample is out of date; it prints:\n{out}"
