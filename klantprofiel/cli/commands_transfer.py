"""`export` and `import`: profiles out to scripts, CRMs and notes; answers in from files, in batches.

Data goes to stdout (export) or nowhere (import); problems, progress and the summary go to
stderr. questionary is never imported here.
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from klantprofiel.cli.options import DbOption, Lang, LangOption, existing_store, open_store
from klantprofiel.cli.terminal import Terminal, output_failed, stdin_binary
from klantprofiel.errors import ExitCode, UsageError, UserError, os_reason
from klantprofiel.i18n import Count, Joined, Msg, rendered, t
from klantprofiel.questionset import DEFAULT_SET

if TYPE_CHECKING:
    from rich.progress import Progress

    from klantprofiel.io.importer import ImportSummary, Rejection
    from klantprofiel.io.readers import Source


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Existing(str, Enum):
    new_interview = "new-interview"
    skip = "skip"
    replace_them = "replace"  # not `replace`: that would hide str.replace


class ImportFormat(str, Enum):
    auto = "auto"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


DelimiterOption = Annotated[
    str | None,
    typer.Option("--delimiter", show_default=False),
]


def _delimiter(value: str | None) -> str | None:
    from klantprofiel.io import csvfmt
    if value is None:
        return None
    if value not in csvfmt.DELIMITERS:
        raise UsageError("delimiter_bad", value=repr(value))
    return csvfmt.DELIMITERS[value]


def _is_file(path: Path | None) -> bool:
    """Does -o name a file (not left out, not '-' for stdout)?"""
    return path is not None and str(path) != "-"


@contextmanager
def _output(path: Path | None, *, bom: bool = False) -> Iterator[BinaryIO]:
    """The file to write (private, whole or not at all), or stdout for None and '-'."""
    from klantprofiel.in_use import refuse_if_in_use
    from klantprofiel.io.files import private_file
    if not _is_file(path):
        sys.stdout.flush()
        out = sys.stdout.buffer  # a closed stdout (`>&-`) says so here
        refuse_if_in_use(out, Msg("in_use_stdout"))  # `export >> store.db`
        yield out
        out.flush()
    else:
        assert path is not None
        with private_file(path, bom=bom) as out:
            yield out


def export_command(
    customer: Annotated[list[str] | None, typer.Option("--customer", "-c", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", show_default=False)] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    organisation: Annotated[str | None, typer.Option("--organisation", show_default=False)] = None,
    delimiter: DelimiterOption = None,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """Stored interviews out as JSON lines, JSON, CSV or Markdown, streamed. Its --help: `help_texts.HELP["export"]`."""
    from klantprofiel.io.export import export
    from klantprofiel.store.protocol import records_of
    if fmt is not ExportFormat.csv and delimiter is not None:
        raise UsageError("delimiter_only_csv")
    if organisation is not None and not customer:
        raise UsageError("organisation_only_customer")
    store = open_store(db)
    chosen = list({c.id: c for c in (store.customer(name, organisation, command="klantprofiel export -c") for name in customer or [])}.values())
    to_file = _is_file(output)
    try:
        with _output(output, bom=fmt is ExportFormat.csv) as out:
            count = export(store, out, fmt.value, records=records_of(chosen), lang=lang.value, delimiter=_delimiter(delimiter) or ",")
    except OSError as e:  # a full disk, a pipe closed early (`| head`): the store is fine, the export is not
        if not to_file:
            raise output_failed(e) from None
        raise UserError("export_write_failed", hint="export_nothing_written_hint", path=output, detail=os_reason(e)) from None
    if chosen and fmt in (ExportFormat.csv, ExportFormat.markdown) and (drafts := store.drafts(records_of(chosen))):
        Terminal().note(t("export_drafts_left_out", lang.value, n=len(drafts), format=fmt.value.upper()), "yellow")
    if to_file:
        Terminal().note(t("exported", lang.value, n=Count(count), path=output), "green")


def import_command(
    file: Annotated[str | None, typer.Argument(show_default=False)] = None,
    existing: Annotated[Existing, typer.Option("--existing")] = Existing.new_interview,
    undo: Annotated[int | None, typer.Option("--undo", show_default=False)] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y")] = False,
    fmt: Annotated[ImportFormat, typer.Option("--format", "-f")] = ImportFormat.auto,
    question_set: Annotated[str, typer.Option("--set")] = DEFAULT_SET,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid")] = False,
    rejects: Annotated[Path | None, typer.Option("--rejects", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    delimiter: DelimiterOption = None,
    encoding: Annotated[str | None, typer.Option("--encoding", show_default=False)] = None,
    column_map: Annotated[Path | None, typer.Option("--map", show_default=False)] = None,
    suggest_map: Annotated[bool, typer.Option("--suggest-map")] = False,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """Records in (or checked, mapped, undone): all or nothing unless --skip-invalid. Its --help: `help_texts.HELP["import"]`."""
    if undo is not None:
        if file is not None:
            raise UsageError("import_file_or_undo")
        _undo(undo, yes, db)
        return
    if file is None:
        raise UsageError("import_no_file", hint="import_no_file_hint")
    from klantprofiel.io.importer import import_records
    from klantprofiel.io.readers import source
    from klantprofiel.questionset.load import load
    term = Terminal()
    qs = load(question_set)
    src = source(file, stdin_binary() if file == "-" else None, fmt.value, _delimiter(delimiter), encoding)
    if suggest_map:
        from klantprofiel.io.suggest_map import suggest
        term.data(suggest(src, qs, lang.value))
        return
    if column_map is not None:
        from klantprofiel.io.column_map import MappedSource, load_map
        cmap = load_map(column_map, lambda set_id: load(set_id) if set_id else qs)
        qs = load(cmap.question_set) if cmap.question_set else qs
        src = MappedSource(src, cmap)
    reporter = _Reporter(term, src, as_json)
    # a dry run reads the sets an existing store keeps, and makes none
    store = open_store(db, writes=True, say=reporter.note) if not dry_run else existing_store(db)
    try:
        with _rejects_file(rejects, src.file_source()) as write_reject, _progress(term, src, enabled=not as_json) as progress:
            reporter.progress = progress

            def on_reject(r: Rejection) -> None:
                reporter.reject(r)
                write_reject(r)

            summary = import_records(src, store, qs, dry_run=dry_run, skip_invalid=skip_invalid, existing=existing.value,
                                     on_reject=on_reject,
                                     on_progress=progress.update if progress else None, on_note=reporter.note)
    finally:
        if file != "-":
            src.text.close()
    left_out = getattr(src, "left_out", None)
    if left_out:
        reporter.note(Msg("import_left_out", columns=", ".join(list(left_out)[:20]) + (", …" if len(left_out) > 20 else "")))
    reporter.summary(summary, rejects)
    if summary.rejected:
        raise typer.Exit(ExitCode.INVALID_INPUT)


def _undo(import_id: int, yes: bool, db: str | None) -> None:
    """`import --undo ID`: what the import stored, removed after a confirmation."""
    term = Terminal()
    store = open_store(db)
    found = store.stored_import(import_id)
    what = Msg("undo_what", id=found.id, file=found.file, time=found.created_at[:16].replace("T", " "), interviews=found.interviews,
               customers=found.customers, replaced=Msg("undo_replaced", n=found.replaced) if found.replaced else "",
               renamed=Msg("undo_renamed", n=found.renamed) if found.renamed else "")
    if not yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise UsageError("undo_needs_yes", hint="undo_needs_yes_hint", id=import_id)
        if not term.confirm(t("undo_confirm", term.lang, what=what)):
            term.note(t("undo_cancelled", term.lang))
            raise typer.Exit(ExitCode.INVALID_INPUT)
    store.undo_import(import_id)
    term.note(t("undone", term.lang, what=what), "green")


@contextmanager
def _rejects_file(path: Path | None, src: Source) -> Iterator[Any]:
    from klantprofiel.io.readers import CsvRows
    from klantprofiel.io.rejects import rejects_writer
    if path is None:
        yield lambda r: None
        return
    with _output(path, bom=isinstance(src, CsvRows)) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=True)
        writer = rejects_writer(text, src)

        def write(r: Any) -> None:
            try:
                writer.write(r.data, r.raw, r.reasons(Terminal.lang))
                binary.flush()  # a full disk shows now, while the import can still store nothing
            except OSError as e:
                raise UserError("rejects_write_failed", hint="nothing_stored_hint", path=path, detail=os_reason(e)) from None

        yield write
        try:
            writer.close()
            text.detach()
            binary.flush()
        except OSError as e:
            raise UserError("rejects_write_failed_after", path=path, detail=os_reason(e)) from None


class _Progress:
    """A progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, bar: Progress, src: Source) -> None:
        self.bar = bar
        self.src = src
        self.task = bar.add_task("import", total=src.size, records=0)
        self.shown = 0.0

    def update(self, records: int) -> None:
        due = time.monotonic() - self.shown > 0.1  # ten times a second is plenty
        if due:
            self.shown = time.monotonic()
        self.bar.update(self.task, completed=self.src.bytes_read(), records=records, refresh=due)


