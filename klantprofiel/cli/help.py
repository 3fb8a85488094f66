"""What `--help` shows, in the run's language: each command's and option's text (from
`help_texts.HELP`), examples for every command, the words of the usage line, and the kind of
value an option takes in words a salesperson reads (TEXT, FILE, NUMBER), not the program's own
type names (`<str>`, `<bool>`, `<list[str]>`).

All of it is put on each command as it is built (`readable`; the root by `spoken_root`), so a
new command or option gets it without a line elsewhere; `tests/test_help.py` holds every
command to having examples, `tests/test_one_language.py` every text to both languages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from klantprofiel.cli.help_texts import HELP
from klantprofiel.i18n import t

Example = tuple[str, str, str]
"""A command line, and what it does in Dutch and in English."""

EXAMPLES: dict[str, list[Example]] = {
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
"""Examples for each command (by its path: `questions show`), run-checked by tests/test_help.py."""

HEADING = {"nl": "Voorbeelden", "en": "Examples"}


def examples(path: str, lang: str) -> str:
    """The examples of a command as its help's closing part (Markdown), in `lang`."""
    shown = EXAMPLES.get(path, [])
    if not shown:
        return ""
    items = "\n".join(f"- `{command}`: {nl if lang == 'nl' else en}" for command, nl, en in shown)
    return f"**{HEADING[lang]}**\n\n{items}"


def _kind_of_value(param: Any) -> str:
    """TEXT, FILE, NUMBER, or the choices (nl|en); nothing for an on/off option."""
    if getattr(param, "is_flag", False):
        return ""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and descriptor.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
    annotation = getattr(descriptor, "annotation", None)
    if annotation is Path or getattr(descriptor, "is_path", False):
        return "FILE"
    if annotation in (int, float):
        return "NUMBER"
    return "TEXT"


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
    words = path.split()
    return next((found for n in range(len(words), -1, -1) if (found := text(" ".join([*words[:n], key]), lang))), None)


def readable(command: Any, path: str, lang: str) -> None:
    """Put the texts and examples (in `lang`) and readable value kinds on `command` and its subcommands."""
    spoken(command, path, lang)
    if getattr(command, "commands", None):
        for name, sub in command.commands.items():
            readable(sub, f"{path} {name}", lang)
        return
    closing = "\n\n".join(part for part in (text(f"{path} epilog", lang), examples(path, lang)) if part)
    if closing:
        command.epilog = closing


def spoken(command: Any, path: str, lang: str) -> None:
    """`command`'s description, its usage line, the panels' titles and every parameter as help lists it (--help too,
    which click adds as it is asked for) in `lang`, each parameter with the kind of value it
    takes in words (`param_text`)."""
    command.help = text(path, lang) or command.help
    command.short_help = None
    own_params, own_usage = command.get_params, command.get_usage

    def get_params(ctx: Any) -> list[Any]:
        params = own_params(ctx)
        for param in params:
            say_kind(param)
            param.help = param_text(path, param_key(param), lang) or param.help
        return params

    def get_usage(ctx: Any) -> str:
        return str(own_usage(ctx)).replace("Usage: ", t("click_usage", lang) + " ", 1)

    own_help = command.format_help

    def format_help(ctx: Any, formatter: Any) -> None:  # also a group's help shown for want of a subcommand
        from klantprofiel.cli.click_words import frame
        frame(lang)
        own_help(ctx, formatter)

    command.get_params, command.get_usage, command.format_help = get_params, get_usage, format_help


def say_kind(param: Any) -> None:
    """Name the kind of value `param` takes (once: a kind named by hand stays)."""
    if param.param_type_name == "option" and param.metavar is None:
        param.metavar = _kind_of_value(param)
    elif param.param_type_name == "argument":
        shown = _kind_of_value(param)
        param.display_type_rich = lambda ctx, shown=shown: shown
