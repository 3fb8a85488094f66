"""`interview --answers`, `show` and `list` through Typer's CliRunner, as a script would call them."""

from __future__ import annotations

import json
import re

from klantprofiel.profile.record import InterviewRecord

from helpers import failed_cleanly

PROUD_DOER = {
    "learning_mode": "think_along", "learning_doing": "do_himself", "advice_meaning": "weakness",
    "advice_form": "short_talk", "advice_uptake": 5, "other_advisors": "yes", "advisors_kind": ["experts"],
    "organisation": "Bakkerij Jansen", "salesperson": "Sanne", "meeting_date": "2026-11-20",
}


def test_answers_file_stores_and_shows_the_profile(run, interviewed):
    result = interviewed("Piet Jansen", PROUD_DOER)
    assert re.search(r"Opgeslagen als interview 1 van Piet Jansen \(k-[0-9a-z]{8}\)\.", result.stderr)
    assert "Piet Jansen · Bakkerij Jansen" in result.stdout
    shown = run("show", "piet jansen")
    assert shown.exit_code == 0
    out = shown.stdout
    assert out.index("Hoe sturend") < out.index("Doen") < out.index("Nog te ontdekken") < out.index("Hoe goed kennen we de klant")
    assert "Laat het hem zelf ontdekken" in out
    assert "Spanningen" in out


def test_why_shows_the_answers_behind_each_line(run, interviewed):
    interviewed("Piet", PROUD_DOER)
    plain = run("show", "Piet").stdout
    why = run("show", "Piet", "--why").stdout
    assert "waarom:" not in plain
    assert "waarom: Advies vragen is → Zwakte; Zelf doen of voordoen → Zelf doen" in why


def test_json_is_a_stable_documented_record(run, interviewed):
    interviewed("Piet", PROUD_DOER)
    result = run("show", "Piet", "--format", "json")
    [data] = json.loads(result.stdout)  # a name gives one record per question set answered
    InterviewRecord.model_validate(data)  # the documented shape (klantprofiel schema profile)
    assert list(data) == ["customer", "interview", "question_set", "answers", "profile"]
    assert data["customer"] == {"id": data["customer"]["id"], "name": "Piet", "organisation": "Bakkerij Jansen", "pronoun": None,
                                "external_id": None}
    assert json.loads(run("list", "--json").stdout)[0]["id"] == data["customer"]["id"]
    assert len(data["interview"]["uid"]) == 32 and data["interview"]["import_id"] is None
    assert data["answers"]["advice_meaning"] == "weakness"
    assert data["answers"]["knowledge"] is None  # unknown is explicit, not a missing key
    assert data["answers"]["advisors_role"] is None
    assert list(data["profile"]) == ["language", "question_set", "approach", "concerns", "do", "dont", "sections", "tensions", "discover", "knownness"]
    assert data["profile"]["knownness"]["known"] == 7


def test_english_and_markdown(run, interviewed):
    interviewed("Piet", PROUD_DOER)
    en = run("show", "Piet", "--lang", "en").stdout
    assert "Still to discover" in en and "Nog te ontdekken" not in en
    md = run("show", "Piet", "-f", "markdown", "--why").stdout
    assert md.startswith("# Piet · Bakkerij Jansen\n")
    assert "## Aanpak" in md and "_(waarom:" in md


def test_empty_answers_file_is_an_all_unknown_interview(run, interviewed):
    interviewed("Nieuw", {})
    [data] = json.loads(run("show", "Nieuw", "-f", "json").stdout)
    assert set(data["answers"].values()) == {None}
    assert all(a["fallback"] for a in data["profile"]["approach"])
    assert data["profile"]["knownness"]["known"] == 0


def test_bad_answers_file_names_every_field(english, run):
    answers = {"learning_mode": "listening", "advice_uptake": 9, "learnig_doing": "show_him", "meeting_date": "20-11-2026"}
    result = run("interview", "Piet", "--answers", "-", input=json.dumps(answers))
    assert result.exit_code == 1
    err = result.stderr
    assert "4 problem(s)" in err
    assert "field 'learning_mode': 'listening' is not a choice (did you mean 'listen'?)" in err
    assert "field 'advice_uptake': must be a whole number from 1 to 5" in err
    assert "field 'learnig_doing': no question 'learnig_doing' in set 'kennismaking' (did you mean 'learning_doing'?)" in err
    assert "field 'meeting_date': must be a date written as YYYY-MM-DD" in err
    assert "Traceback" not in err
    assert "No store at" in failed_cleanly(run("list"), 1)  # nothing half-written, not even an empty store


def test_answers_from_a_toml_file(run, tmp_path):
    path = tmp_path / "antwoorden.toml"
    path.write_text('learning_mode = "listen"\nother_advisors = "no"\n', encoding="utf-8")
    assert run("interview", "Els", "--answers", str(path)).exit_code == 0
    assert json.loads(run("show", "Els", "-f", "json").stdout)[0]["answers"]["learning_mode"] == "listen"


def test_unknown_customer_lists_near_matches(english, run, interviewed):
    interviewed("Piet Jansen", {})
    result = run("show", "Piet Janssen")
    assert result.exit_code == 1
    assert "No customer named 'Piet Janssen'." in result.stderr
    assert "Did you mean: Piet Jansen?" in result.stderr


def test_show_by_interview_id_and_history_kept(run, interviewed):
    interviewed("Piet", {"learning_mode": "listen"})
    interviewed("Piet", {"learning_mode": "think_along"})
    assert json.loads(run("show", "1", "-f", "json").stdout)["answers"]["learning_mode"] == "listen"
    assert json.loads(run("show", "Piet", "-f", "json").stdout)[0]["answers"]["learning_mode"] == "think_along"
    listed = json.loads(run("list", "--json").stdout)
    assert [(c["name"], c["interviews"]) for c in listed] == [("Piet", 2)]


def test_list_shows_customers_with_knownness(run, interviewed):
    interviewed("Piet", PROUD_DOER)
    interviewed("Anna", {})
    out = run("list").stdout
    assert out.index("Anna") < out.index("Piet")  # most recent first
    assert "39%" in out and "0%" in out


def test_user_text_is_printed_literally(run, interviewed):
    notes = "[bold red]let op[/] :smile: [link=http://x]klik[/link]"
    interviewed("[b]Jan[/b] :crown:", {"notes": notes, "preferences": "\x1b[31mrood\x1b[0m"})
    out = run("show", "[b]Jan[/b] :crown:").stdout
    assert "[b]Jan[/b] :crown:" in out
    assert notes in out
    assert "👑" not in out and "😄" not in out
    assert "\x1b[31m" not in out


def test_no_terminal_means_no_prompt_and_a_hint(run):
    result = run("interview", "Piet")
    assert result.exit_code == 2
    assert "Geen terminal" in result.stderr
    assert "--answers" in result.stderr


def test_version_and_help(run):
    from klantprofiel import __version__

    assert run("--version").stdout.strip() == f"klantprofiel {__version__}"
    for command in (["interview"], ["show"], ["list"], ["questions", "validate"], ["schema"]):
        result = run(*command, "--help")
        assert result.exit_code == 0
        assert "Gebruik:" in result.stdout  # Dutch by default, as every word of the help
