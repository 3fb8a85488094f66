"""Every typical mistake in examples/import-mistakes.* is reported with its line (or row) and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"

JSONL_MISTAKES = {
    2: ("answers.learning_mode", "did you mean 'listen'"),
    3: ("answers.learnig_mode", "did you mean 'learning_mode'"),
    4: ("answers.advice_uptake", "from 1 to 5"),
    5: ("interview.meeting_date", "YYYY-MM-DD"),
    6: ("customer", "must be an object"),
    7: ("customer.name", "missing"),
    8: ("answers.advisors_kind", "only asked when other_advisors = yes"),
    9: ("answers.advisors_kind", "did you mean 'experts'"),
    10: (None, "not valid JSON"),
    11: ("interveiw", "did you mean 'interview'"),
    12: ("answers.other_advisors", "allowed: yes, no, unknown"),
}
CSV_MISTAKES = {
    3: ("learning_mode", "did you mean 'listen'"),
    4: ("advice_uptake", "from 1 to 5"),
    5: ("meeting_date", "YYYY-MM-DD"),
    6: ("customer", "is empty"),
    7: ("advisors_kind", "only asked when other_advisors = yes"),
    8: (None, "cells but the header names 7 columns"),
}


@pytest.mark.parametrize("name, unit, mistakes", [("import-mistakes.jsonl", "line", JSONL_MISTAKES), ("import-mistakes.csv", "row", CSV_MISTAKES)])
def test_every_mistake_is_reported_with_where_and_field(english, run, name, unit, mistakes):
    result = run("import", str(EXAMPLES / name), "--json")
    assert result.exit_code == 1
    problems = [e for e in map(json.loads, result.stderr.splitlines()) if e["event"] == "problem"]
    found = {p[unit]: p for p in problems}
    assert set(found) == set(mistakes)
    for where, (field, says) in mistakes.items():
        assert found[where]["field"] == field
        assert says in found[where]["message"]


def test_the_report_reads_as_file_line_field_value_and_what_is_allowed(english, run):
    result = run("import", str(EXAMPLES / "import-mistakes.jsonl"))
    lines = result.stderr.splitlines()
    assert (f"{EXAMPLES / 'import-mistakes.jsonl'}, line 2: answers.learning_mode = \"lisen\": "
            "'lisen' is not a choice (did you mean 'listen'?); allowed: listen, think_along, both, unknown") in lines
    assert len([line for line in lines if ", line " in line]) == len(JSONL_MISTAKES)
