"""`interview` and `show`: getting to know a customer and reading what we know."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated

import typer

from klantprofiel.cli.options import (
    DbOption,
    FormatOption,
    Lang,
    LangOption,
    OrganisationOption,
    ShowFormat,
    open_store,
)
from klantprofiel.cli.terminal import Terminal, hangup_stops, plain_terminal, stdin_binary
from klantprofiel.errors import ExitCode, InterviewInterrupted, NotFoundError, StoreBusyError, UsageError
from klantprofiel.i18n import t
from klantprofiel.questionset import DEFAULT_SET

if TYPE_CHECKING:
    from klantprofiel.customer import CustomerReader
    from klantprofiel.profile.record import InterviewRecord
    from klantprofiel.questionset.model import QuestionSet
    from klantprofiel.store.protocol import Customer, Store


def print_record(term: Terminal, record: InterviewRecord, fmt: ShowFormat, why: bool) -> None:
    from klantprofiel.cli.render import profile_view
    from klantprofiel.io.markdown import to_markdown
    if fmt is ShowFormat.json:
        term.json(record.model_dump_json(indent=2))
    elif fmt is ShowFormat.markdown:
        term.data(to_markdown(record, why=why))
    else:
        term.out.print(profile_view(record, why=why))


def interview(
    name: Annotated[str | None, typer.Argument(show_default=False)] = None,
    organisation: OrganisationOption = None,
    question_set: Annotated[str, typer.Option("--set")] = DEFAULT_SET,
    resume: Annotated[bool, typer.Option("--resume")] = False,
    plain: Annotated[bool, typer.Option("--plain", envvar="KLANTPROFIEL_PLAIN")] = False,
    answers: Annotated[str | None, typer.Option("--answers", show_default=False)] = None,
    from_last: Annotated[bool, typer.Option("--from-last")] = False,
    only_unknown: Annotated[bool, typer.Option("--only-unknown")] = False,
    fresh: Annotated[bool, typer.Option("--fresh")] = False,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """An interview (prompted, plain, or from --answers), stored, then the profile shown. Its --help: `help_texts.HELP["interview"]`."""
    from klantprofiel.answers import customer_name, read_answers_file
    from klantprofiel.interview import Interview, Session, Start, last_interview, save_answers
    from klantprofiel.questionset.load import load
    start = _start(answers is not None, from_last, only_unknown, fresh, lang.value)
    plain = plain or plain_terminal()
    term = Terminal(plain=plain)
    qs = load(question_set)
    store = open_store(db, writes=True)
    if answers is not None:
        given = read_answers_file(answers, qs, stdin_binary() if answers == "-" else None)
        who = store.customer_of(customer_name(name or given.customer), organisation)
        given.meta["customer"] = who.name
        _new_customer(term, who, lang.value)
        last = last_interview(store, who, qs) if from_last else None
        interview_id = save_answers(store, qs, given, who, last=last)
        if interview_id is None:
            assert last is not None
            term.note(t("not_stored_unchanged", lang.value, id=last.id, name=who.name, date=last.date), "green")
            return
        _show_saved(term, store, interview_id, who, lang.value, ShowFormat.rich)
        return
    if not term.interactive:
        raise UsageError(t("no_terminal", lang.value), hint=t("no_terminal_hint", lang.value))
    store.check_set(qs)  # before the questions: a set the store cannot keep would lose every answer at the end

    from klantprofiel.cli import prompts
    from klantprofiel.cli.plain_prompts import PlainPrompter
    from klantprofiel.cli.render_customer import draft_arg

    p: prompts.Asks = PlainPrompter() if plain else prompts.Prompter()  # questionary is imported there, and only there
    session: Session | None = None
    held: Interview | None = None
    try:
        with hangup_stops():
            who = store.customer_of(customer_name(name or prompts.ask_customer(p, qs, lang.value)), organisation)
            _new_customer(term, who, lang.value)
            session = Session.open(store, qs, who)
            if session.draft and (resume or prompts.ask_resume(p, session.customer, lang.value)):
                held = session.resume()
            else:
                if resume:
                    term.note(t("no_draft", lang.value, name=session.customer), "yellow")
                held = session.begin(start)
                if held.last is not None and start != Start.FRESH:
                    term.note(t("reinterview_start", lang.value, name=session.customer, id=held.last.id, date=held.last.date))
            saved = prompts.run(p, term, held, lang.value)
    except InterviewInterrupted:
        if session is not None and session.stop(held):
            term.note(t("draft_kept", lang.value, arg=draft_arg(_draft_set(qs, question_set), _arg(store, session.who))), "yellow")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    if not saved:
        term.note(t("draft_kept", lang.value, arg=draft_arg(_draft_set(qs, question_set), _arg(store, session.who))), "yellow")
        return
    interview_id = session.finish(held)
    if interview_id is None:
        assert held.last is not None
        term.note(t("not_stored_unchanged", lang.value, id=held.last.id, name=session.customer, date=held.last.date), "green")
        return
    # plain: the profile as lines read top to bottom, not in boxes and columns a screen reader reads across
    _show_saved(term, store, interview_id, session.who, lang.value, ShowFormat.markdown if plain else ShowFormat.rich)


def _show_saved(term: Terminal, store: Store, interview_id: int, who: Customer, lang: str, shown_as: ShowFormat) -> None:
    """Say that the interview is stored (and, with his first interview, the customer's id as the
    store gave it: another klantprofiel may have made him meanwhile, and one a draft made has not
    heard it yet), then show its profile. Once it is stored, a store
    that is busy when the profile is read back does not make the run fail: a script that tries
    again on "busy" (exit 3) would store the interview twice. It is said, with the command that shows it."""
    try:
        record = _stored(store, interview_id, lang)
        first = not who.stored or store.counts(who).interviews == 1
    except StoreBusyError:
        term.note(t("saved", lang, id=interview_id, name=who.name), "green")
        term.note(t("saved_not_shown", lang, id=interview_id), "yellow")
        return
    if not first:
        term.note(t("saved", lang, id=interview_id, name=record.customer.name), "green")
    else:
        term.note(t("saved_new_customer", lang, id=interview_id, name=record.customer.name, customer_id=record.customer.id), "green")
    print_record(term, record, shown_as, why=False)


def _stored(store: Store, interview_id: int, lang: str) -> InterviewRecord:
    """The interview just stored, as `show` reads it: written for the customer as all his
    interviews name him (one that gives no pronoun keeps the one he had)."""
    from klantprofiel.customer import CustomerReader
    return CustomerReader(store, lang).record(store.interview(interview_id))


def _start(answers: bool, from_last: bool, only_unknown: bool, fresh: bool, lang: str) -> str:
    """Where the interview starts (`Start`), from the options; options that do not go together are refused."""
    from klantprofiel.interview import Start
    if fresh and only_unknown:
        raise UsageError(t("fresh_or_only_unknown", lang))
    if from_last and not answers:
        raise UsageError(t("from_last_needs_answers", lang))
    if answers and (fresh or only_unknown):
        raise UsageError(t("start_needs_terminal", lang, option="--fresh" if fresh else "--only-unknown"))
    return Start.FRESH if fresh else Start.ONLY_UNKNOWN if only_unknown else Start.LAST


def _new_customer(term: Terminal, who: Customer, lang: str) -> None:
    """Said before the questions; his id only once he is stored (`_show_saved`): an interview that
    is not saved makes no customer, and one made meanwhile by another klantprofiel keeps its own id."""
    if not who.stored:
        term.note(t("new_customer", lang, name=who.name))


def _draft_set(qs: QuestionSet, given: str) -> str:
    """What `--resume` is told the draft's set is: the default by nothing, another as `--set` named it (an id or a file)."""
    return DEFAULT_SET if qs.id == DEFAULT_SET else given


