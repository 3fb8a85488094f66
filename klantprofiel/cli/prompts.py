"""The interview's prompts. The only module that imports questionary, and only when asked to.

Two prompters ask the same things: `Prompter` (questionary: arrow keys, or a choice's number,
then Enter) and `PlainPrompter` (`klantprofiel.cli.plain_prompts`: one line per question, the
answer typed as a number) for screen readers and dumb terminals. `ask_step` and the rest of the
interview flow talk to either through `select`, `checkbox` and `text`.

`Ask.unsafe_ask()` is used throughout: `ask()` would swallow Ctrl-C and return None, which we
could not tell apart from an answer. Ctrl-C and Ctrl-D become `InterviewInterrupted`, carrying
the state so the caller keeps it as a draft.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import textwrap
from collections.abc import Callable
from typing import Any, Protocol

from rich.text import Text

from klantprofiel import kinds
from klantprofiel.cli.render_answers import summary
from klantprofiel.cli.terminal import Terminal
from klantprofiel.errors import InterviewInterrupted
from klantprofiel.i18n import t
from klantprofiel.interview import Interview, InterviewState, Step
from klantprofiel.kinds.base import Option, Pick, Typed, numbered
from klantprofiel.kinds.date import KIND as DATE
from klantprofiel.kinds.text import KIND as TEXT
from klantprofiel.names import InvalidName, normalise
from klantprofiel.printable import printable
from klantprofiel.profile.derive import label_of
from klantprofiel.pronouns import DEFAULT, PRONOUNS, Person
from klantprofiel.questionset.model import Question

DONT_KNOW = "\x00unknown"
BACK = "\x00back"


class Asks(Protocol):
    """What the interview needs of a prompter. `unknown` offers "weet ik nog niet" (DONT_KNOW), `back`
    the previous question (BACK); `default` is the answer given before, which Enter keeps."""

    def select(self, message: str, options: list[Option], *, lang: str = "nl", qmark: str = "?", default: str | None = None,
               unknown: bool = False, back: bool = False, help: str | None = None) -> str: ...

    def checkbox(self, message: str, options: list[Option], *, lang: str = "nl", qmark: str, checked: list[str],
                 back: bool = False, help: str | None = None) -> list[str] | str: ...

    def text(self, message: str, *, lang: str = "nl", qmark: str = "?", default: str = "", unknown: bool = False, back: bool = False,
             validate: Callable[[str], bool | str] | None = None, help: str | None = None) -> str: ...


def exclusive(before: list[str], after: list[str]) -> list[str]:
    """A tick of "weet ik nog niet" clears the other ticks, and a tick of another choice clears
    "weet ik nog niet": what is ticked on screen is what is stored."""
    added = [v for v in after if v not in before]
    if any(v != DONT_KNOW for v in added):
        return [v for v in after if v != DONT_KNOW]
    return [DONT_KNOW] if DONT_KNOW in added else after


def wrapped(text: str, width: int, indent: str = "  ") -> str:
    """Help text broken between words to fit the terminal, never inside a word."""
    return textwrap.fill(" ".join(text.split()), width=max(20, width - 1), initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


class Prompter:
    """questionary with an optional input/output, so tests can type keys through a pipe.

    On top of questionary: a choice's number picks it (and ticks it in a multi-choice), `<` goes
    back, Esc does nothing (Esc then Enter would otherwise end a list with an empty answer)."""

    def __init__(self, input: Any = None, output: Any = None) -> None:
        import questionary  # heavy: only the interview pays for it

        self.q = questionary
        self.io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}

        class Keyed(questionary.Choice):
            """Shows the number that picks it, or blank space where there is none."""

            prefix = "   "

            def get_shortcut_title(self) -> str:
                return self.prefix

        self.Keyed = Keyed

    def _choices(self, options: list[Option], extra: list[tuple[str, str]]) -> list[Any]:
        choices = []
        for o in options:
            c = self.Keyed(printable(o.title), o.value, shortcut_key=o.key if len(o.key) == 1 else False)
            c.prefix = "   " if o.says_key else f"{o.key}) "
            choices.append(c)
        return choices + [self.Keyed(title, value, shortcut_key=False) for title, value in extra]

    @staticmethod
    def _extra(lang: str, *, unknown: bool, back: bool) -> list[tuple[str, str]]:
        return ([(t("unknown", lang), DONT_KNOW)] if unknown else []) + ([(t("back", lang), BACK)] if back else [])

    def _ask(self, make: Callable[[], Any], help: str | None = None, bindings: Callable[[Any], Any] | None = None) -> Any:
        """Show `help`, ask the question `make()` builds, with `bindings(question)` over its own keys.
        Ctrl-D (EOF), and a terminal that went away (a closed window: drawing the prompt fails),
        stop the interview as Ctrl-C does: the draft is kept. The message (a question set's text,
        a name) and the choices' titles are shown `printable`; an answer being edited stays exact
        (prompt_toolkit shows its controls as ^[ and the like)."""
        try:
            if help:
                self._print(help)
            question = make()
            if bindings is not None:
                from prompt_toolkit.key_binding import merge_key_bindings
                app = question.application
                app.key_bindings = merge_key_bindings([app.key_bindings, bindings(question)])
            return question.unsafe_ask()
        except (EOFError, OSError):
            raise KeyboardInterrupt from None

    def _print(self, help: str) -> None:
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.application import get_app_session
        from prompt_toolkit.formatted_text import FormattedText
        output = self.io.get("output") or get_app_session().output
        print_formatted_text(FormattedText([("italic", wrapped(help, output.get_size().columns))]), output=output)

    def _keys(self, back: bool) -> Any:
        """The keys every list shares: Esc is ignored, `<` goes back when there is a way back."""
        from prompt_toolkit.key_binding import KeyBindings
        kb = KeyBindings()
        kb.add("escape", eager=True)(lambda event: None)
        if back:
            kb.add("<", eager=True)(lambda event: event.app.exit(result=BACK))
        return kb

    def select(self, message: str, options: list[Option], *, lang: str = "nl", qmark: str = "?", default: str | None = None,
               unknown: bool = False, back: bool = False, help: str | None = None) -> str:
        choices = self._choices(options, self._extra(lang, unknown=unknown, back=back))
        values = [c.value for c in choices]
        return self._ask(lambda: self.q.select(printable(message), choices, default=default if default in values else None, qmark=qmark,
                                               instruction=t("select_hint", lang), use_shortcuts=True, **self.io),
                         help, lambda question: self._keys(back))

    def checkbox(self, message: str, options: list[Option], *, lang: str = "nl", qmark: str, checked: list[str],
                 back: bool = False, help: str | None = None) -> list[str] | str:
        """questionary's own line after the answer says "done (2 selections)" in English; it is
        erased and replaced by the picked labels (or "weet ik nog niet"), as select and text show theirs.
        Returns the ticked values, DONT_KNOW or BACK."""
        choices = self._choices(options, self._extra(lang, unknown=True, back=back))
        for c in choices:
            c.checked = c.value in checked
        picked = self._ask(lambda: self.q.checkbox(printable(message), choices, qmark=qmark, instruction=t("checkbox_hint", lang),
                                                   erase_when_done=True, **self.io),
                           help, lambda question: self._checkbox_keys(question, options, back))
        if picked == BACK:
            return BACK
        picked = [p for p in picked or [] if p]
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText
        from questionary.constants import DEFAULT_STYLE
        answer = printable(", ".join(o.title for o in options if o.value in picked) or t("unknown", lang))
        with contextlib.suppress(OSError):  # the terminal just went away: keep the answer, the next prompt stops
            print_formatted_text(FormattedText([("class:qmark", qmark), ("class:question", f" {printable(message)} "), ("class:answer", answer)]),
                                 style=DEFAULT_STYLE, output=self.io.get("output"))
        return DONT_KNOW if not picked or DONT_KNOW in picked else [o.value for o in options if o.value in picked]

    def _checkbox_keys(self, question: Any, options: list[Option], back: bool) -> Any:
        """A number ticks its choice; ticks of "weet ik nog niet" and the others exclude each other
        (`exclusive`, after every key, so space, `a` and `i` keep to it too); ticking or Enter on
        "« vorige vraag" goes back."""
        from prompt_toolkit.filters import Condition
        from questionary.prompts.common import InquirerControl
        ic = next(c for c in question.application.layout.find_all_controls() if isinstance(c, InquirerControl))
        ic.use_shortcuts = True
        kb = self._keys(back)

        def tick(index: int) -> Callable[[Any], None]:
            def handler(event: Any) -> None:
                ic.pointed_at = index
                value = ic.choices[index].value
                ic.selected_options = [v for v in ic.selected_options if v != value] if value in ic.selected_options else [*ic.selected_options, value]
            return handler

        for i, o in enumerate(options):
            if len(o.key) == 1:
                kb.add(o.key, eager=True)(tick(i))
        at_back = Condition(lambda: ic.get_pointed_at().value == BACK)
        for key in (" ", "c-m"):
            kb.add(key, eager=True, filter=at_back)(lambda event: event.app.exit(result=BACK))
        before: list[str] = []

        def remember(_: Any) -> None:
            before[:] = ic.selected_options

        def keep_exclusive(_: Any) -> None:
            ic.selected_options = exclusive(before, list(ic.selected_options))

        question.application.key_processor.before_key_press += remember
        question.application.key_processor.after_key_press += keep_exclusive
        return kb

    def text(self, message: str, *, lang: str = "nl", qmark: str = "?", default: str = "", unknown: bool = False, back: bool = False,
             validate: Callable[[str], bool | str] | None = None, help: str | None = None) -> str:
        hint = t(("text_hint_kept" if default else "text_hint") + ("_back" if back else ""), lang) if unknown else None
        answer = self._ask(lambda: self.q.text(printable(message), default=default, qmark=qmark, instruction=hint, validate=validate, **self.io),
                           help) or ""
        return BACK if back and answer.strip() == "<" else answer


def _ask_meta(p: Asks, term: Terminal, step: Step, current: Any, lang: str, ask: dict[str, Any]) -> Any:
    """A who/when field, asked as free text; the meeting date as a date, today unless given before;
    the pronoun from a list, Enter keeping the one given before (else he, as texts read without one)."""
    assert step.meta is not None
    if step.id == "pronoun":
        options = numbered([(t(f"pronoun_{word}", lang), word) for word in PRONOUNS])
        return p.select(step.meta.text(lang), options, lang=lang, default=current or DEFAULT, **ask)
    if step.id == "meeting_date":
        return _ask_typed(p, term, DATE.typed(lang), step.meta.text(lang), current or dt.date.today().isoformat(), lang, ask)
    return _ask_typed(p, term, TEXT.typed(lang), step.meta.text(lang), current or "", lang, ask)


def _ask_typed(p: Asks, term: Terminal, how: Typed, message: str, default: str, lang: str, ask: dict[str, Any]) -> Any:
    """A line of text, checked while it is typed (empty is unknown, `<` goes back where there is a
    way back); what was read is said back where the kind says so."""
    def check(value: str) -> bool | str:
        return value.strip() == "" or (ask["back"] and value.strip() == "<") or how.problem(value) or True

    answer = p.text(message, lang=lang, default=default, unknown=True, validate=check, **ask)
    if answer == BACK:
        return BACK
    value = how.answer(answer)
    if value is not None and how.echo is not None:
        with contextlib.suppress(OSError):
            term.err.print(Text("  " + how.echo(value), style="dim"))
    return value


def _ask_pick(p: Asks, how: Pick, message: str, current: Any, ask: dict[str, Any]) -> Any:
    """A list: one option, or ticks for several. The cursor starts at what Enter keeps: the answer
    given before (in this interview, or the last one), else "weet ik nog niet", never at a guess."""
    if how.many:
        answer = p.checkbox(message, how.options, checked=how.values(current) or [], **ask)
    else:
        default = how.values(current) if current is not None else DONT_KNOW
        answer = p.select(message, how.options, unknown=True, default=default, **ask)
    return None if answer == DONT_KNOW else answer if answer == BACK else how.answer(answer)


def _help(q: Question, lang: str, person: Person) -> str | None:
    """The question's help and why we ask it, as one text: above the question, or on `?` in the
    plain interview."""
    parts = ([q.help(lang, person)] if q.help else []) + ([t("why_we_ask", lang, why=q.why(lang, person))] if q.why else [])
    return " ".join(parts) or None


def ask_step(p: Asks, term: Terminal, state: InterviewState, step: Step, lang: str, *, allow_back: bool) -> Any:
    """Ask one step; returns the value, None for unknown, or BACK."""
    n, total = state.position(step)
    current = state.current(step)
    ask: dict[str, Any] = {"qmark": f"{n}/{total}", "back": allow_back}
    if step.meta is not None:
        return _ask_meta(p, term, step, current, lang, ask)
    q = step.question
    assert q is not None
    person = state.person  # the questions after the pronoun read for him, for her, or by name
    topic = next(tp.title(lang, person) for tp in state.qs.topics if tp.id == q.topic)
    message = f"{topic} · {q.text(lang, person)}"
    ask["help"] = _help(q, lang, person)
    how = kinds.of(q).asking(q, lang, person)
    if isinstance(how, Pick):
        return _ask_pick(p, how, message, current, {"lang": lang, **ask})
    return _ask_typed(p, term, how, message, how.default(current), lang, ask)


def ask_remaining(p: Asks, term: Terminal, interview: Interview, lang: str) -> None:
    """Ask every step not answered yet and hand each answer to the interview (which keeps the draft)."""
    step = interview.next_step()
    while step is not None:
        value = ask_step(p, term, interview.state, step, lang, allow_back=interview.can_go_back(step))
        if value == BACK:
            interview.back(step)
        else:
            interview.answer(step, value)
        step = interview.next_step()


def what_next(p: Asks, lang: str) -> str:
    """After the summary: save, change an answer, or stop with a draft. Enter saves, in the plain
    interview as on the arrow-key menu (whose cursor starts on it)."""
    return p.select(t("what_next", lang), numbered([(t("save", lang), "save"), (t("change", lang), "change"), (t("keep_draft", lang), "stop")]),
                    lang=lang, default="save")


def review(p: Asks, term: Terminal, interview: Interview, lang: str) -> bool:
    """Show the answers until the salesperson saves (True) or stops with a draft (False)."""
    while True:
        ask_remaining(p, term, interview, lang)
        term.out.print(summary(interview.state, lang))
        choice = what_next(p, lang)
        if choice == "save":
            return True
        if choice == "stop":
            return False
        labels = [(t(s.id, lang) if s.meta or s.question is None else label_of(s.question, lang, interview.state.person), s.id) for s in interview.steps() if s.meta or s.question]
        interview.change(p.select(t("which_change", lang), numbered(labels), lang=lang))


def run(p: Asks, term: Terminal, interview: Interview, lang: str) -> bool:
    """The whole interview; Ctrl-C or EOF anywhere raises InterviewInterrupted with the state, and
    so does a terminal that went away while a step was shown (printing to it fails)."""
    try:
        return review(p, term, interview, lang)
    except (KeyboardInterrupt, OSError):
        raise InterviewInterrupted(interview.state) from None


def ask_customer(p: Asks, state_qs: Any, lang: str) -> str:
    text = next(m.text(lang) for m in state_qs.meta if m.id == "customer")
    try:
        name = p.text(text, lang=lang, validate=lambda v: _name_check(v, lang))
    except KeyboardInterrupt:
        raise InterviewInterrupted(None) from None
    return normalise(name)


def _name_check(value: str, lang: str) -> bool | str:
    """A name that would be refused is refused while it is typed, with the same words."""
    try:
        return bool(normalise(value)) or t("name_required", lang)
    except InvalidName as e:
        return e.text(lang)


def ask_resume(p: Asks, name: str, lang: str) -> bool:
    try:
        choices = numbered([(t("draft_continue", lang), "yes"), (t("draft_restart", lang), "no")])
        return p.select(t("draft_found", lang, name=name), choices, lang=lang) == "yes"
    except KeyboardInterrupt:
        raise InterviewInterrupted(None) from None
