"""One language per run: a Dutch run shows no English sentence, and an English run no Dutch one.

Every command runs, with good input and with the bad-input corpus (tests/fixtures/bad/: question
sets, answers files, import files) and the common mistakes, once in Dutch (the default) and
once with --lang en. What it prints is searched for words only the other language has. What a
message quotes is left out of the search: text in quotes, paths, option and field names, ids,
numbers, the field names a refusal lists as allowed, and the commands a hint gives, which stay
as the user or the file wrote them. Data on
stdout (JSON, JSON lines, CSV) is no sentence and is not searched.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import BAD, MINI

ENGLISH = set("""the not no are was were with without must should cannot found customer customers file files give see stored nothing
has have this that which there and or to for from an it its than only been does yet written question questions set sets draft drafts
be by at on one all any after before use your you can will would into""".split())
"""Words a Dutch sentence of ours never has (interview, import and records are Dutch too)."""
DUTCH = set("""de het een niet geen van met voor naar wordt worden zijn heeft hebben klant klanten opslag bestand moet gevonden nog je er
dat welke dus ook maar alleen vragenlijst vragenlijsten regel regels concept vraag vragen bij uit als wat hoe waarom gewist opgeslagen
bedoel""".split())
"""Words an English sentence of ours never has."""

_QUOTED = re.compile(r"""(?<![\w])'[^'\n]*'(?![\w])|"[^"\n]*"|`[^`\n]*`""")
_COMMAND = re.compile(r"klantprofiel(?: [^\s;,]+)*")
_LISTED = re.compile(r"(?:toegestaan|allowed): [^;\n]*|[\w.]+ = ")
"""What a refusal lists as allowed and the field it names (`customer = …`): as they are in the file."""
_VALUE = re.compile(r"[/\\._:=@<>{}\[\]#~*+\d|]|^-|[A-Z]{2,}")


def words(text: str) -> set[str]:
    """The words of `text` that belong to its sentences, not to the values they quote."""
    text = _COMMAND.sub(" ", _QUOTED.sub(" ", _LISTED.sub(" ", text)))
    kept = set()
    for token in text.split():
        token = token.strip(".,;:!?()…")
        if token and not _VALUE.search(token):
            kept.update(re.findall(r"[a-zà-ÿ']+", token.lower()))
    return kept


def other_language(text: str, lang: str) -> list[str]:
    """The lines of `text` with a word of the language the run was not in."""
    foreign = ENGLISH if lang == "nl" else DUTCH
    return [line for line in text.splitlines() if words(line) & foreign]


def test_the_search_finds_a_sentence_of_the_other_language_and_not_a_quoted_value():
    assert other_language("Fout: No customer named 'Kees'.", "nl")
    assert other_language("Error: Geen klant met de naam 'Kees'.", "en")
    assert not other_language("Fout: Geen klant met de naam 'the one'.\nDe ids zie je met: klantprofiel history NAAM", "nl")
    assert not other_language("Fout: /tmp/the_file.json, regel 3: customer.name: ontbreekt; --set kennismaking", "nl")
    assert not other_language("Error: No customer named 'Jan de Vries'. See who is stored with: klantprofiel list", "en")


SET = str(MINI)
IMPORT = '{"customer": {"name": "Ans Smit", "organisation": "Bakkerij Smit"}, "answers": {"learning_mode": "listen"}}\n'
BAD_IMPORT = '{"customer": {"name": "Ans Smit"}, "answers": {"learning_mode": "luisteren", "nope": 1}}\n'

GOOD = [
    (["interview", "Piet Jansen", "--answers", "-"], '{"learning_mode": "both", "notes": "Eerste gesprek"}'),
    (["show", "Piet Jansen"], None), (["show", "Piet Jansen", "--why"], None), (["show", "Piet Jansen", "-f", "markdown"], None),
    (["brief", "Piet Jansen"], None), (["list"], None), (["list", "--since", "2000-01-01"], None), (["history", "Piet Jansen"], None),
    (["diff", "Piet Jansen"], None), (["export", "-o", "OUT/export.jsonl"], None), (["export", "-c", "Piet Jansen", "-f", "csv", "-o", "OUT/e.csv"], None),
    (["import", "-"], IMPORT), (["import", "-", "--dry-run"], IMPORT), (["import", "-", "--skip-invalid"], IMPORT + BAD_IMPORT),
    (["import", "-", "--rejects", "OUT/rejects.jsonl"], BAD_IMPORT), (["import", "-", "--json"], BAD_IMPORT),
    (["rename", "Ans Smit", "Ans de Smit"], None), (["feedback", "Piet Jansen", "kennismaking.nope", "useful"], None),
    (["questions", "list"], None), (["questions", "show", "learning_mode"], None), (["questions", "validate"], None),
    (["questions", "validate", SET], None), (["questions", "feedback"], None), (["delete", "Ans de Smit", "--yes"], None),
]
"""Every command once as a salesperson would use it (and a few of its refusals on the way)."""

