"""Every view writes the customer as the customer is kept (issue 13): for "she" no "hij", "hem",
"zijn" / "he", "him", "his"; by name no pronoun at all, the name instead; for "he", and for a
customer without a pronoun (every store from before pronouns), what klantprofiel always wrote.

One customer known in all five shipped sets (the baker's answers), his free-text answers put in
words without a pronoun (what a salesperson types is shown as typed), the first set interviewed
twice so that `diff` and the brief's "since last time" have something to say. Each view in each
language is read with word-boundary patterns.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from klantprofiel.cli import prompts
from klantprofiel.cli.app import app
from klantprofiel.cli.terminal import Terminal
from klantprofiel.interview import InterviewState
from klantprofiel.profile.derive import derive
from klantprofiel.questionset.load import available, load
from klantprofiel.store import Store
from klantprofiel.store.protocol import StoredInterview

from helpers import FIXTURES

EXAMPLES = Path(__file__).parent.parent / "examples" / "customers" / "bakker"
NAME = "Gerard Smit"
NEUTRAL = "Zo gezegd in het gesprek"
"""Every free-text answer: what the salesperson typed is quoted as typed, so it says no pronoun here."""

VIEWS = {
    "show": ["show", NAME],
    "show --why": ["show", NAME, "--why"],
    "show -f json": ["show", NAME, "-f", "json"],
    "show -f markdown": ["show", NAME, "-f", "markdown", "--why"],
    "show ID": ["show", "1", "--why"],
    "brief": ["brief", NAME],
    "brief -f json": ["brief", NAME, "-f", "json"],
    "brief -f markdown": ["brief", NAME, "-f", "markdown"],
    "diff": ["diff", NAME, "--set", "kennismaking"],
    "diff --json": ["diff", NAME, "--set", "kennismaking", "--json"],
    "history": ["history", NAME],
    "history --json": ["history", NAME, "--json"],
    "export jsonl": ["export", "-f", "jsonl", "--customer", NAME],
    "export markdown": ["export", "-f", "markdown", "--customer", NAME],
    "export json (everyone)": ["export", "-f", "json"],
    "list": ["list"],
}
FORBIDDEN = {
    ("she", "nl"): r"hij|hem|zijn",
    ("she", "en"): r"he|him|his|himself",
    ("name", "nl"): r"hij|hem|zijn|ze|zij|haar",
    ("name", "en"): r"he|him|his|himself|she|her|hers|herself",
}
"""Words that would name the customer wrongly. (Dutch "zijn" is also the verb: the shipped texts
and the views' own words say it another way, so any "zijn" here is a pronoun; "zichzelf" is his
and hers alike.)"""
OTHERS = ["vraag wat ze nodig hebben", "wie ze herkent, benoemt ze"]
"""Where "ze" is other people or things ("Anderen ...: vraag wat ze nodig hebben", "Gemiste
signalen komen terug: wie ze herkent"), read one by one."""


def _answers(set_id: str, pronoun: str | None, **changed: object) -> dict:
    qs = load(set_id)
    texts = {q.id for q in qs.questions if q.kind == "text"} | {"context", "notes"}
    given = json.loads((EXAMPLES / f"{set_id}.json").read_text(encoding="utf-8"))
    answers = {k: NEUTRAL if k in texts and v else v for k, v in given.items()} | {"customer": NAME} | changed
    return answers | ({"pronoun": pronoun} if pronoun else {})


def _store(path: Path, pronoun: str | None) -> Path:
    runner = CliRunner()
    db = path / f"{pronoun}.db"
    for set_id in available():
        changed = {"learning_mode": "unknown"} if set_id == "kennismaking" else {}
        steps = [_answers(set_id, pronoun, **changed), _answers(set_id, pronoun)] if changed else [_answers(set_id, pronoun)]
        for answers in steps:
            result = runner.invoke(app, ["interview", "--set", set_id, "--answers", "-", "--db", str(db)], input=json.dumps(answers))
            assert result.exit_code == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str | None, Path]:
    where = tmp_path_factory.mktemp("pronouns")
    return {pronoun: _store(where, pronoun) for pronoun in (None, "he", "she", "name")}


def _view(db: Path, view: str, lang: str) -> str:
    result = CliRunner().invoke(app, [*VIEWS[view], "--lang", lang, "--db", str(db)], env={"COLUMNS": "400", "NO_COLOR": "1"})
    assert result.exit_code == 0, (view, result.stderr)
    return result.stdout  # wide enough that no sentence is wrapped beside another column's


