"""`questions` and `schema`: what a sales trainer needs to read, check and edit question sets."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from klantprofiel.cli.options import DbOption, Lang, LangOption, existing_store
from klantprofiel.cli.terminal import Terminal
from klantprofiel.errors import ExitCode, NotFoundError, UserError
from klantprofiel.i18n import Msg, rendered, t
from klantprofiel.questionset import DEFAULT_SET

RULE_ROOM = 30
"""Columns `questions feedback` wants beside the longest rule id (the counts and a few words of the
note): with that room a rule id stays whole on its line, for a trainer to copy into `questions show`;
on a narrower screen it is folded like the rest."""

questions_app = typer.Typer(no_args_is_help=True)


@questions_app.command("validate")
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict")] = False,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """Question-set files checked, and against the store's copies of the same id and version. Its --help: `help_texts.HELP["questions validate"]`."""
    from klantprofiel.questionset.load import available, check_file, ranked_together
    term = Terminal()
    files = paths or list(available().values())
    store = existing_store(db)
    failed = 0
    for path, others in zip(files, ranked_together(files), strict=True):
        qs, problems = check_file(path, strict, ranked_with=others)
        if qs is not None and store is not None:
            try:
                store.check_set(qs)
            except UserError as e:
                problems = [Msg("error_and_hint", error=e.msg, hint=e.hint_msg or "")]
        if problems:
            from rich.text import Text
            failed += 1
            term.err.print(Text(f"✗ {path}", style="bold red"))
            for p in problems:
                term.err.print(Text(f"  {rendered(p, term.lang)}"))
        else:
            assert qs is not None
            term.note(t("set_valid", term.lang, path=path, questions=len(qs.questions), rules=len(qs.rules)), "green")
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)


@questions_app.command("list")
def list_questions(
    question_set: Annotated[str, typer.Option("--set")] = DEFAULT_SET,
    lang: LangOption = Lang.nl,
) -> None:
    """A set's questions in interview order. Its --help: `help_texts.HELP["questions list"]`."""
    from rich.table import Table
    from rich.text import Text

    from klantprofiel import kinds
    from klantprofiel.cli.render import plain
    from klantprofiel.questionset.load import available, load
    qs = load(question_set)
    table = Table(title=Text(f"{qs.title(lang.value)} ({qs.id} {qs.version})"), title_justify="left", box=None, pad_edge=False)
    for column in ("col_id", "col_topic", "col_kind", "col_question"):
        table.add_column(t(column, lang.value), overflow="fold")
    for q in qs.questions:
        kind = t(kinds.of(q).word, lang.value) + (" " + t("col_when", lang.value, questions=", ".join(q.when)) if q.when else "")
        table.add_row(q.id, q.topic, kind, plain(q.text(lang.value)))
    Terminal().out.print(table)
    others = [s for s in available() if s != qs.id]
    if others:
        Terminal().note(t("other_sets", lang.value, sets=", ".join(others)), "dim")


@questions_app.command("feedback")
def feedback_tally(
    db: DbOption = None,
    lang: LangOption = Lang.nl,
) -> None:
    """The rules called wrong most, for a trainer. Its --help: `help_texts.HELP["questions feedback"]`."""
    from klantprofiel.cli.options import open_store
    from klantprofiel.cli.render import plain
    from klantprofiel.i18n import t
    rows = open_store(db).feedback_tally()
    if not rows:
        Terminal().note(t("no_feedback", lang.value), "dim")
        return
    from rich.table import Table
    out = Terminal().out
    whole = out.width >= max(len(row.line) for row in rows) + RULE_ROOM
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column, justify in (("col_rule", "left"), ("col_wrong", "right"), ("col_useful", "right"), ("col_last_note", "left")):
        table.add_column(t(column, lang.value), justify=justify, overflow="fold", no_wrap=whole and column == "col_rule")  # type: ignore[arg-type]
    for row in rows:
        table.add_row(plain(row.line), str(row.wrong), str(row.useful), plain(row.last_note or ""))
    out.print(table)


@questions_app.command("show")
def show_question(
    question_id: Annotated[str, typer.Argument(show_default=False)],
    question_set: Annotated[str, typer.Option("--set")] = DEFAULT_SET,
    lang: LangOption = Lang.nl,
) -> None:
    """One question with its choices and the rules that use it. Its --help: `help_texts.HELP["questions show"]`."""
    from klantprofiel import kinds
    from klantprofiel.cli.render import plain
    from klantprofiel.questionset.load import load
    from klantprofiel.validation import did_you_mean
    qs = load(question_set)
    by_id = {q.id: q for q in qs.questions}
    if question_id not in by_id:
        raise NotFoundError("no_question", hint="see_questions_hint", question=question_id, set=qs.id, close=did_you_mean(question_id, by_id))
    q, lg = by_id[question_id], lang.value
    from rich.table import Table
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row(t("col_id", lg), q.id)
    grid.add_row(t("col_kind", lg), t(kinds.of(q).word, lg))
    grid.add_row(t("col_question", lg), plain(q.text(lg)))
    if q.help:
        grid.add_row(t("col_help", lg), plain(q.help(lg)))
    if q.why:
        grid.add_row(t("col_why", lg), plain(q.why(lg)))
    for c in q.choices:
        grid.add_row(t("col_choice", lg, id=c.id), plain(c.label(lg)))
    if q.scale:
        grid.add_row(t("col_scale", lg), plain(f"{q.scale.min} {q.scale.low(lg)} … {q.scale.max} {q.scale.high(lg)}"))
    grid.add_row(t("col_unknown", lg), plain("unknown: " + t("unknown", lg)))
    if q.when:
        grid.add_row(t("col_asked_when", lg), plain(", ".join(f"{k} = {v}" for k, v in q.when.items())))
    grid.add_row(t("col_discover", lg), plain(q.discover(lg)))
    rules = [r.id for r in qs.rules if q.id in r.when]
    grid.add_row(t("col_rules", lg), plain(", ".join(rules) or "-"))
    Terminal().out.print(grid)


class SchemaName(str, Enum):
    questionset = "questionset"
    profile = "profile"
    answers = "answers"
    map = "map"


def schema(name: Annotated[SchemaName, typer.Argument()],
           lang: LangOption = Lang.nl) -> None:
    """The JSON Schema of a file format, from the models themselves (so it cannot drift). Its --help: `help_texts.HELP["schema"]`."""
    from klantprofiel.io.schemas import SCHEMAS
    Terminal().json(json.dumps(SCHEMAS[name.value](), indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.add_typer(questions_app, name="questions")
    app.command()(schema)



