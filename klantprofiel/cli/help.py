"""What `--help` shows, in the run's language: each command's and option's text (from
`help_texts.HELP`), examples for every command, the words of the usage line, and the kind of
value a parameter takes in words a salesperson reads, in the run's language (`[OPTIES] NAAM|ID`,
`--since DATUM`; `[OPTIONS] NAME|ID`, `--since DATE`: `VALUE_KINDS` and the catalogue's `metavar_*`),
not the program's own names (`{customer}`, `<bool>`, `<list[str]>`).

All of it is put on each command as it is built (`readable`; the root by `spoken` in `_Group.main`), so a
new command or option gets it without a line elsewhere; `tests/test_help.py` holds every
command to having examples, `tests/test_one_language.py` every text to both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from klantprofiel.cli.help_texts import HELP
from klantprofiel.i18n import t

Example = tuple[str, str, str]
"""A command line, and what it does in Dutch and in English."""

EXAMPLES: dict[str, list[Example]] = {
    "klantprofiel": [('klantprofiel interview "Piet Jansen"', "een nieuwe klant leren kennen", "get to know a new customer"),
                     ('klantprofiel brief "Piet Jansen"', "lezen voor het volgende gesprek", "read before the next meeting"),
                     ("klantprofiel list", "wie je het laatst sprak", "whom you met most recently")],
    "questions": [("klantprofiel questions list --set twijfels", "de vragen van een vragenlijst", "the questions of a set"),
                  ("klantprofiel questions validate", "elke ingebouwde vragenlijst controleren", "check every built-in set")],
    "store": [("klantprofiel store copy postgresql://team@server/klanten terug.db", "de teamopslag terug in een bestand",
               "the team store back into a file")],
    "interview": [('klantprofiel interview "Piet Jansen"', "het gesprek met Piet vastleggen", "record the meeting with Piet"),
                  ('klantprofiel interview "Piet Jansen" --only-unknown', "alleen vragen wat nog onbekend is", "ask only what is still unknown"),
                  ('klantprofiel interview "Piet Jansen" --set twijfels', "zijn twijfels en zwakke plekken", "his doubts and weak spots"),
                  ('klantprofiel interview "Piet Jansen" --answers antwoorden.json', "zonder vragen, uit een bestand", "without prompts, from a file")],
    "show": [('klantprofiel show "Piet Jansen"', "zijn profiel voor het volgende gesprek", "his profile before the next meeting"),
             ('klantprofiel show "Piet Jansen" --why', "welke antwoorden elke regel gaven", "which answers gave each line"),
             ('klantprofiel show "Piet Jansen" -f markdown', "om in een notitie te plakken", "to paste into a note")],
    "list": [("klantprofiel list", "de klanten die je het laatst sprak", "the customers you met most recently"),
             ("klantprofiel list --search bakkerij", "zoeken op naam of organisatie", "search by name or organisation")],
    "history": [('klantprofiel history "Piet Jansen"', "al zijn gesprekken, het oudste eerst", "all his interviews, oldest first")],
    "diff": [('klantprofiel diff "Piet Jansen"', "wat er veranderde sinds het vorige gesprek", "what changed since the previous interview"),
             ("klantprofiel diff 12 15", "twee gesprekken naast elkaar", "two interviews side by side")],
    "brief": [('klantprofiel brief "Piet Jansen"', "één scherm om te lezen voor het gesprek", "one screen to read before the meeting")],
    "questions validate": [("klantprofiel questions validate mijn_set.toml", "een aangepaste vragenset controleren", "check a question set you edited")],
    "questions list": [("klantprofiel questions list --set keuze", "de vragen van een set", "the questions of a set")],
    "questions feedback": [("klantprofiel questions feedback", "welke regels het vaakst fout genoemd zijn", "which rules were called wrong most")],
    "questions show": [("klantprofiel questions show learning_mode", "één vraag met haar keuzes en regels", "one question with its choices and rules")],
    "schema": [("klantprofiel schema answers", "het JSON Schema van een importregel", "the JSON Schema of an import record")],
    "export": [("klantprofiel export -o alles.jsonl", "alles, één JSON-regel per gesprek", "everything, one JSON line per interview"),
               ('klantprofiel export -c "Piet Jansen" -f json', "alles over één klant", "everything about one customer"),
               ("klantprofiel export -f csv --delimiter ';' -o profielen.csv", "voor Excel", "for Excel")],
    "import": [("klantprofiel import crm.csv --dry-run", "alleen controleren, niets opslaan", "check only, store nothing"),
               ("klantprofiel import crm.jsonl --skip-invalid --rejects fout.jsonl", "het goede opslaan, de rest apart", "store what is valid, the rest apart"),
               ("klantprofiel import --undo 7", "weghalen wat import 7 opsloeg", "remove what import 7 stored")],
    "delete": [('klantprofiel delete "Piet Jansen"', "alles over hem wissen (vraagt eerst)", "erase everything about him (asks first)"),
               ("klantprofiel delete --interview 12", "één gesprek wissen", "erase one interview")],
    "rename": [('klantprofiel rename "Piet Jansen" "Pieter Jansen"', "de naam waaronder hij getoond wordt", "the name he is shown by")],
    "feedback": [('klantprofiel feedback "Piet Jansen" kennismaking.listen_short wrong --note "wil juist uitleg"',
                  "zeggen dat een regel niet klopte", "say that a line did not fit")],
    "store copy": [("klantprofiel store copy klantprofiel.db postgresql://team@server/klanten", "je eigen opslag naar de teamopslag",
                    "your own store into the team store")],
}
"""Examples for each command (by its path: `questions show`; the root's under `klantprofiel`), each parsed by the
command it names in tests/test_help.py."""

HEADING = {"nl": "Voorbeelden", "en": "Examples"}


def examples(path: str, lang: str) -> str:
    """The examples of a command as its help's closing part (Markdown), in `lang`."""
    shown = EXAMPLES.get(path, [])
    if not shown:
        return ""
    items = "\n".join(f"- `{command}`: {nl if lang == 'nl' else en}" for command, nl, en in shown)
    return f"**{HEADING[lang]}**\n\n{items}"


VALUE_KINDS = {"NAME": "customer", "CUSTOMER": "customer", "--customer": "customer", "OTHER": "interview", "--interview": "id",
               "--undo": "id", "FILE": "file", "PATHS": "file", "--answers": "file", "QUESTION_ID": "question", "NEW_NAME": "new_name",
               "LINE": "line", "VERDICT": "verdict", "schema NAME": "schema", "SOURCE": "from", "DESTINATION": "to", "--set": "set",
               "--db": "store", "--since": "date", "--encoding": "encoding"}
"""The kind of value a parameter takes where its type does not say it (`metavar_<kind>` in the catalogue): an
argument's name as help, its usage line and its errors show it, an option's value. Keyed as help texts are
(`param_key`, and the command's path before it where one name means two things: `schema NAME`)."""


def _kind_of_value(param: Any) -> str:
    """The kind of value a parameter takes by its type: its choices as typed (nl|en), else text, file or number;
    nothing for an on/off option."""
    if getattr(param, "is_flag", False):
        return ""
    if choices := _choices(param):
        return choices
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if annotation is Path or getattr(descriptor, "is_path", False):
        return "file"
    if annotation in (int, float):
        return "number"
    return "text"


def _choices(param: Any) -> str:
    """The values a parameter of choices takes, as they are typed (`nl|en`), else nothing."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice:
        return ""
    return " | ".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())


def kind_word(kind: str, lang: str) -> str:
    """A kind of value (`file`, or choices `nl|en`) as help writes it in `lang`: BESTAND, FILE, nl|en."""
    return t(f"metavar_{kind}", lang) if kind.isidentifier() else kind


def text(key: str, lang: str) -> str | None:
    """The help text under `key` in `lang`, or None when the catalogue has none."""
    texts = HELP.get(key)
    return None if texts is None else texts[1] if lang == "en" else texts[0]


def param_key(param: Any) -> str:
    """A parameter's name in a help key: an option's long name (`--limit`), an argument's name (`CUSTOMER`)."""
    if param.param_type_name == "argument":
        return str(param.name).upper()
    return next((opt for opt in param.opts if opt.startswith("--")), param.opts[0])


def param_text(path: str, key: str, lang: str) -> str | None:
    """The help of parameter `key` of the command at `path`: the command's own (`questions show --set`),
    else its group's (`questions --set`), else the one every command shares (`--set`)."""
    return _nearest(path, key, lambda found: text(found, lang))


def _nearest(path: str, key: str, find: Callable[[str], str | None]) -> str | None:
    """What `find` has for `key` at `path`, or at the group above it, … or for `key` alone."""
    words = path.split()
    return next((found for n in range(len(words), -1, -1) if (found := find(" ".join([*words[:n], key])))), None)


def readable(command: Any, path: str, lang: str) -> None:
    """Put the texts and examples (in `lang`) and readable value kinds on `command` and its subcommands."""
    spoken(command, path, lang)
    command.epilog = closing(path, lang) or command.epilog
    for name, sub in getattr(command, "commands", {}).items():
        readable(sub, f"{path} {name}", lang)


def closing(path: str, lang: str) -> str | None:
    """The end of a command's help in `lang`: its epilog (the exit codes) and its examples."""
    return "\n\n".join(part for part in (text(f"{path} epilog", lang), examples(path, lang)) if part) or None


def spoken(command: Any, path: str, lang: str) -> None:
    """`command`'s description, its usage line, the panels' titles and every parameter as help lists it (--help too,
    which click adds as it is asked for) in `lang`, each parameter with the kind of value it takes in words
    (`say_kind`). Spoken again in another language (the root, which one test process runs in both), it is
    the same command in that language: the texts are replaced, the wrappers put on once."""
    first = not hasattr(command, "spoken_in")
    command.spoken_in = lang
    command.help = text(path, lang) or command.help
    command.short_help = None
    command.options_metavar = t("metavar_options", lang)
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = t("metavar_command", lang)
    if first:
        _speaks(command, path)


def _speaks(command: Any, path: str) -> None:
    """Wrap `command`'s help in the language it was last `spoken` in: the parameters' help, "Usage:", and
    Typer's frame words (set as any help is rendered: also a group's help shown for want of a subcommand)."""
    own_params, own_usage, own_help = command.get_params, command.get_usage, command.format_help

    def get_params(ctx: Any) -> list[Any]:
        params = own_params(ctx)
        for param in params:
            say_kind(param, path, command.spoken_in)
            param.help = param_text(path, param_key(param), command.spoken_in) or param.help
        return params

    def get_usage(ctx: Any) -> str:
        return str(own_usage(ctx)).replace("Usage: ", t("click_usage", command.spoken_in) + " ", 1)

    def format_help(ctx: Any, formatter: Any) -> None:
        from klantprofiel.cli.click_words import frame
        frame(command.spoken_in)
        own_help(ctx, formatter)

    command.get_params, command.get_usage, command.format_help = get_params, get_usage, format_help


def say_kind(param: Any, path: str, lang: str) -> None:
    """Name the kind of value `param` takes in `lang`: an option's metavar (TEKST, BESTAND, the choices), its
    range in words; an argument's name as help, its usage line and its errors show it (NAAM|ID, not `{customer}`)."""
    if not hasattr(param, "value_kind"):  # worked out once, from the code; the metavar is rewritten in each run's language
        param.value_kind = _nearest(path, param_key(param), VALUE_KINDS.get) or _kind_of_value(param)
    shown = kind_word(param.value_kind, lang)
    param.metavar = shown  # an option's "" when it is on/off: no kind at all, not Typer's <bool>
    if param.param_type_name == "option":
        low, high = getattr(param, "min", None), getattr(param, "max", None)
        bounds = [t(key, lang, min=low, max=high) for key, bound in (("click_at_least", low), ("click_at_most", high)) if bound is not None]
        param._get_number_range_help_str = lambda: ", ".join(bounds) or None
        return
    many = "..." if param.nargs != 1 else ""
    param.get_usage_pieces = lambda ctx: [f"{shown}{many}" if param.required else f"[{shown}]{many}"]
    choices = _choices(param)
    param.display_type_rich = lambda ctx: choices or None