@contextmanager
def _progress(term: Terminal, src: Source, *, enabled: bool) -> Iterator[_Progress | None]:
    if not (enabled and term.err.is_terminal):
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    # refreshed per batch, not by a thread of its own: import forks workers, best without threads
    bar = Progress(TextColumn(t("progress_records", term.lang, n="{task.fields[records]}")), BarColumn(), TimeElapsedColumn(), console=term.err,
                   transient=True, auto_refresh=False)
    with bar:
        yield _Progress(bar, src)


class _Reporter:
    """Problems as they are found, and the closing summary: lines of text, or JSON lines (--json)."""

    def __init__(self, term: Terminal, src: Source, as_json: bool) -> None:
        self.term = term
        self.src = src
        self.as_json = as_json
        self.progress: _Progress | None = None
        self.unknown: set[tuple[str, str]] = set()
        """(set, field) of every answer no question of its set had: for `answers.wrong_set_hint`, said once at the end."""

    def _line(self, text: str, style: str = "") -> None:
        from rich.text import Text
        console = self.progress.bar.console if self.progress else self.term.err
        console.print(Text(text, style=style), soft_wrap=True)

    def _json(self, data: dict[str, Any]) -> None:
        self.term.json(json.dumps(data, ensure_ascii=False, default=str), err=True)

    def reject(self, r: Rejection) -> None:
        from klantprofiel.answers import unknown_question

        self.unknown.update(found for found in map(unknown_question, r.problems) if found is not None)
        for p in r.problems:
            if self.as_json:
                self._json({"event": "problem", "file": self.src.name, self.src.unit: r.position, "field": p.field or None,
                            "value": p.value, "message": rendered(p.message, Terminal.lang)})
            else:
                from klantprofiel.io.importer import problem_line

                self._line(f"{self.src.name}, {rendered(r.where, Terminal.lang)}: {problem_line(p, Terminal.lang)}")

    def note(self, text: Msg | str) -> None:
        said = rendered(text, self.term.lang)
        if self.as_json:
            self._json({"event": "note", "message": said})
        else:
            self._line(said, "yellow")

    def summary(self, s: ImportSummary, rejects: Path | None) -> None:
        from klantprofiel.answers import wrong_set_hint

        wrong_set = wrong_set_hint(self.unknown)
        if wrong_set is not None:
            self.note(wrong_set)
        if self.as_json:
            self._json({"event": "summary", **s.to_json()})
            return
        lang = self.term.lang
        seconds = f"{s.seconds:.1f}" if lang == "en" else f"{s.seconds:.1f}".replace(".", ",")
        words = {"read": Count(s.read), "rejected": Count(s.rejected), "stored": Count(s.stored), "valid": Count(s.valid), "file": s.file,
                 "seconds": seconds, "counts": self._counts(s)}
        if s.dry_run:
            self._line(t("dry_run_invalid" if s.rejected else "dry_run_valid", lang, **words), "yellow" if s.rejected else "green")
        elif not s.rejected:
            self._line(t("imported", lang, **words), "green")
        elif s.skip_invalid:
            self._line(t("imported_some", lang, **words), "yellow")
        else:
            self._line(t("import_all_or_nothing", lang, **words), "red")
            self._line(t("import_fix_hint", lang, **words), "dim")
        if s.rejected and rejects is not None:
            self._line(t("rejects_are_in", lang, path=rejects), "dim")
        for line in s.label_lines():
            self._line(line.text(lang), "dim")

    @staticmethod
    def _counts(s: ImportSummary) -> Joined:
        """'; 2 new customer(s), 1 skipped (already there), 3 replaced, import 7 (undo: …)'."""
        parts = [Msg("count_new_customers", n=Count(s.new_customers))]
        if s.matched_customers:
            parts.append(Msg("count_known_found", n=Count(s.matched_customers)))
        if s.renamed:
            shown = ", ".join(f"{old} → {new}" for old, new in s.renamed[:3]) + (", …" if len(s.renamed) > 3 else "")
            parts.append(Msg("count_renamed", n=len(s.renamed), names=shown))
        if s.skipped:
            why = Msg("skipped_already_there") if s.skipped == s.already_there else \
                Msg("skipped_some_there", n=Count(s.already_there)) if s.already_there else Msg("skipped_known")
            parts.append(Msg("count_skipped", n=Count(s.skipped), why=why))
        if s.replaced:
            parts.append(Msg("count_replaced", n=Count(s.replaced)))
        if s.import_id is not None:
            parts.append(Msg("count_import_id", id=s.import_id))
        return Joined(parts, ", ")


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
    app.command("import")(import_command)
