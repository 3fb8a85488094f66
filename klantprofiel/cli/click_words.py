"""Click's and Typer's own words in the run's language: the usage errors they raise and the
frame they print them in (the "Error" panel, "Try … for help").

Click writes its usage errors in English, whatever the run's language; each kind it raises is
read back here into a catalogue key with its values (the option, the argument, what was typed),
so a Dutch run says "Onbekende optie: --sett" where Click says "No such option: --sett". A
message of a kind not listed stays as Click wrote it.
"""

from __future__ import annotations

import re
from typing import Any

from klantprofiel.i18n import read_back, t

_PATTERNS = [
    (re.compile(r"^No such option: (?P<option>\S+)"), "click_no_such_option"),
    (re.compile(r"^\(Possible options: (?P<options>[^)]*)\)"), "click_possible_options"),
    (re.compile(r"^Got unexpected extra arguments? \((?P<args>.*?)\)|^Got unexpected extra argument\(s\) \((?P<args2>.*?)\)"),
     "click_extra_arguments"),
    (re.compile(r"^No such command '(?P<name>.*)'\."), "click_no_such_command"),
    (re.compile(r"^Missing command\."), "click_missing_command"),
    (re.compile(r"^Option '(?P<option>[^']+)' requires an argument\."), "click_option_needs_value"),
    (re.compile(r"^Missing (?:argument|option|parameter) (?P<name>'[^']*'(?: / '[^']*')*)\."), "click_missing"),
    (re.compile(r"^Invalid value for (?P<name>'[^']*'(?: / '[^']*')*) \(env var: (?P<env>'[^']*')\): "), "click_invalid_value_env"),
    (re.compile(r"^Invalid value for (?P<name>'[^']*'(?: / '[^']*')*): "), "click_invalid_value"),
    (re.compile(r"^Choose from:"), "click_choose_from"),
    (re.compile(r"^Option '(?P<option>[^']+)' does not take a value\."), "click_option_takes_no_value"),
    (re.compile(r"^Did you mean (?P<names>'[^']*'(?:, '[^']*')*)\?"), "click_did_you_mean"),
    (re.compile(r"^Input should be greater than or equal to (?P<min>\S+)"), "click_not_at_least"),
    (re.compile(r"^Input should be less than or equal to (?P<max>\S+)"), "click_not_at_most"),
    (re.compile(r"^(?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.*)\."), "click_not_one_of"),
    (re.compile(r"^Input should be a valid integer, unable to parse string as an integer"), "click_not_an_integer"),
    (re.compile(r"^Input should be a valid number, unable to parse string as a number"), "click_not_a_number"),
]
"""Each kind of usage error Click and Typer raise, as it starts, and its key in the catalogue."""


def said(text: str, lang: str) -> str:
    """`text` (a usage error as Click wrote it) in `lang`, piece by piece from its start."""
    return read_back(text, _PATTERNS).text(lang)


def translate(e: Any, lang: str) -> None:
    """Click's usage error `e` says its sentence in `lang`, and Typer's frame around it too."""
    frame(lang)
    if lang == "en":
        return
    text = said(e.format_message(), lang)
    e.format_message = lambda: text


def frame(lang: str) -> None:
    """The words Typer prints around an error or a help text, in `lang` (set for English too: one
    process may run in both, as the tests do), on a console that writes them in any encoding."""
    from typer import rich_utils

    from klantprofiel.cli.consoles import typers_consoles
    typers_consoles()
    rich_utils.ERRORS_PANEL_TITLE = t("click_error", lang)
    rich_utils.RICH_HELP = t("click_try_help", lang, command="{command_path}", option="{help_option}")
    rich_utils.ARGUMENTS_PANEL_TITLE = t("click_arguments", lang)
    rich_utils.OPTIONS_PANEL_TITLE = t("click_options", lang)
    rich_utils.COMMANDS_PANEL_TITLE = t("click_commands", lang)
    rich_utils.DEFAULT_STRING = t("click_default", lang, value="{}")
    rich_utils.ENVVAR_STRING = t("click_env_var", lang, name="{}")
    rich_utils.REQUIRED_LONG_STRING = t("click_required", lang)
