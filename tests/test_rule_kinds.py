"""The `concern` and `ask` rule kinds: what blocks a yes, and known answers that become questions."""

from __future__ import annotations

import json
import textwrap

import pytest

from klantprofiel.profile.derive import derive
from klantprofiel.questionset.load import load

SET = textwrap.dedent(
    """
    id = "worries"
    version = "1"
    title = { nl = "Zorgen", en = "Worries" }
    description = { nl = "Test", en = "Test" }
    meta = [{ id = "customer", text = { nl = "Naam?", en = "Name?" } }]
    topics = [{ id = "price", title = { nl = "Prijs", en = "Price" } }]
    levels = [{ min = 0, label = { nl = "Koning", en = "King" } }]

    [[questions]]
    id = "price_doubt"
    topic = "price"
    kind = "choice"
    text = { nl = "Twijfelt hij over de prijs?", en = "Does he doubt the price?" }
    discover = { nl = "Vraag wat hij van de prijs vindt.", en = "Ask what he thinks of the price." }
    choices = [
      { id = "none", label = { nl = "Nee", en = "No" } },
      { id = "strong", label = { nl = "Sterk", en = "Strongly" } },
    ]

    [[questions]]
    id = "price_spoken"
    topic = "price"
    kind = "choice"
    when = { price_doubt = "strong" }
    text = { nl = "Uitgesproken?", en = "Spoken about?" }
    discover = { nl = "Ga na of hij het heeft gezegd.", en = "Find out whether he said it." }
    choices = [
      { id = "yes", label = { nl = "Ja", en = "Yes" } },
      { id = "no", label = { nl = "Nee", en = "No" } },
    ]

    [[rules]]
    id = "price_stuck"
    kind = "concern"
    when = { price_doubt = "strong" }
    text = { nl = "De deal hangt op de prijs.", en = "The deal hangs on the price." }

    [[rules]]
    id = "price_ask"
    kind = "ask"
    when = { price_spoken = "no" }
    text = { nl = "Vraag hem hardop naar de prijs.", en = "Ask him openly about the price." }
    """
)


@pytest.fixture
def worries(tmp_path):
    path = tmp_path / "worries.toml"
    path.write_text(SET, encoding="utf-8")
    return path


def test_concern_lines_say_what_blocks_the_deal(worries):
    profile = derive(load(worries), {"price_doubt": "strong", "price_spoken": "yes"})
    assert [c.text for c in profile.concerns] == ["De deal hangt op de prijs."]
    assert profile.concerns[0].why[0].label == "Sterk"


def test_ask_lines_come_before_the_unknowns_in_still_to_discover(worries):
    profile = derive(load(worries), {"price_doubt": "strong", "price_spoken": "no"}, "en")
    assert [d.text for d in profile.discover] == ["Ask him openly about the price."]
    assert profile.discover[0].rule == "price_ask"


def test_no_concern_or_question_when_nothing_is_wrong(worries):
    profile = derive(load(worries), {"price_doubt": "none"})
    assert profile.concerns == []
    assert profile.discover == []


def test_show_prints_concerns_under_their_own_heading(worries, run):
    saved = run("interview", "Ann", "--set", str(worries), "--answers", "-",
                input=json.dumps({"price_doubt": "strong", "price_spoken": "no"}))
    assert saved.exit_code == 0, saved.stderr
    shown = run("show", "1")
    assert "Open twijfels en zorgen" in shown.stdout
    assert "De deal hangt op de prijs." in shown.stdout
    markdown = run("show", "1", "--format", "markdown").stdout
    assert "## Open twijfels en zorgen\n\n- De deal hangt op de prijs." in markdown
    record = json.loads(run("show", "1", "--format", "json").stdout)
    assert record["profile"]["concerns"][0]["rule"] == "price_stuck"
    assert record["profile"]["discover"][0]["text"] == "Vraag hem hardop naar de prijs."