def _arg(store: Store, who: Customer) -> str:
    from klantprofiel.identity import argument
    return argument(store, who)


def show(
    customer: Annotated[str, typer.Argument(show_default=False)],
    organisation: OrganisationOption = None,
    why: Annotated[bool, typer.Option("--why")] = False,
    fmt: FormatOption = ShowFormat.rich,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """A customer's (or one interview's) profile, on screen, as JSON or Markdown. Its --help: `help_texts.HELP["show"]`."""
    from klantprofiel.cli.render_customer import customer_view, drafts_note
    from klantprofiel.customer import CustomerReader
    from klantprofiel.feedback import called_wrong
    from klantprofiel.io.customer_markdown import profiles_markdown
    from klantprofiel.profile.picture import make_picture
    term = Terminal()
    reader = CustomerReader(open_store(db), lang.value)
    item = reader.interview_by_id(customer)
    if item is not None:
        print_record(term, reader.record(item), fmt, why)
        return
    who = reader.customer(customer, organisation)
    try:
        tracks = reader.tracks(who)
    except NotFoundError:
        if not reader.drafts(who):
            raise
        _show_drafts(term, reader, who, fmt, lang.value)
        return
    if note := drafts_note(reader.drafts(who), lang.value, _arg(reader.store, who)):
        term.note(note, "yellow")
    if fmt is ShowFormat.json:
        term.json(json.dumps([track.latest.model_dump(mode="json") for track in tracks], ensure_ascii=False, indent=2))
        return
    missing, today, picture = reader.not_interviewed(who), dt.date.today(), make_picture(tracks)
    if fmt is ShowFormat.markdown:
        term.data(profiles_markdown(tracks, missing, picture, today, why=why))
    else:
        term.paged(customer_view(tracks, missing, picture, today, why=why, flagged=called_wrong(reader.store, who)))


def _show_drafts(term: Terminal, reader: CustomerReader, who: Customer, fmt: ShowFormat, lang: str) -> None:
    """`show` of a customer who has only drafts so far: what he answered in each, marked as not finished."""
    from rich.console import Group
    from rich.text import Text

    from klantprofiel.cli.render import plain
    from klantprofiel.cli.render_answers import summary
    from klantprofiel.cli.render_customer import draft_arg
    from klantprofiel.io.markdown import draft_markdown
    from klantprofiel.io.records import draft_record
    drafts = reader.drafts(who)
    if fmt is ShowFormat.json:
        term.json(json.dumps([draft_record(d) for d in drafts], ensure_ascii=False, indent=2))
        return
    term.note(t("only_drafts", lang, name=who.name, arg=draft_arg(drafts[0].question_set, _arg(reader.store, who))), "yellow")
    states = [(d, reader.draft_state(d)) for d in drafts]
    titles = [t("draft_title", lang, set=state.qs.title(lang, reader.draft_person(who, state)), date=d.updated_at[:10]) for d, state in states]
    if fmt is ShowFormat.markdown:
        term.data("\n".join(draft_markdown(title, state, lang) for title, (_, state) in zip(titles, states)))
        return
    shown = [part for title, (_, state) in zip(titles, states) for part in (Text.assemble((plain(title).plain, "bold")), summary(state, lang, title=""), Text(""))]
    term.out.print(Group(*shown))


def register(app: typer.Typer) -> None:
    app.command()(interview)
    app.command()(show)

