"""Export records as JSON text, fast: exactly what `InterviewRecord.model_dump_json()` writes for
the profile `derive` gives, with what `json_bytes` escapes escaped (as `show -f json` does).

Deriving one profile builds some sixty pydantic objects, and export of 100,000 interviews must
take at most twice the time of reading the rows and writing them with `json.dumps`. So nothing
here decides what a profile says: `profile.derive.Derivation` does, as pieces, each reading the
answers to a few questions. Each piece is run (and its lines written as JSON) once per
combination of the answers it reads, and looked up for every record after that, a batch at a
time, column by column; the records are put together from the pieces in the derivation's order,
in the layout the models themselves write (`_Template`). A free text (`Kind.verbatim`) takes
too many values to render each: a piece that shows one is rendered with a placeholder, and the
text put in its place. `tests/test_one_derivation.py` holds the output to the models'.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from itertools import repeat
from operator import getitem, itemgetter
from typing import Any, cast

from pydantic import BaseModel
from pydantic_core import from_json, to_json

from klantprofiel import kinds
from klantprofiel.io.memo import Memo
from klantprofiel.printable import holds_control, json_bytes
from klantprofiel.profile.derive import Piece, derivation, knownness_of, tally
from klantprofiel.profile.model import Profile, Section, SetRef
from klantprofiel.profile.record import InterviewRecord, StoredCustomer, StoredMeta
from klantprofiel.pronouns import NAME_SLOT, Person, name_forms
from klantprofiel.questionset.model import Question, QuestionSet
from klantprofiel.store.protocol import INTERVIEW_FIELDS, DamagedRow

_KNOWN = "\x00known"
"""The key of any free text that no condition names: conditions on text only tell known from not."""
_INSIDE_QUOTES = slice(1, -1)
_SLOT = re.compile(rb'"\\u0000([a-z_.]+)\\u0000"')


def _slot(name: str) -> str:
    return f"\x00{name}\x00"


class _Template:
    """The JSON a model writes, cut where its named fields go: `fill` puts each field's JSON there.
    Made from the model itself (filled with slots), so the layout is the model's."""

    def __init__(self, model: BaseModel) -> None:
        parts = _SLOT.split(model.model_dump_json(warnings=False).encode())
        self.pieces, self.names = parts[0::2], [name.decode() for name in parts[1::2]]

    def start(self, values: dict[str, bytes]) -> bytes:
        """The JSON up to the last field, the earlier ones filled with `values`."""
        return b"".join(piece + values[name] for piece, name in zip(self.pieces, self.names[:-1])) + self.pieces[-2]

    def fill(self, values: dict[str, Any]) -> list[Any]:
        """The template's pieces with `values[name]` (a column of JSON, or one JSON repeated) between them."""
        out: list[Any] = []
        for piece, name in zip(self.pieces, self.names):
            out += [repeat(piece), values[name]]
        return [*out, repeat(self.pieces[-1])]


def _slotted(model: type[BaseModel], prefix: str = "", **inside: Any) -> Any:
    """The model with a slot in each field (named `prefix` + its name), or what `inside` gives it."""
    fields: dict[str, Any] = {f: _slot(prefix + f) for f in model.model_fields}
    return model.model_construct(**(fields | inside))


_RECORD = _Template(_slotted(InterviewRecord, customer=_slotted(StoredCustomer, "customer."), interview=_slotted(StoredMeta, "interview."),
                             question_set=_slotted(SetRef, "question_set.")))
_STORED_AS = {"customer.name": "customer", "customer.organisation": "organisation", "customer.pronoun": "pronoun", "customer.id": "customer_key",
              "customer.external_id": "external_id", **{f"interview.{f}": f for f in StoredMeta.model_fields},
              "question_set.id": "question_set", "question_set.version": "set_version"}
"""Which stored column (`protocol.INTERVIEW_FIELDS`) each field of the record takes, as `StoredInterview.record` fills it."""
_COLUMN = {name: INTERVIEW_FIELDS.index(column) for name, column in _STORED_AS.items()}
_ANSWERS = INTERVIEW_FIELDS.index("answers")
_COUNTS = itemgetter(INTERVIEW_FIELDS.index("known"), INTERVIEW_FIELDS.index("total"))
"""A row's known/total: what `derive.tally` gives for its answers, as the store keeps them
(`store/recount.py` counts them again before an export reads them, when their set reads them otherwise)."""

