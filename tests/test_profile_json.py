"""Export's fast rendering writes exactly what ExportRecord.model_dump_json() writes, with the
controls `show -f json` escapes escaped."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantprofiel.answers import check_answers
from klantprofiel.io.profile_json import ProfileJson
from klantprofiel.printable import json_bytes
from klantprofiel.profile.derive import tally
from klantprofiel.pronouns import PRONOUNS, Person
from klantprofiel.questionset.load import load
from klantprofiel.store.protocol import StoredInterview, encode_answers

from .conftest import MINI

TEXT = st.text(st.characters(codec="utf-8"), max_size=20) | st.sampled_from([" unknown", "a\"b\n\u2028\x01", "=SUM(A1)", "x\x85\u202ey\x7f", "’s café"])


def answers(qs):
    def value(q):
        ids = [c.id for c in q.choices]
        if q.kind == "choice":
            return st.sampled_from(ids + ["unknown"])
        if q.kind == "scale":
            return st.integers(q.scale.min, q.scale.max) | st.just("unknown")
        if q.kind == "multi":
            return st.lists(st.sampled_from(ids), max_size=len(ids))
        return TEXT
    return st.fixed_dictionaries({}, optional={q.id: value(q) for q in qs.questions})


STORED_AS = [encode_answers, lambda v: json.dumps(v, ensure_ascii=False), json.dumps]
"""How stores have held answers: the encoder of now, and json.dumps of an older klantprofiel."""


def row(qs, number, raw, meta, encode=encode_answers, counts=tally):
    """A stored row of these answers; `counts` gives its known/total (as a store counts them)."""
    checked, problems = check_answers(qs, raw)
    values = checked.values if not problems else {q.id: None for q in qs.questions}
    return (number, meta.get("name", "Jan"), meta.get("organisation"), meta.get("pronoun"), meta.get("salesperson"), "2024-05-01", meta.get("context"),
            None, qs.id, qs.version, encode(values), *counts(qs, values), "import", "2024-05-02T08:00:00+00:00", f"uid-{number}", "k-0000000" + str(number % 10),
            number % 3 or None, meta.get("context"))  # the uid, customer id, import id, external id


def _same(qs, lang, batch, encode=encode_answers, kept=None):
    """`kept`: the pronoun the store keeps per customer id (export's `Store.pronouns`), or None: each row's own."""
    rows = [row(qs, n, raw, meta, encode) for n, (raw, meta) in enumerate(batch, 1)]
    items = list(map(StoredInterview.from_row, rows))
    want = [item.record(qs, lang, None if kept is None else Person.of(kept.get(item.customer_key), item.customer)).model_dump_json()
            for item in items]
    assert ProfileJson(qs, lang, kept).render(rows) == [json_bytes(w.encode()) for w in want]


META = st.fixed_dictionaries({}, optional={"name": TEXT.filter(str.strip), "organisation": TEXT, "pronoun": st.sampled_from(["he", "she", "name"]),
                                          "salesperson": TEXT, "context": TEXT})
KEPT = st.none() | st.dictionaries(st.sampled_from([f"k-0000000{i}" for i in range(10)]), st.sampled_from(PRONOUNS))
"""What a store keeps of the customers' pronouns: each row's customer id is one of these ten."""


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["nl", "en"]), st.sampled_from(STORED_AS))
def test_fast_json_equals_the_model_default_set(data, lang, encode):
    qs = load()
    _same(qs, lang, data.draw(st.lists(st.tuples(answers(qs), META), min_size=1, max_size=5)), encode, data.draw(KEPT))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["nl", "en"]))
def test_fast_json_equals_the_model_mini_set(data, lang):
    qs = load(MINI)
    _same(qs, lang, data.draw(st.lists(st.tuples(answers(qs), META), min_size=1, max_size=5)), kept=data.draw(KEPT))


NAMED = (MINI.read_text(encoding="utf-8")
         .replace('says = { nl = "{Hij} luistert.", en = "{He} listens." }',
                  'says = { nl = "{Naam} luistert: {zijn|haar|{naam} zelf} manier.", en = "{Name} listens, {his} way." }')
         .replace('label = { nl = "Mens", en = "Person" }', 'label = { nl = "{Zijn} mens", en = "{His} person" }')
         .replace('title = { nl = "Leren", en = "Learning" }', 'title = { nl = "Hoe {naam} leert", en = "How {name} learns" }'))
"""The mini set with texts that write the name for him and her too (`{naam}`), as a trainer's set may."""


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    path = tmp_path_factory.mktemp("named") / "mini.toml"
    path.write_text(NAMED, encoding="utf-8")
    qs = load(str(path))
    assert qs.writes_name
    return qs


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), lang=st.sampled_from(["nl", "en"]))
def test_fast_json_puts_each_name_where_a_text_writes_it(named, data, lang):
    """Rendered once for any name (`pronouns.NAME_SLOT`), each record gets its own, as the model writes it."""
    _same(named, lang, data.draw(st.lists(st.tuples(answers(named), META), min_size=1, max_size=5)), kept=data.draw(KEPT))


def test_export_reads_the_counts_the_store_keeps_and_counts_damaged_ones_again():
    """Export takes known/total from the row (the store keeps them current: `store/recount.py`);
    where a hand edit left something that is not a number there, it counts them from the answers,
    as `show` does, instead of stopping."""
    qs = load()
    raw = {"learning_mode": "listen", "advice_meaning": "wisdom"}
    known, total = tally(qs, check_answers(qs, raw)[0].values)

    def knownness(counts):
        return json.loads(ProfileJson(qs, "nl").render([row(qs, 1, raw, {}, counts=lambda *_: counts)])[0])["profile"]["knownness"]

    assert (knownness((known, total))["known"], knownness((known, total))["total"]) == (known, total) == (2, 16)
    assert knownness((5, total))["known"] == 5  # the stored number is what it says, as list and CSV say it
    for damaged in [(None, total), ("2", "18"), (2.0, 18), (known, None)]:
        assert knownness(damaged) == knownness((known, total)), damaged
