"""A default line (no answer decides its aspect yet) looks like one on screen and in JSON, and says why."""

from __future__ import annotations

import json


def test_a_default_line_is_marked_and_says_why(interviewed, run):
    interviewed("Els", {"advice_meaning": "wisdom"})
    out = run("show", "Els").stdout
    assert "standaard · Begin kort en mondeling" in out
    assert "Adviseer gewoon" in out and "standaard · Adviseer" not in out
    why = run("show", "Els", "--why").stdout
    assert "Standaardregel: nog niets bekend dat dit beslist (Zelf doen of voordoen, Vorm van" in why


def test_json_and_markdown_carry_the_mark_and_the_why(interviewed, run):
    interviewed("Els", {"advice_meaning": "wisdom"})
    approach = {a["aspect"]: a for a in json.loads(run("show", "Els", "-f", "json", "--lang", "en").stdout)[0]["profile"]["approach"]}
    assert approach["form"]["fallback"] is True
    assert approach["form"]["default_why"] == "Default line: nothing known yet that decides this (Doing or being shown, Form of advice)."
    assert approach["directive"]["fallback"] is False and approach["directive"]["default_why"] is None
    md = run("show", "Els", "-f", "markdown", "--why").stdout
    assert "- **Welke vorm:** _(standaard)_ Begin kort en mondeling" in md
    assert "_(Standaardregel: nog niets bekend dat dit beslist (" in md


def test_the_brief_leaves_default_lines_out(interviewed, run):
    interviewed("Els", {"advice_meaning": "wisdom"})
    b = json.loads(run("brief", "Els", "-f", "json").stdout)
    assert [a["rule"] for a in b["approach"]] == ["kennismaking.directive_straight_wisdom", "kennismaking.framing_wisdom"]