_PROFILE = _Template(_slotted(Profile))
_SECTION = _Template(_slotted(Section))
_SECTION_END = b"]" + _SECTION.pieces[-1]


def _counted(counts: tuple[Any, Any]) -> bool:
    """Are a row's known/total the two integers the store writes (not something a hand edit left)?"""
    return type(counts[0]) is int and type(counts[1]) is int


def _json(model: Any) -> bytes:
    return json_bytes(model.model_dump_json().encode())


def _static(value: Any) -> bytes:
    """The JSON of a piece of the set (an id, a title) that every record repeats."""
    return json_bytes(to_json(value))


def _encode(column: Iterable[Any]) -> list[bytes]:
    """Each stored value's JSON, with what `json_bytes` escapes escaped (looked for once in the
    whole column: almost never there)."""
    encoded = list(map(to_json, column))
    return list(map(json_bytes, encoded)) if holds_control(b"".join(encoded)) else encoded


def _value_of(q: Question) -> Callable[[Any], Any]:
    """The answer a key of this question stands for (a free text no condition names: its placeholder)."""
    if kinds.of(q).verbatim:
        slot = _slot(q.id)
        return lambda key: slot if key is _KNOWN else key
    return lambda key: list(key) if isinstance(key, tuple) else key


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


class _Part:
    """One piece of the derivation, as JSON: rendered once per combination of the keys of the
    answers it reads, looked up for every record after that."""

    def __init__(self, piece: Piece, position: dict[str, int], value_of: list[Any]) -> None:
        self.deps = [position[qid] for qid in piece.reads if qid in position]
        names = [qid for qid in piece.reads if qid in position]

        def render(keys: tuple) -> bytes:
            values = {qid: value_of[position[qid]](key) for qid, key in zip(names, keys)}
            return b",".join(map(_json, piece.lines(values)))
        self.memo = Memo(render) if len(names) != 1 else Memo(lambda key: render((key,)))  # one answer: keyed by its key itself
        self.quotes = position.get(piece.quotes) if piece.quotes else None
        self.placeholder = to_json(_slot(piece.quotes))[_INSIDE_QUOTES] if piece.quotes else b""

    def down(self, keys: list[list[Any]], texts: dict[int, list[bytes]]) -> list[bytes]:
        """The piece for each record of the batch (`keys`: per question, down the batch; `texts`:
        the JSON of each free text, by question)."""
        lookup = self.memo.__getitem__
        if len(self.deps) == 1:  # a lookup straight down its column
            said = list(map(lookup, keys[self.deps[0]]))
        else:
            said = list(map(lookup, zip(*(keys[j] for j in self.deps)))) if self.deps else [lookup(())] * len(keys[0])
        if self.quotes is not None:
            inside = map(getitem, texts[self.quotes], repeat(_INSIDE_QUOTES))
            said = list(map(bytes.replace, said, repeat(self.placeholder), inside))  # type: ignore[arg-type]  # getitem's overloads lose that a slice of bytes is bytes
        return said


def _joined(columns: list[list[bytes]], n: int) -> list[bytes]:
    """Per record (of `n`), its non-empty fragments (one column each) joined with commas."""
    if not columns:
        return [b""] * n
    return list(map(b",".join, map(filter, repeat(None), zip(*columns))))


