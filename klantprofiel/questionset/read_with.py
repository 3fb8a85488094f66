"""Which question set a stored interview is read with: the rule, in one place for every store.

An interview keeps the id and version of the set it was answered against, and the store keeps a
copy of that set. It is read with the built-in set of that id while its answers still fit it
(same questions, no choice removed), so a trainer's improved rules and texts reach everyone
interviewed before; once they no longer fit, with the copy, exactly as it was answered.

So what an interview reads as can change without the interview changing: a new klantprofiel or a
trainer's edit of a built-in set. `reading_fingerprint` tells, without reading the set, whether it
may have: a store keeps it beside the knownness it counted, and counts again when it differs.
"""

from __future__ import annotations

import hashlib

from klantprofiel import __version__
from klantprofiel.errors import NotFoundError
from klantprofiel.questionset.load import available, load
from klantprofiel.questionset.model import QuestionSet


def fits(current: QuestionSet, old: QuestionSet) -> bool:
    """Can answers given to `old` be read with `current`? Same questions, no choice removed."""
    now = {q.id: (q.kind, {c.id for c in q.choices}) for q in current.questions}
    return all(q.id in now and now[q.id][0] == q.kind and {c.id for c in q.choices} <= now[q.id][1] for q in old.questions)


def set_to_read(set_id: str, version: str, kept: QuestionSet | None) -> QuestionSet:
    """The set to read an interview of `set_id` `version` with, given the copy the store keeps
    of it (`kept`, None if it keeps none)."""
    if set_id in available():
        current = load(set_id)
        if kept is None or fits(current, kept):  # the same version may say something else (a store from before content hashes)
            return current
    if kept is None:
        raise NotFoundError("set_version_unknown", set=set_id, version=version)
    return kept


def reading_fingerprint(set_id: str) -> str:
    """What `set_to_read` depends on besides the store's own (unchanging) copies: the built-in set
    file of that id, and the klantprofiel reading it. Reading files' bytes, not parsing them: a
    `list` compares it for every set it has."""
    path = available().get(set_id)
    content = path.read_bytes() if path is not None else b"(not built in)"
    return hashlib.sha256(__version__.encode() + b"\0" + content).hexdigest()[:32]