MISTAKES = [
    (["show", "Kees"], None), (["show", "piet jansn"], None), (["show", "k-00000000"], None), (["show", "Piet", "Jansen"], None),
    (["list", "--since", "gisteren"], None), (["list", "--db", "OUT/nergens/store.db"], None), (["list", "--db", "mysql://crm/k"], None),
    (["interview", "Piet", "--set", "kennismakin", "--answers", "-"], "{}"), (["interview", "Piet", "--answers", "OUT/missing.json"], None),
    (["interview", "   ", "--answers", "-"], "{}"), (["interview", "Piet", "--answers", "-"], '{"learning_mode": "soms"}'),
    (["questions", "show", "learnig_mode"], None), (["questions", "list", "--set", "nope"], None),
    (["delete", "--yes"], None), (["delete", "--interview", "99", "--yes"], None), (["diff", "Piet Jansen", "--set", "keuze"], None),
    (["diff", "1", "x"], None), (["feedback", "Piet Jansen", "kennismaking.nope", "misschien"], None),
    (["import"], None), (["import", "OUT/missing.csv"], None), (["import", "-", "--format", "csv"], IMPORT),
    (["import", "-", "--encoding", "klingon"], IMPORT), (["import", "--undo", "99", "--yes"], None),
    (["import", "-", "--map", "OUT/missing.toml"], IMPORT), (["export", "--delimiter", ";"], None),
    (["export", "--organisation", "x"], None), (["export", "-o", "OUT"], None),
    (["export", "-o", "OUT/nergens/e.jsonl"], None), (["interview", "Piet", "--answers", "OUT/"], None),
]
"""The mistakes users make, each refused with a message."""

CORPUS = ([(["questions", "validate", str(p)], None) for p in sorted((BAD / "sets").iterdir())]
          + [(["interview", "Piet", "--answers", str(p)], None) for p in sorted((BAD / "answers").iterdir())]
          + [(["import", str(p), "--dry-run"], None) for p in sorted((BAD / "import").iterdir())])
"""The bad files of every kind the program reads."""


@pytest.fixture
def store(run, tmp_path):
    (tmp_path / "OUT").mkdir()
    assert run("interview", "Piet Jansen", "--answers", "-", input='{"learning_mode": "listen"}').exit_code == 0


def _args(args: list[str], tmp_path: Path) -> list[str]:
    return [str(tmp_path / a) if a.startswith("OUT") else a for a in args]