class ProfileJson:
    """Export records (JSON text) for stored interview rows answered against one set, in one
    language, each written for its customer: by the pronoun `pronouns` keeps for him
    (`Store.pronouns`, as every view reads him), or without it as the row itself names him
    (`StoredInterview.record`). The rows of a batch are rendered together per voice
    (`QuestionSet.voice`: every "ze" alike), and put back in their order. A text that writes a
    name is rendered once for every name (`pronouns.NAME_SLOT`), each record's name put in his
    profile after (not into his answers and notes; `_holds_slot`: a text that looks like a slot)."""

    def __init__(self, qs: QuestionSet, lang: str, pronouns: Mapping[str, str] | None = None) -> None:
        self.qs = qs
        self.lang = lang
        self.pronouns = pronouns
        self.voices: dict[tuple[str, str], _Voiced] = {}
        self.voice_of = Memo(lambda key: _any_name(qs.voice(Person(key[0], NAME_SLOT if key[1] else ""))))
        """(pronoun, has he a name) -> the voice his texts are rendered in: any name stands for his own."""
        slots = {_static(slot)[_INSIDE_QUOTES]: slot for slot in name_forms(NAME_SLOT, lang)}
        common = cast(bytes, os.path.commonprefix(list(slots)))
        self.slot_code = {slot: json[len(common):] for json, slot in slots.items()}
        self.slot_split = re.compile(re.escape(common) + b"(" + b"|".join(map(re.escape, self.slot_code.values())) + b")")
        """Where a record rendered for `NAME_SLOT` writes the name (its form's code captured): one pass finds every slot."""

    def render(self, rows: list[tuple]) -> list[bytes]:
        """The export record JSON (UTF-8) of each row (`protocol.InterviewRow`)."""
        kept, voice_of = self.pronouns, self.voice_of
        who = [Person.of(pronoun if kept is None else kept.get(key), name) for pronoun, name, key in map(_WHO, rows)]
        voices = [voice_of[person.pronoun, bool(person.name)] for person in who]
        for i, voice in enumerate(voices):
            if voice.name and _holds_slot(rows[i][_ANSWERS]):  # a text of his that a slot's name would land in
                voices[i] = self.qs.voice(who[i])
        runs: dict[Person, list[int]] = {}
        for i, voice in enumerate(voices):  # mostly one voice: a single run of all the rows
            runs.setdefault(voice, []).append(i)
        out = [b""] * len(rows)
        for voice, at in runs.items():
            for i, rendered in zip(at, self._voiced(voice).render([rows[i] for i in at], [who[i].name for i in at])):
                out[i] = rendered
        return out

    def _voiced(self, person: Person) -> _Voiced:
        found = self.voices.get(person.key)
        if found is None:
            found = self.voices[person.key] = _Voiced(self.qs, self.lang, person, self._named if person.name == NAME_SLOT else None)
        return found

    def _named(self, profiles: list[bytes], names: list[str]) -> list[bytes]:
        """Profiles rendered for `NAME_SLOT`, each with its customer's name where its texts write the name."""
        return list(map(self._one_named, profiles, names))

    def _one_named(self, profile: bytes, name: str) -> bytes:
        forms = {self.slot_code[slot]: _static(text)[_INSIDE_QUOTES] for slot, text in name_forms(name, self.lang).items()}
        pieces = self.slot_split.split(profile)
        pieces[1::2] = map(forms.__getitem__, pieces[1::2])
        return b"".join(pieces)


_SLOT_START = os.path.commonprefix(list(name_forms(NAME_SLOT, "nl")))
"""How every slot of `name_forms` begins."""


def _holds_slot(answers: Any) -> bool:
    """Do a row's stored answers (JSON text) hold a text with what begins a name slot? A profile
    rendered for `NAME_SLOT` quotes his free texts, and his name would be put in there too; such
    a row is rendered for his own name instead (rare: it takes a NUL, which JSON writes `\\u0000`)."""
    if not isinstance(answers, str) or "\\u" not in answers:
        return False
    try:
        values = from_json(answers)
    except ValueError:  # damaged: rendering it says so
        return False
    return isinstance(values, dict) and any(isinstance(v, str) and _SLOT_START in v for v in values.values())


def _any_name(person: Person) -> Person:
    """A voice whose texts write the name, for any name (`NAME_SLOT`); one that writes none as it is."""
    return Person(person.pronoun, NAME_SLOT) if person.name else person


_WHO = itemgetter(*(INTERVIEW_FIELDS.index(f) for f in ("pronoun", "customer", "customer_key")))
"""A row's pronoun, customer name and customer id: whom its texts are written for."""