def _words(out: str) -> str:
    """The view's words: the typed answers and other people's "ze" taken out, spaces as one."""
    words = re.sub(r"\s+", " ", out.replace(NEUTRAL, ""))
    for phrase in OTHERS:
        words = words.replace(phrase, "")
    return words


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("pronoun", ["she", "name"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_writes_her_as_her_and_by_name_without_a_pronoun(stores, view, pronoun, lang):
    out = _words(_view(stores[pronoun], view, lang))
    wrong = sorted({m.group(0) for m in re.finditer(rf"\b({FORBIDDEN[pronoun, lang]})\b", out, re.IGNORECASE)})
    assert not wrong, f"{view} ({pronoun}, {lang}) says {wrong}:\n{out}"
    if pronoun == "name" and view not in ("list", "history", "history --json"):  # those say no sentence about him
        assert out.count(NAME) > _words(_view(stores["he"], view, lang)).count(NAME), f"{view}: the name does not stand where a pronoun would"


def _apart_from_ids(out: str) -> str:
    """What the store numbers itself (customer ids, uids, the time stored) taken out: two stores differ there."""
    out = re.sub(r"k-[a-z0-9]{8}", "k-…", out)
    return re.sub(r'("(uid|created_at)": ?)"[^"]*"', r'\1"…"', out)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_he_and_no_pronoun_read_as_klantprofiel_always_wrote(stores, view, lang):
    """A store from before pronouns (no pronoun stored) reads exactly as it did, and "he" the same."""
    before, he = (_apart_from_ids(_view(stores[p], view, lang)) for p in (None, "he"))
    assert before == re.sub(r'("pronoun": ?)"he"', r"\1null", he)
    assert re.search(r"\b(hij|hem|zijn|he|him|his)\b", before) or view in ("list", "history", "history --json", "diff --json", "diff")


def test_an_interview_that_gives_no_pronoun_reads_for_her_as_the_one_before(run, interviewed):
    """The customer keeps the newest pronoun given (`history.customer_of`): so do his texts."""
    interviewed("Anna", {"pronoun": "she", "learning_mode": "listen"})
    interviewed("Anna", {"learning_mode": "think_along"}, "--set", "kennismaking")
    for view in (["show", "Anna"], ["brief", "Anna"], ["show", "2", "-f", "markdown"], ["export"], ["export", "-f", "markdown"]):
        out = run(*view).stdout
        assert not re.search(r"\b(hij|hem|zijn)\b", out.replace(NEUTRAL, ""), re.IGNORECASE), out
    exported = [json.loads(line) for line in run("export", "-c", "Anna").stdout.splitlines()]
    assert exported[1] == json.loads(run("show", "2", "-f", "json").stdout)  # what show ID prints, as the README says


class _Heard:
    """A prompter that answers "don't know yet" to everything and keeps what it was shown."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def _keep(self, message: str, options=(), help: str | None = None) -> None:
        self.shown += [message, *(o.title for o in options), help or ""]

    def select(self, message, options, *, help=None, **_):
        self._keep(message, options, help)
        return prompts.DONT_KNOW

    def checkbox(self, message, options, *, help=None, **_):
        self._keep(message, options, help)
        return []

    def text(self, message, *, help=None, **_):
        self._keep(message, help=help)
        return ""


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("pronoun", ["she", "name"])
@pytest.mark.parametrize("set_id", available())
def test_the_interview_asks_about_her_once_the_pronoun_is_given(set_id, pronoun, lang):
    """Every question after the pronoun (step 2), its help and its choices read for her, or by name."""
    state = InterviewState(load(set_id), NAME, meta={"pronoun": pronoun})
    heard = _Heard()
    for step in state.steps():
        if step.question is not None:
            prompts.ask_step(heard, Terminal(), state, step, lang, allow_back=False)
    said = _words(" ".join(heard.shown))
    assert not re.findall(rf"\b({FORBIDDEN[pronoun, lang]})\b", said, re.IGNORECASE)
    assert pronoun == "she" or NAME in said


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("fixture", ["v1.db", "v5.db", "v5-grown-set.db"])
def test_a_store_from_before_pronouns_reads_as_it_always_did(run, tmp_path, fixture, lang):
    """Migrated (v11_pronoun: every pronoun NULL), each interview shows the profile the set derives
    without a person, as klantprofiel derived it before pronouns, and so does export."""
    db = tmp_path / fixture
    shutil.copyfile(FIXTURES / "stores" / fixture, db)
    store = Store(db)
    items = [item for rows in store.interview_rows() for item in map(StoredInterview.from_row, rows)]
    assert items and all(item.pronoun is None for item in items)
    exported = [json.loads(line) for line in run("export", "--lang", lang, "--db", str(db)).stdout.splitlines()]
    for item, line in zip(items, exported, strict=True):
        before = derive(store.question_set(item.question_set, item.set_version), item.answers, lang).model_dump(mode="json")
        assert json.loads(run("show", str(item.id), "-f", "json", "--lang", lang, "--db", str(db)).stdout)["profile"] == before
        assert line["profile"] == before
    store.close()