def _data(stdout: str) -> bool:
    """Is stdout data (JSON, JSON lines, CSV) rather than sentences?"""
    text = stdout.strip()
    return not text or text[0] in "[{" or text.startswith("customer")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("args, given", GOOD + MISTAKES + CORPUS, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_a_run_speaks_one_language(run, store, tmp_path, lang, args, given):
    result = run(*_args(args, tmp_path), *(["--lang", "en"] if lang == "en" else []), input=given)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    said = result.stderr + ("" if _data(result.stdout) else result.stdout)
    if args[-1] == "--json":
        said = "\n".join(json.loads(line).get("message", "") for line in result.stderr.splitlines())
    assert said.strip(), "nothing said"
    assert other_language(said, lang) == [], said


HELP_WORDS_EN = {"usage", "options", "commands", "arguments", "default", "required", "message", "exit", "env", "var", "try"}
"""Words of Click's and Typer's own frame that would say help was left in English."""


def _help_paths() -> list[str]:
    from klantprofiel.cli.app import every_command
    paths = [""]
    for name, command in every_command().items():
        subs = getattr(command, "commands", None)
        paths += [name] + ([f"{name} {sub}" for sub in subs] if subs else [])
    return paths


def _help_said(text: str) -> str:
    """A help page without what is no sentence: the usage line's metavars, the examples' commands
    (quoted), option names and values; a command's or an argument's name first in its row."""
    return "\n".join(re.sub(r"^\s*│?\s*\*?\s*[a-z_]+\s{2,}", " ", line) for line in text.splitlines())


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", _help_paths(), ids=lambda p: p or "klantprofiel")
def test_every_help_speaks_the_runs_language(run, path, lang, monkeypatch):
    """Every command's --help (descriptions, options, examples, usage line, panel titles) is in
    the language asked for (--lang or KLANTPROFIEL_LANG, Dutch by default) and in that one alone."""
    monkeypatch.setenv("COLUMNS", "200")
    if lang == "en":
        monkeypatch.setenv("KLANTPROFIEL_LANG", "en")
    out = run(*path.split(), "--help").stdout
    assert ("Usage:" in out) == (lang == "en") and ("Gebruik:" in out) == (lang == "nl"), out
    foreign_words = ENGLISH | HELP_WORDS_EN if lang == "nl" else DUTCH - {"met"}  # English "met" (we met him) in "most recently met"
    foreign = [line for line in _help_said(out).splitlines() if words(line) & foreign_words]
    assert foreign == [], "\n".join(foreign)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("group", ["questions", "store"])
def test_a_group_without_its_subcommand_shows_its_help_in_the_runs_language(run, group, lang, monkeypatch):
    monkeypatch.setenv("KLANTPROFIEL_LANG", lang)
    out = run(group).stdout
    assert (("Opties" in out and "Opdrachten" in out) if lang == "nl" else ("Options" in out and "Commands" in out)), out


def test_every_help_text_comes_from_the_catalogue():
    """Each command's description and each of its options' and arguments' help has its key in
    cli/help_texts.py (in both languages), so none is left as a sentence in the code."""
    from typer.testing import CliRunner

    from klantprofiel.cli.app import app, every_command
    from klantprofiel.cli.help import param_key, param_text
    from klantprofiel.cli.help_texts import HELP
    assert CliRunner().invoke(app, ["--help"]).exit_code == 0
    missing = []
    for path in _help_paths()[1:]:
        command = every_command()[path.split()[0]]
        for sub in path.split()[1:]:
            command = command.commands[sub]
        missing += [path] if path not in HELP else []
        for param in command.get_params(command.make_context(path, ["--help"], resilient_parsing=True)):
            missing += [] if param_text(path, param_key(param), "en") else [f"{path} {param_key(param)}"]
    assert missing == []


USAGE_MISTAKES = [
    ["show"], ["feedback", "Piet", "kennismaking.x"], ["list", "--sort", "x"], ["list", "--limit", "x"], ["list", "--limit", "0"],
    ["list", "--sort"], ["list", "--all=1"], ["show", "Piet", "Jansen"], ["shw"], ["questions", "shw"], ["schema", "foo"],
    ["diff", "Piet", "--set"], ["export", "--format", "xml"],
]
"""Each kind of usage error Click and Typer raise (cli/click_words.py reads them back), once."""


def _frame(lang: str) -> tuple[str, ...]:
    """The words of the frame around a usage error: its panel's title, the usage line, the way to help."""
    return ("Fout", "Gebruik:", "Meer uitleg:") if lang == "nl" else ("Error", "Usage:", "Try ")


def _foreign(said: str, lang: str) -> list[str]:
    foreign_words = ENGLISH | HELP_WORDS_EN | {"did", "mean", "input", "should", "value", "invalid", "missing", "choose"} \
        if lang == "nl" else DUTCH | {"bedoel", "ontbreekt", "ongeldige", "waarde", "kies", "minstens", "omgevingsvariabele"}
    return [line for line in said.splitlines() if words(line) & foreign_words]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("args", USAGE_MISTAKES, ids=" ".join)
def test_a_usage_error_and_its_frame_speak_the_runs_language(run, args, lang, monkeypatch):
    monkeypatch.setenv("KLANTPROFIEL_LANG", lang)
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert _frame(lang)[0] in result.stderr, result.stderr  # an option's misuse comes without a usage line, as Click raises it
    assert _foreign(result.stderr, lang) == [], result.stderr


def test_a_language_the_environment_names_wrongly_is_refused_in_dutch(run, monkeypatch):
    """KLANTPROFIEL_LANG=fr names no language: the run is in the default one, Dutch, its refusal too."""
    monkeypatch.setenv("KLANTPROFIEL_LANG", "fr")
    result = run("list")
    assert result.exit_code == 2 and "(omgevingsvariabele 'KLANTPROFIEL_LANG')" in result.stderr, result.stderr
    assert _foreign(result.stderr, "nl") == [], result.stderr


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", _help_paths(), ids=lambda p: p or "klantprofiel")
def test_every_command_refuses_an_unknown_option_in_the_runs_language(run, path, lang, monkeypatch):
    """On every command (the root and the groups too) Click's own words: the error, its usage line and
    the way to help."""
    monkeypatch.setenv("KLANTPROFIEL_LANG", lang)
    result = run(*path.split(), "--nope")
    assert result.exit_code == 2
    assert ("Onbekende optie: --nope" if lang == "nl" else "No such option: --nope") in result.stderr, result.stderr
    assert all(word in result.stderr for word in _frame(lang)), result.stderr
    assert _foreign(result.stderr, lang) == [], result.stderr


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_install_completion_says_what_it_did_in_the_runs_language(run, tmp_path, lang, monkeypatch):
    """Typer's completion options are the root's alone (its help, in test_every_help_speaks_the_runs_language,
    describes them in the run's language); installing says where, in that language too."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("KLANTPROFIEL_LANG", lang)
    monkeypatch.setattr("shellingham.detect_shell", lambda: ("bash", "/bin/bash"))  # the shell it runs in, whichever runs the tests
    result = run("--install-completion")
    assert result.exit_code == 0, result.stderr
    assert str(tmp_path) in result.stderr and _foreign(result.stderr, lang) == [], result.stderr
    assert ("het werkt zodra je de terminal opnieuw start" in result.stderr) == (lang == "nl"), result.stderr
    assert all("--install-completion" not in run(*path.split(), "--help").stdout for path in _help_paths()[1:])


@pytest.mark.parametrize("lang, said", [("nl", "Onbekende opdracht 'shw'. Bedoel je 'show'?"), ("en", "No such command 'shw'. Did you mean 'show'?")])
@pytest.mark.parametrize("group", [[], ["questions"]])
def test_a_mistyped_command_is_told_the_one_meant_in_the_runs_language(run, group, lang, said, monkeypatch):
    """Also at the top, where the commands are imported only when one is run (Typer alone knew none of them)."""
    monkeypatch.setenv("KLANTPROFIEL_LANG", lang)
    assert said in " ".join(run(*group, "shw").stderr.replace("│", " ").split())


@pytest.mark.parametrize("option", ["--install-completion", "--show-completion"])
def test_completion_for_a_shell_typer_has_none_for_is_refused_in_the_runs_language(run, tmp_path, option, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("shellingham.detect_shell", lambda: ("tcsh", "/bin/tcsh"))
    result = run(option)
    assert result.exit_code == 1 and "Aanvullen met Tab is er niet voor de shell 'tcsh', wel voor: bash, zsh" in result.stderr, result.stderr
    assert _foreign(result.stderr, "nl") == [] and list(tmp_path.iterdir()) == [], result.stderr


@pytest.mark.parametrize(("args", "nl", "en"), [
    (["interview", "Piet", "--answers", "OUT/"], "niet te lezen: het is een map.", "cannot read it: Is a directory."),
    (["export", "-o", "OUT/nergens/e.jsonl"], "kan niet worden geschreven: dat bestand of die map bestaat niet.",
     "No such file or directory."),
    (["export", "-o", "OUT/file/e.jsonl"], "kan niet worden geschreven: een deel van het pad is geen map.", "Not a directory."),
    (["questions", "validate", "OUT/"], "het bestand is niet te lezen: het is een map", "cannot read the file: Is a directory"),
], ids=["answers folder", "export nowhere", "export under a file", "set folder"])
def test_why_the_system_refused_a_file_is_said_in_the_runs_language(run, store, tmp_path, args, nl, en):
    """The system says why in English whatever --lang says ('Is a directory'): the usual reasons are in the catalogue (`errors.os_reason`)."""
    (tmp_path / "OUT" / "file").write_text("", encoding="utf-8")
    dutch = run(*_args(args, tmp_path))
    assert nl in " ".join(dutch.stderr.split()) and en not in dutch.stderr, dutch.stderr
    assert en in " ".join(run(*_args(args, tmp_path), "--lang", "en").stderr.split())


MALFORMED_JSON = ['{"a": "\\u12', '{"a": "\\x"}', '{"a": "\\u12zz"}', '{"a": "b\x01"}', '{"a": "\t"}', '{"a" 1}', '{"a": 01}', '{"a": -}',
                  '{"a": 1.}', '{"a": 1e}', '{"a": tru}', '{"a": nul}', '{"a": [1 2]}', '{"a": 1 "b": 2}', '{"a": 1,}', '[1,]', '{,}',
                  '{1: 2}', '{"a":1}x', '', '"abc', '{"a": "\\"}', '{"a": "\\ud800"}', '{"a": "\\udc00x"}', '[' * 3000,
                  '{"a": Nan}', '\ufeff{"a":1}', '{"a": .5}', '{"a": +1}', 'x']
"""Text that is not JSON in every way we could think of: each parser's complaint about it."""
MALFORMED_TOML = ['a = ', 'a = [1, 2', 'a = "x', 'a', 'a = 1\na = 2', '[t]\n[t]', 'a = 1 b = 2', 'a = "\x01"', 'a = {b = 1', '= 1',
                  '[a\nb = 1', "a = '\n'", 'a = "\\q"', '[[t]]\n[t]', 'a = {b=1}\na.c=2', "a = '\x7f'"]
"""The same for TOML (column maps, question sets)."""


@pytest.mark.parametrize("text", MALFORMED_JSON + MALFORMED_TOML, ids=lambda text: repr(text[:14]))
def test_every_complaint_of_the_parsers_is_read_back_into_the_catalogue(text):
    """json (answers files, a JSON array), pydantic_core (JSON lines) and tomllib each say in English
    what they could not read: every phrase of theirs becomes a catalogue entry, so no run says it in English."""
    import tomllib

    import pydantic_core

    from klantprofiel.parser_words import parser_detail
    complaints = []
    parsers = [tomllib.loads] if text in MALFORMED_TOML else [json.loads, lambda s: pydantic_core.from_json(s.encode())]
    for parse in parsers:
        try:
            parse(text)
        except json.JSONDecodeError as e:
            complaints.append(e.msg)
        except (ValueError, RecursionError) as e:
            complaints.append(str(e))
    assert complaints
    for complaint in complaints:
        left = [piece for piece in parser_detail(complaint).items if isinstance(piece, str) and re.search("[A-Za-z]", piece)]
        assert left == [], complaint


@pytest.mark.parametrize(("lang", "said"), [
    ("nl", ["regel 1: geen geldige JSON: wat na een backslash staat is ongeldig (geldig zijn bijvoorbeeld \\n en \\u00e9) bij kolom 30",
            "regel 2: geen geldige JSON: een tekst bevat een besturingsteken (schrijf een tab als \\t en een regeleinde als \\n) bij kolom 26",
            "regel 3: geen geldige JSON: na een sleutel moet een ':' staan bij kolom 47"]),
    ("en", ["line 1: not valid JSON: an escape after a backslash is not valid (\\n and \\u00e9 are, for example) at column 30",
            "line 2: not valid JSON: a text holds a bare control character (write a tab as \\t, a line break as \\n) at column 26",
            "line 3: not valid JSON: ':' is expected after a key at column 47"]),
])
def test_a_bad_escape_a_bare_tab_and_a_missing_colon_are_named_in_the_runs_language(run, lang, said):
    lines = '{"customer": {"name": "Piet \\x"}, "answers": {}}\n{"customer": {"name": "An\tna"}, "answers": {}}\n{"customer": {"name": "Jan"}, "answers": {"a" 1}}\n'
    result = run("import", "-", "--dry-run", *(["--lang", "en"] if lang == "en" else []), input=lines)
    assert result.exit_code == 1
    for line in said:
        assert line in result.stderr, result.stderr
    assert other_language(result.stderr, lang) == [], result.stderr