class _Voiced:
    """`ProfileJson` for rows whose texts are all written for one `person`. One written for
    `NAME_SLOT` has `named` put each customer's name in his profile (only there: his answers and
    notes are written as stored)."""

    def __init__(self, qs: QuestionSet, lang: str, person: Person,
                 named: Callable[[list[bytes], list[str]], list[bytes]] | None = None) -> None:
        self.qs = qs
        self.person = person
        self.named = named
        found = derivation(qs, lang, person)
        self.questions = qs.questions
        position = {q.id: i for i, q in enumerate(qs.questions)}
        literals: dict[str, set[str]] = {q.id: set() for q in qs.questions}
        for condition in [q.when for q in qs.questions] + [r.when for r in qs.own_rules]:
            for qid, matcher in condition.items():
                if qid in literals:
                    literals[qid] |= {matcher} if isinstance(matcher, str) else (set(matcher) if isinstance(matcher, list) else set())
        self.text_keys = {i: {None: None, **{lit: lit for lit in literals[q.id]}} for i, q in enumerate(qs.questions) if kinds.of(q).verbatim}
        """Per free-text question: the texts a condition names (each its own key); any other is _KNOWN."""
        self.many = {i for i, q in enumerate(qs.questions) if kinds.of(q).many}
        """The questions whose answer is a list, keyed as a tuple."""
        value_of = list(map(_value_of, qs.questions))
        self.lists = {name: [_Part(p, position, value_of) for p in pieces] for name, pieces in found.lists.items()}
        self.sections = [(_SECTION.start({"topic": _static(topic.id), "title": _static(topic.title(lang, person))}) + b"[",
                          [_Part(p, position, value_of) for p in pieces])
                         for topic, pieces in found.sections]
        """Per topic: its section up to its first line, and the pieces of its lines."""
        self.static = {"language": _static(lang), "question_set": _static({"id": qs.id, "version": qs.version})}
        self.knownness = Memo(lambda kt: _json(knownness_of(qs, kt[0], kt[1], lang, person)))

    def render(self, rows: list[tuple], names: list[str]) -> list[bytes]:
        """The records of the rows, whose customers are called `names`."""
        try:
            values = list(map(from_json, map(itemgetter(_ANSWERS), rows)))
        except (TypeError, ValueError):
            values = []
        if len(values) < len(rows) or not all(isinstance(v, dict) for v in values):  # a row damaged by hand
            raise DamagedRow(next(row[0] for row in rows if not _an_object(row[_ANSWERS])))
        n = len(rows)
        stored = [list(map(dict.get, values, repeat(q.id))) for q in self.questions]
        keys = [list(map(self.text_keys[i].get, column, repeat(_KNOWN))) if i in self.text_keys
                else list(map(_key, column)) if i in self.many else column for i, column in enumerate(stored)]
        texts = {i: _encode(stored[i]) for i in self.text_keys}
        profile: dict[str, Any] = {name: [b"[" + line + b"]" for line in _joined([part.down(keys, texts) for part in parts], n)]
                   for name, parts in self.lists.items()}
        sections = []
        for start, parts in self.sections:
            lines = _joined([part.down(keys, texts) for part in parts], n)
            sections.append([start + line + _SECTION_END if line else b"" for line in lines])  # a topic with nothing said has no section
        profile["sections"] = [b"[" + line + b"]" for line in _joined(sections, n)]
        counts = list(map(_COUNTS, rows))
        if not all(map(_counted, counts)):  # numbers damaged by hand: counted from the answers, as `show` does
            counts = [c if _counted(c) else tally(self.qs, v) for c, v in zip(counts, values)]
        profile["knownness"] = list(map(self.knownness.__getitem__, counts))
        profile.update({name: repeat(json) for name, json in self.static.items()})
        profiles = list(map(b"".join, zip(*_PROFILE.fill(profile))))
        if self.named is not None:
            profiles = self.named(profiles, names)
        record: dict[str, Any] = {name: _encode(map(itemgetter(column), rows)) for name, column in _COLUMN.items()}
        record["answers"], record["profile"] = _encode(values), profiles
        return list(map(b"".join, zip(*_RECORD.fill(record))))  # each record copied once, from all its pieces


def _an_object(text: Any) -> bool:
    try:
        return isinstance(from_json(text), dict)
    except (TypeError, ValueError):
        return False

