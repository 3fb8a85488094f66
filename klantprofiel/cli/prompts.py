"""The interview's prompts. The only module that imports questionary, and only when asked to.

`Ask.unsafe_ask()` is used throughout: `ask()` would swallow Ctrl-C and return None, which we
could not tell apart from an answer. Ctrl-C and Ctrl-D become `InterviewInterrupted`, carrying
the state so the caller keeps it as a draft.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

from rich.table import Table
from rich.text import Text

from klantprofiel.answers import AnswerProblem, MAX_TEXT, check_meta
from klantprofiel.cli.render import plain
from klantprofiel.cli.terminal import Terminal
from klantprofiel.errors import InterviewInterrupted
from klantprofiel.i18n import t
from klantprofiel.interview import InterviewState, Step
from klantprofiel.names import InvalidName, normalise
from klantprofiel.printable import printable
from klantprofiel.profile.derive import answer_label, label_of

UNKNOWN = "\x00unknown"
BACK = "\x00back"


class Prompter:
    """questionary with an optional input/output, so tests can type keys through a pipe."""

    def __init__(self, input: Any = None, output: Any = None) -> None:
        import questionary  # heavy: only the interview pays for it

        self.q = questionary
        self.io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}

    def _ask(self, prompt: Callable[..., Any], message: str, *args: Any, **kwargs: Any) -> Any:
        """Ask `prompt(message, *args, **kwargs)`. Ctrl-D (EOF), and a terminal that went away (a closed
        window: drawing the prompt fails), stop the interview as Ctrl-C does: the draft is kept.
        The message (a question set's text, a name) and the choices' titles are shown `printable`;
        an answer being edited stays exact (prompt_toolkit shows its controls as ^[ and the like)."""
        try:
            return prompt(printable(message), *args, **kwargs, **self.io).unsafe_ask()
        except (EOFError, OSError):
            raise KeyboardInterrupt from None

    def select(self, message: str, choices: list[tuple[str, str]], *, default: str | None = None, qmark: str = "?",
               instruction: str | None = None) -> str:
        options = [self.q.Choice(printable(title), value) for title, value in choices]
        values = [v for _, v in choices]
        return self._ask(self.q.select, message, options, default=default if default in values else None, qmark=qmark,
                         instruction=instruction)

    def checkbox(self, message: str, choices: list[tuple[str, str]], *, checked: list[str], qmark: str, instruction: str,
                 none: str) -> list[str]:
        """questionary's own line after the answer says "done (2 selections)" in English; it is
        erased and replaced by the picked labels (or `none`), as select and text show theirs."""
        options = [self.q.Choice(printable(title), value, checked=value in checked) for title, value in choices]
        picked = [p for p in self._ask(self.q.checkbox, message, options, qmark=qmark, instruction=instruction, erase_when_done=True) or [] if p]
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText
        from questionary.constants import DEFAULT_STYLE
        answer = printable(", ".join(title for title, value in choices if value in picked) or none)
        with contextlib.suppress(OSError):  # the terminal just went away: keep the answer, the next prompt stops
            print_formatted_text(FormattedText([("class:qmark", qmark), ("class:question", f" {printable(message)} "), ("class:answer", answer)]),
                                 style=DEFAULT_STYLE, output=self.io.get("output"))
        return picked

    def text(self, message: str, *, default: str = "", qmark: str = "?", instruction: str | None = None,
             validate: Callable[[str], bool | str] | None = None) -> str:
        return self._ask(self.q.text, message, default=default, qmark=qmark, instruction=instruction, validate=validate) or ""


def _text_check(step_id: str) -> Callable[[str], bool | str]:
    def check(value: str) -> bool | str:
        if value.strip() == "<":
            return True
        if len(value) > MAX_TEXT:
            return f"max. {MAX_TEXT}"
        try:
            check_meta(step_id, value) if step_id == "meeting_date" else None
        except AnswerProblem as p:
            return p.message
        return True

    return check


def ask_step(p: Prompter, term: Terminal, state: InterviewState, step: Step, lang: str, *, allow_back: bool) -> Any:
    """Ask one step; returns the value, None for unknown, or BACK."""
    n, total = state.position(step)
    qmark = f"{n}/{total}"
    current = state.current(step)
    back = [(t("back", lang), BACK)] if allow_back else []
    text_hint = t("text_hint_back" if allow_back else "text_hint", lang)
    if step.meta is not None:
        default = current or (dt.date.today().isoformat() if step.id == "meeting_date" else "")
        answer = p.text(step.meta.text(lang), default=default, qmark=qmark, instruction=text_hint, validate=_text_check(step.id))
        if answer.strip() == "<" and allow_back:
            return BACK
        return answer.strip() or None
    q = step.question
    assert q is not None
    topic = next(tp.title(lang) for tp in state.qs.topics if tp.id == q.topic)
    message = f"{topic} · {q.text(lang)}"
    if q.help:
        term.err.print(Text("  " + q.help(lang), style="dim"))
    unknown = (t("unknown", lang), UNKNOWN)
    select_hint = t("select_hint", lang)
    if q.kind == "choice":
        answer = p.select(message, [(c.label(lang), c.id) for c in q.choices] + [unknown] + back,
                          default=current if isinstance(current, str) else (UNKNOWN if step.id in state.done else None), qmark=qmark,
                          instruction=select_hint)
    elif q.kind == "scale":
        assert q.scale is not None
        numbers = range(q.scale.min, q.scale.max + 1)
        labels = {q.scale.min: f" — {q.scale.low(lang)}", q.scale.max: f" — {q.scale.high(lang)}"}
        answer = p.select(message, [(f"{i}{labels.get(i, '')}", str(i)) for i in numbers] + [unknown] + back,
                          default=str(current) if current is not None else None, qmark=qmark, instruction=select_hint)
        answer = int(answer) if answer not in (UNKNOWN, BACK) else answer
    elif q.kind == "multi":
        picked = p.checkbox(message, [(c.label(lang), c.id) for c in q.choices] + [unknown], checked=current or [],
                            qmark=qmark, instruction=t("checkbox_hint", lang), none=t("unknown", lang))
        answer = UNKNOWN if not picked or UNKNOWN in picked else [c.id for c in q.choices if c.id in picked]
    else:
        answer = p.text(message, default=current or "", qmark=qmark, instruction=text_hint, validate=_text_check(step.id))
        answer = BACK if answer.strip() == "<" and allow_back else (answer.strip() or UNKNOWN)
    return None if answer == UNKNOWN else answer


def ask_remaining(p: Prompter, term: Terminal, state: InterviewState, lang: str, save: Callable[[InterviewState], None]) -> None:
    """Ask every step not answered yet; after each answer the draft is saved."""
    step = state.next_step()
    while step is not None:
        previous = state.previous_step(step)
        value = ask_step(p, term, state, step, lang, allow_back=previous is not None)
        if value == BACK and previous is not None:
            state.reopen(previous)
            step = previous
            continue
        state.answer(step, value)
        save(state)
        step = state.next_step()


def summary(state: InterviewState, lang: str) -> Table:
    table = Table(title=t("summary", lang), title_justify="left", box=None, pad_edge=False, show_header=False)
    table.add_column(style="dim", max_width=50)
    table.add_column()
    table.add_row(Text(t("customer", lang)), plain(state.customer))
    for step in state.steps():
        if step.meta:
            table.add_row(Text(t(step.id, lang)), plain(state.meta.get(step.id)) or Text(t("unknown", lang), style="italic dim"))
        else:
            assert step.question
            value = state.values.get(step.id)
            cell = plain(answer_label(step.question, value, lang)) if value is not None else Text(t("unknown", lang), style="italic dim")
            table.add_row(plain(label_of(step.question, lang)), cell)
    return table


def review(p: Prompter, term: Terminal, state: InterviewState, lang: str, save: Callable[[InterviewState], None]) -> bool:
    """Show the answers until the salesperson saves (True) or stops with a draft (False)."""
    while True:
        ask_remaining(p, term, state, lang, save)
        term.out.print(summary(state, lang))
        choice = p.select(t("what_next", lang), [(t("save", lang), "save"), (t("change", lang), "change"), (t("keep_draft", lang), "stop")],
                          instruction=t("select_hint", lang))
        if choice == "save":
            return True
        if choice == "stop":
            return False
        steps = state.steps()
        labels = [(t(s.id, lang) if s.meta else label_of(s.question, lang), s.id) for s in steps if s.meta or s.question]
        target = p.select(t("which_change", lang), labels, instruction=t("select_hint", lang))
        state.reopen(next(s for s in steps if s.id == target))


def run(p: Prompter, term: Terminal, state: InterviewState, lang: str, save: Callable[[InterviewState], None]) -> bool:
    """The whole interview; Ctrl-C or EOF anywhere raises InterviewInterrupted with the state, and
    so does a terminal that went away while a step was shown (printing to it fails)."""
    try:
        return review(p, term, state, lang, save)
    except (KeyboardInterrupt, OSError):
        raise InterviewInterrupted(state) from None


def ask_customer(p: Prompter, state_qs: Any, lang: str) -> str:
    text = next(m.text(lang) for m in state_qs.meta if m.id == "customer")
    try:
        name = p.text(text, validate=lambda v: _name_check(v, lang))
    except KeyboardInterrupt:
        raise InterviewInterrupted(None) from None
    return normalise(name)


def _name_check(value: str, lang: str) -> bool | str:
    """A name that would be refused is refused while it is typed, with the same words."""
    try:
        return bool(normalise(value)) or t("name_required", lang)
    except InvalidName as e:
        return e.message


def ask_resume(p: Prompter, name: str, lang: str) -> bool:
    try:
        choices = [(t("draft_continue", lang), "yes"), (t("draft_restart", lang), "no")]
        return p.select(t("draft_found", lang, name=name), choices, instruction=t("select_hint", lang)) == "yes"
    except KeyboardInterrupt:
        raise InterviewInterrupted(None) from None
