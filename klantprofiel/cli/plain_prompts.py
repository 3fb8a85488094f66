"""The plain interview: one line per question, the answer typed as a number, read a line at a time.

For screen readers and terminals that cannot move a cursor (`TERM=dumb`): nothing is redrawn or
coloured, no escape sequence is written, every line stays as it was printed. questionary never
falls back to plain input, so this prompter reads lines itself; it asks what `Prompter` asks,
with the same keys where keys exist: a choice's number, `<` for back, Enter for "weet ik nog
niet" (or, when the question was answered before, for that answer; then `-` is "weet ik nog
niet"), and `?` for the question's help.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from typing import Any, TextIO

from klantprofiel.cli.prompts import BACK, DONT_KNOW, Option, wrapped
from klantprofiel.cli.terminal import shown
from klantprofiel.i18n import t
from klantprofiel.printable import printable

_NUMBER = re.compile(r"[0-9]+")
"""Only ASCII digits: int() would also take ' 7', '+3', '1_0' and other scripts' digits."""


class _Again(Exception):
    """What was typed is not an answer; the message says why, and the question is asked again."""


class PlainPrompter:
    """A question without a step number ("7/19") starts with its words: questionary's '?' before it
    is read out by a screen reader as "question mark" and tells the listener nothing."""

    def __init__(self, input: TextIO | None = None, output: TextIO | None = None) -> None:
        self.input, self.output = input, output  # None: the process's stdin and stdout when asked

    def _say(self, text: str) -> None:
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        """`printable`, and as the output's encoding can write it (an ASCII console: no « or é)."""
        out = self.output or sys.stdout
        encoding = getattr(out, "encoding", None) or "utf-8"
        out.write(shown(printable(text), encoding))
        out.flush()

    def _read(self, prompt: str) -> str:
        """One typed line. End of input (Ctrl-D) stops the interview as Ctrl-C does."""
        out = self.output or sys.stdout
        self._write(prompt + ": ")
        try:
            line = (self.input or sys.stdin).readline()
        except KeyboardInterrupt:
            out.write("\n")
            raise
        if not line:
            out.write("\n")
            raise KeyboardInterrupt
        return line.strip()

    def _until(self, prompt: str, hints: list[str], back: bool, help: str | None, take: Callable[[str], Any]) -> Any:
        """Read lines until `take` accepts one; `?` shows the help and `<` goes back, in every question."""
        line = f"{prompt} ({', '.join(hints)})" if hints else prompt
        while True:
            typed = self._read(line)
            if typed == "?" and help:
                self._say(wrapped(help, shutil.get_terminal_size().columns))
            elif typed == "<" and back:
                return BACK
            else:
                try:
                    return take(typed)
                except _Again as again:
                    self._say(f"  {again}")

    @staticmethod
    def _hints(lang: str, *, unknown: bool, kept: str | None, back: bool, help: str | None) -> list[str]:
        enter = [t("plain_enter_keeps" if unknown else "plain_enter_picks", lang, answer=kept)] if kept else []
        hints = enter or ([t("plain_enter_unknown", lang)] if unknown else [])
        return hints + ([t("plain_back", lang)] if back else []) + ([t("plain_help", lang)] if help else [])

    def _list(self, qmark: str, message: str, options: list[Option]) -> dict[str, Option]:
        self._say(f"{qmark} {message}".lstrip())
        for o in options:
            self._say(f"  {o.shown}")
        return {o.key: o for o in options}

    @staticmethod
    def _key(typed: str, by_key: dict[str, Option], lang: str) -> Option:
        if _NUMBER.fullmatch(typed) and str(int(typed)) in by_key:
            return by_key[str(int(typed))]
        refused = t("plain_not_listed", lang, typed=typed) + " " if typed else ""
        raise _Again(refused + t("plain_one_of", lang, keys=", ".join(by_key)))

    def select(self, message: str, options: list[Option], *, lang: str = "nl", qmark: str = "", default: str | None = None,
               unknown: bool = False, back: bool = False, help: str | None = None) -> str:
        by_key = self._list(qmark, message, options)
        kept = next((o for o in options if o.value == default), None)

        def take(typed: str) -> str:
            if typed == "" and kept:
                return kept.value
            if unknown and (typed == "-" or (typed == "" and not kept)):
                return DONT_KNOW
            return self._key(typed, by_key, lang).value

        value = self._until(t("plain_choice", lang), self._hints(lang, unknown=unknown, kept=kept.title if kept else None, back=back, help=help),
                            back, help, take)
        if value != BACK:
            self._say("  " + t("plain_answer", lang, answer=next((o.title for o in options if o.value == value), t("unknown", lang))))
        return value

    def checkbox(self, message: str, options: list[Option], *, lang: str = "nl", qmark: str, checked: list[str],
                 back: bool = False, help: str | None = None) -> list[str] | str:
        by_key = self._list(qmark, message, options)
        kept = [o for o in options if o.value in checked]

        def take(typed: str) -> list[str] | str:
            if typed == "-" or (typed == "" and not kept):
                return DONT_KNOW
            if typed == "":
                return [o.value for o in kept]
            picked = {self._key(part, by_key, lang).value for part in re.split(r"[,;\s]+", typed) if part}
            return [o.value for o in options if o.value in picked]

        hints = self._hints(lang, unknown=True, kept=", ".join(o.title for o in kept) or None, back=back, help=help)
        value = self._until(t("plain_multi", lang), hints, back, help, take)
        if value != BACK:
            titles = ", ".join(o.title for o in options if o.value in value) if value != DONT_KNOW else ""
            self._say("  " + t("plain_answer", lang, answer=titles or t("unknown", lang)))
        return value

    def text(self, message: str, *, lang: str = "nl", qmark: str = "", default: str = "", unknown: bool = False, back: bool = False,
             validate: Callable[[str], bool | str] | None = None, help: str | None = None) -> str:
        self._say(f"{qmark} {message}".lstrip())

        def take(typed: str) -> str:
            if default and typed in ("", "-"):
                return default if typed == "" else ""
            check = validate(typed) if validate else True
            if check is not True:
                raise _Again(check)
            return typed

        return self._until(t("plain_text", lang), self._hints(lang, unknown=unknown or bool(default), kept=default or None, back=back, help=help),
                           back, help, take)
