"""Adding a question kind is one module plus its tests (issue 11; README "For developers").

The proof: a copy of the installed package with one file more, `kinds/number.py` below, and
nothing else changed. The copy runs as the program (`python -m klantprofiel` with the copy first
on the path) and a question set that asks a `number` question goes through all of it: the
question set loads and validates, the schema lists the kind, a wrong answer is refused in the
kind's own words, an answer is stored from a file and from the interview, shown, exported to
CSV and JSON, and the CSV imported again reads back to the same answer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

import klantprofiel

from helpers import TINY_SET

NUMBER_KIND = '''"""`number`: a whole number of something (staff, sites, years), stored as a number, shown as
the language writes it (1.250 in Dutch, 1,250 in English)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from klantprofiel.i18n import Msg, number, t
from klantprofiel.kinds.base import AnswerProblem, Heard, Kind, Typed
from klantprofiel.pronouns import HE, Person

if TYPE_CHECKING:
    from klantprofiel.kinds.parts import Asked, Value


def _read(raw: Any) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if raw >= 0 else None
    text = raw.strip().replace(".", "").replace(",", "") if isinstance(raw, str) else ""
    return int(text) if text.isdecimal() and len(text) < 16 else None


class NumberKind(Kind):
    name = "number"
    listed = 6
    word = "kind_word_number"
    noun = "noun_number"
    texts = {
        "kind_word_number": ("aantal (number)", "number"),
        "noun_number": ("een aantal", "a number"),
        "must_be_a_count": ("moet een heel aantal zijn, zoals 12 of 1.250", "must be a whole number, such as 12 or 1,250"),
    }

    def read(self, q: Asked, raw: Any, heard: Heard) -> Value:
        found = _read(raw)
        if found is None:
            raise AnswerProblem(q.id, Msg("must_be_a_count"), raw)
        return found

    def shown(self, q: Asked, value: Value, lang: str, person: Person = HE) -> str:
        return number(value, lang) if isinstance(value, int) else str(value)

    def asking(self, q: Asked, lang: str, person: Person = HE) -> Typed:
        return Typed(problem=lambda typed: None if not typed.strip() or _read(typed) is not None else t("must_be_a_count", lang),
                     answer=_read)

    def sample(self, q: Asked, rnd: random.Random, words: Callable[[], str]) -> Any:
        return rnd.randint(1, 5000)


KIND = NumberKind()
'''

NUMBER_SET = TINY_SET.replace('topics = [{ id = "price", title = { nl = "Prijs", en = "Price" } }]',
                              'topics = [{ id = "size", title = { nl = "Omvang", en = "Size" } }]') + '''
[[questions]]
id = "staff"
topic = "size"
kind = "number"
text = { nl = "Hoeveel mensen werken er bij {hem}?", en = "How many people work with {him}?" }
lead = { nl = "Medewerkers", en = "Staff" }
discover = { nl = "Vraag hoe groot {zijn} bedrijf is.", en = "Ask how big {his} company is." }

[[rules]]
id = "ask_staff"
kind = "ask"
when = { staff = "unknown" }
text = { nl = "Vraag naar {zijn} team.", en = "Ask about {his} team." }
'''


@pytest.fixture(scope="module")
def copy_with_a_new_kind(tmp_path_factory) -> Path:
    """The package as installed, copied, with `kinds/number.py` the one file added."""
    root = tmp_path_factory.mktemp("with_number")
    package = Path(klantprofiel.__file__).parent
    shutil.copytree(package, root / "klantprofiel", ignore=shutil.ignore_patterns("__pycache__"))
    before = {p.relative_to(root) for p in root.rglob("*")}
    (root / "klantprofiel" / "kinds" / "number.py").write_text(NUMBER_KIND, encoding="utf-8")
    assert {p.relative_to(root) for p in root.rglob("*")} - before == {Path("klantprofiel/kinds/number.py")}
    return root


@pytest.fixture
def program(copy_with_a_new_kind, tmp_path):
    """`klantprofiel ARGS` run from the copy, on this test's store, in `tmp_path` (where t.toml is)."""
    (tmp_path / "t.toml").write_text(NUMBER_SET, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLANTPROFIEL_")}
    env |= {"PYTHONPATH": str(copy_with_a_new_kind), "KLANTPROFIEL_DB": str(tmp_path / "store.db"), "COLUMNS": "100", "NO_COLOR": "1",
            "HOME": str(tmp_path)}

    def run(*args: str, input: str | None = None, db: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "klantprofiel", *args], input=input, capture_output=True, text=True, cwd=tmp_path,
                              env=env | ({"KLANTPROFIEL_DB": str(db)} if db else {}), timeout=60)
    run.env = env  # type: ignore[attr-defined]
    return run


def test_the_copy_runs_the_copy(program):
    """Else every test below would pass on the installed package, which knows no `number`."""
    found = program("schema", "questionset")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["$defs"]["Question"]["properties"]["kind"]["enum"] == ["choice", "multi", "text", "scale", "date", "number"]


def test_a_set_with_the_new_kind_loads_and_validates_and_lists_it_in_its_words(program):
    validated = program("questions", "validate", "t.toml")
    assert validated.returncode == 0, validated.stderr
    listed = program("questions", "list", "--set", "t.toml")
    assert "aantal (number)" in listed.stdout, listed.stdout


def test_a_wrong_answer_is_refused_in_the_kinds_own_words(program):
    for lang, said in (("en", "must be a whole number, such as 12 or 1,250"), ("nl", "moet een heel aantal zijn, zoals 12 of 1.250")):
        refused = program("interview", "Jan", "--set", "t.toml", "--answers", "-", "--lang", lang, input='{"staff": "twaalf"}')
        assert refused.returncode == 1 and said in refused.stderr, refused.stderr


def test_an_answer_is_stored_shown_exported_and_imported_again(program, tmp_path):
    stored = program("interview", "Jan", "--set", "t.toml", "--answers", "-", input='{"staff": "1.250"}')
    assert stored.returncode == 0, stored.stderr
    assert "Medewerkers: 1.250" in stored.stdout
    assert "Staff: 1,250" in program("show", "Jan", "--lang", "en").stdout
    line = json.loads(program("export", "--format", "jsonl").stdout)
    assert line["answers"] == {"staff": 1250}
    csv_text = program("export", "--format", "csv").stdout
    header, row = csv_text.splitlines()
    assert dict(zip(header.split(","), row.split(",")))["staff"] == "1250"
    (tmp_path / "out.csv").write_text(csv_text, encoding="utf-8")
    imported = program("import", "out.csv", "--set", "t.toml", db=tmp_path / "other.db")
    assert imported.returncode == 0, imported.stderr
    again = json.loads(program("export", "--format", "jsonl", db=tmp_path / "other.db").stdout)
    assert again["answers"] == {"staff": 1250}


def test_the_interview_asks_it_and_says_why_a_line_is_no_answer(program, tmp_path):
    child = pexpect.spawn(sys.executable, ["-m", "klantprofiel", "interview", "Piet", "--set", "t.toml", "--plain", "--lang", "en"],
                          env=program.env | {"TERM": "dumb"}, cwd=str(tmp_path), encoding="utf-8", timeout=30)
    child.expect("How many people work with him")
    child.sendline("twelve")
    child.expect("must be a whole number, such as 12 or 1,250")
    child.sendline("1,300")
    child.expect(r"Staff +1,300")  # the summary, before it is saved
    child.sendline("1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert json.loads(program("export", "--format", "jsonl").stdout)["answers"] == {"staff": 1300}
