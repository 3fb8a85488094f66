"""The product's own words around the question-set texts (headings, labels), in Dutch and English.

Question, choice and advice texts live in the question-set files; these are the few words
the program itself says around them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

LANGS = ("nl", "en")

WORDS: dict[str, tuple[str, str]] = {
    "approach": ("Aanpak", "Approach"),
    "do": ("Doen", "Do"),
    "dont": ("Niet doen", "Don't"),
    "sections": ("Wat we weten", "What we know"),
    "tensions": ("Spanningen", "Tensions"),
    "concerns": ("Open twijfels en zorgen", "Open doubts and concerns"),
    "discover": ("Nog te ontdekken", "Still to discover"),
    "knownness": ("Hoe goed kennen we de klant", "How well we know the customer"),
    "why": ("waarom", "why"),
    "nothing_yet": ("nog niets", "nothing yet"),
    "interview_no": ("interview", "interview"),
    "customer": ("Klant", "Customer"),
    "organisation": ("Organisatie", "Organisation"),
    "pronoun": ("Schrijven als", "Written as"),
    "pronoun_he": ("hij", "he"),
    "pronoun_she": ("zij", "she"),
    "pronoun_name": ("bij naam (geen hij of zij)", "by name (no he or she)"),
    "salesperson": ("Verkoper", "Salesperson"),
    "meeting_date": ("Datum", "Date"),
    "context": ("Context", "Context"),
    "notes": ("Notities", "Notes"),
    "interviews": ("Interviews", "Interviews"),
    "last": ("Laatste", "Last"),
    "known": ("Bekend", "Known"),
    "level": ("Niveau", "Level"),
    "store_created": ("Nieuwe opslag gemaakt: {path}", "Created a new store: {path}"),
    "no_customers": ("Nog geen klanten opgeslagen. Begin met: klantprofiel interview", "No customers stored yet. Start with: klantprofiel interview"),
    "no_match": ("Geen klanten gevonden die hierbij passen.", "No customers match."),
    "list_page": ("{shown} van {total} klanten getoond. Meer: --limit {more}, of alles met --all.",
                  "Showing {shown} of {total} customers. More: --limit {more}, or all of them with --all."),
    "list_all": ("{total} klant(en).", "{total} customer(s)."),
    "unknown": ("weet ik nog niet", "don't know yet"),
    "text_hint": ("(Enter = weet ik nog niet)", "(Enter = don't know yet)"),
    "text_hint_back": ("(Enter = weet ik nog niet · < = vorige vraag)", "(Enter = don't know yet · < = previous question)"),
    "select_hint": ("(pijltjes of nummer, Enter)", "(arrow keys or number, Enter)"),
    "checkbox_hint": ("(nummer of spatie = aanvinken, Enter = klaar; niets = weet ik nog niet)",
                      "(number or space = tick, Enter = done; none = don't know yet)"),
    "back": ("« vorige vraag", "« previous question"),
    "summary": ("Samenvatting", "Summary"),
    "save": ("Opslaan", "Save"),
    "change": ("Een antwoord wijzigen…", "Change an answer…"),
    "keep_draft": ("Stoppen en als concept bewaren", "Stop and keep as a draft"),
    "which_change": ("Welk antwoord wil je wijzigen?", "Which answer do you want to change?"),
    "what_next": ("Wat wil je doen?", "What do you want to do?"),
    "draft_found": ("Er is een concept voor {name}. Verder waar je was?", "There is a draft for {name}. Continue where you left off?"),
    "draft_continue": ("Ja, verder met het concept", "Yes, continue the draft"),
    "draft_restart": ("Nee, opnieuw beginnen (concept vervalt)", "No, start over (the draft is dropped)"),
    "new_customer": ("Nieuwe klant: {name}.", "New customer: {name}."),
    "customer_id": ("Id", "Id"),
    "renamed": ("{old} heet nu {name} ({id}).", "{old} is now called {name} ({id})."),
    "import_no": ("import", "import"),
    "saved": ("Opgeslagen als interview {id} van {name}.", "Saved as interview {id} of {name}."),
    "saved_new_customer": ("Opgeslagen als interview {id} van {name} ({customer_id}).", "Saved as interview {id} of {name} ({customer_id})."),
    "saved_not_shown": ("Het profiel is nu niet te lezen: een ander klantprofiel houdt de opslag bezet. Het interview is wel "
                        "opgeslagen; lees het straks met `klantprofiel show {id}` (nogmaals opslaan is niet nodig).",
                        "The profile cannot be read now: another klantprofiel holds the store. The interview is stored; "
                        "read it later with `klantprofiel show {id}` (no need to save it again)."),
    "stopped": ("Gestopt (Ctrl-C).", "Stopped (Ctrl-C)."),
    "draft_kept": ("Gestopt. Je antwoorden zijn bewaard als concept. Verder met: klantprofiel interview {arg} --resume",
                   "Stopped. Your answers are kept as a draft. Continue with: klantprofiel interview {arg} --resume"),
    "no_draft": ("Geen concept voor {name}; er begint een nieuw interview.", "No draft for {name}; starting a new interview."),
    "no_terminal": ("Geen terminal om vragen te stellen.", "No terminal to ask questions on."),
    "no_terminal_hint": ("Geef de antwoorden in een bestand: klantprofiel interview NAAM --answers antwoorden.json",
                         "Give the answers in a file: klantprofiel interview NAME --answers answers.json"),
    "name_required": ("Een naam is nodig.", "A name is needed."),
    "question_set": ("Vragenlijst", "Question set"),
    "today": ("vandaag", "today"),
    "yesterday": ("gisteren", "yesterday"),
    "days_ago": ("{n} dagen geleden", "{n} days ago"),
    "in_days": ("over {n} dagen", "in {n} days"),
    "known_sets": ("Wat we weten, per vragenlijst", "What we know, per question set"),
    "not_interviewed": ("Nog niet besproken", "Not covered yet"),
    "interview_set_hint": ("Begin met: klantprofiel interview {arg} --set ID", "Start with: klantprofiel interview {arg} --set ID"),
    "brief": ("voor het gesprek", "before the meeting"),
    "brief_known": ("{n} van {total} vragenlijsten · laatst {date}", "{n} of {total} question sets · last {date}"),
    "brief_do_dont": ("Doen en niet doen", "Do and don't"),
    "brief_own_words": ("In eigen woorden", "In the customer's own words"),
    "brief_context": ("Gesprek", "Meeting"),
    "brief_concerns": ("Twijfels en zorgen", "Doubts and concerns"),
    "brief_do": ("Doen", "Do"),
    "brief_dont": ("Niet doen", "Don't"),
    "brief_tensions": ("Spanningen", "Tensions"),
    "brief_questions": ("Vragen voor dit gesprek", "Questions for this meeting"),
    "brief_homework": ("Je eigen huiswerk", "Your own homework"),
    "brief_more": ("{heading} (nog {n} in show)", "{heading} ({n} more in show)"),
    "brief_first_time": ("Eerste gesprek per vragenlijst: nog niets om mee te vergelijken.", "First meeting of each set: nothing to compare with yet."),
    "brief_nothing_changed": ("Sinds vorige keer: niets veranderd.", "Since last time: nothing changed."),
    "brief_since": ("Sinds vorige keer: {new} nieuw bekend, {changed} gewijzigd, {added} regel(s) erbij, {dropped} eraf",
                    "Since last time: {new} newly known, {changed} changed, {added} line(s) added, {dropped} gone"),
    "default": ("standaard", "default"),
    "default_why": ("Standaardregel: nog niets bekend dat dit beslist ({questions}).", "Default line: nothing known yet that decides this ({questions})."),
    "default_why_none": ("Standaardregel: geen regel beslist dit.", "Default line: no rule decides this."),
    "feedback_useful": ("Genoteerd: {line} hielp (bij interview {id}).", "Noted: {line} helped (with interview {id})."),
    "feedback_wrong": ("Genoteerd: {line} klopte niet (bij interview {id}); show markeert de regel.",
                       "Noted: {line} was wrong (with interview {id}); show marks the line."),
    "flagged_wrong": ("gemeld als onjuist", "flagged as wrong"),
    "line_id": ("regel", "line"),
    "no_feedback": ("Nog geen feedback op regels.", "No feedback on lines yet."),
    "ranked_approach": ("Aanpak, over alle vragenlijsten", "Approach, across all question sets"),
    "across": ("Over de vragenlijsten heen", "Across the question sets"),
    "overruled": ("Opzij gezet", "Overruled"),
    "overruled_by": ("wijkt voor {rule}", "overruled by {rule}"),
    "more_approach": ("… en nog {n} regel(s) aanpak, per vragenlijst hieronder.", "… and {n} more approach line(s), per question set below."),
    "nothing_decided": ("Nog niets bepaald: de antwoorden wijzen nog geen richting.", "Nothing decided yet: the answers point no way so far."),
    "newly_known": ("Nieuw bekend", "Newly known"),
    "changed": ("Gewijzigd", "Changed"),
    "added": ("Nieuw in het profiel", "New in the profile"),
    "dropped": ("Vervallen", "Dropped"),
    "no_changes": ("Niets veranderd.", "Nothing changed."),
    "erase_confirm": ("Alles over {name} wissen ({interviews} interview(s), {drafts} concept(en))? Dit kan niet ongedaan worden gemaakt.",
                      "Erase everything about {name} ({interviews} interview(s), {drafts} draft(s))? This cannot be undone."),
    "erase_needs_yes": ("Wissen zonder bevestiging gebeurt alleen met --yes.", "Erasing without a confirmation needs --yes."),
    "erase_needs_yes_hint": ("Geen terminal om het te vragen: klantprofiel delete {arg} --yes",
                             "No terminal to ask on: klantprofiel delete {arg} --yes"),
    "erase_cancelled": ("Niets gewist.", "Nothing erased."),
    "erased": ("Gewist: {name} ({interviews} interview(s), {drafts} concept(en)), ook uit de vrije ruimte van het bestand.",
               "Erased: {name} ({interviews} interview(s), {drafts} draft(s)), also from the file's free space."),
    "draft_exists": ("Er is ook een concept ({sets}); verder met: klantprofiel interview {arg} --resume",
                     "There is also a draft ({sets}); continue with: klantprofiel interview {arg} --resume"),
    "draft_mark": ("concept", "draft"),
    "erased_zeroed": ("Gewist: {name} ({interviews} interview(s), {drafts} concept(en)); de rijen zijn met nullen overschreven.",
                      "Erased: {name} ({interviews} interview(s), {drafts} draft(s)); the rows are overwritten with zeros."),
    "erase_compaction_stopped": ("Het bestand is niet meer verkleind (gestopt). Maak het wissen af met: klantprofiel delete {arg} --yes",
                                 "The file was not compacted (stopped). Finish the erasure with: klantprofiel delete {arg} --yes"),
    "erase_compaction_failed": ("Het bestand kon niet worden verkleind: {problem} De gewiste gegevens zijn wel met nullen overschreven. "
                                "Maak het wissen af met: klantprofiel delete {arg} --yes",
                                "The file could not be compacted: {problem} The erased data is overwritten with zeros all the same. "
                                "Finish the erasure with: klantprofiel delete {arg} --yes"),
    "erase_wal_kept": ("Het wissen is nog niet af: een ander programma houdt de opslag open, en het -wal-bestand naast de opslag bevat "
                       "nog oude kopieën van de gegevens. Sluit dat programma en maak het wissen af met: klantprofiel delete {arg} --yes",
                       "The erasure is not complete yet: another program holds the store open, and the -wal file beside the store still "
                       "holds old copies of the data. Close that program and finish the erasure with: klantprofiel delete {arg} --yes"),
    "erase_nothing_left": ("Over {name} is niets (meer) opgeslagen; het wissen dat eerder niet af kwam, wordt nu afgemaakt.",
                           "Nothing (more) is stored about {name}; the erasure that did not finish earlier is finished now."),
    "erase_finished": ("Het eerdere wissen is af: het bestand is verkleind.", "The earlier erasure is complete: the file is compacted."),
    "erase_interview_confirm": ("Interview {id} van {name} ({date}) wissen? Dit kan niet ongedaan worden gemaakt.",
                                "Erase interview {id} of {name} ({date})? This cannot be undone."),
    "erased_interview": ("Gewist: interview {id} van {name}, ook uit de vrije ruimte van het bestand.",
                         "Erased: interview {id} of {name}, also from the file's free space."),
    "erased_not_compacted": ("Een andere klantprofiel gebruikte de opslag, dus het bestand is niet verkleind; de gewiste gegevens zijn wel met nullen overschreven.",
                             "Another klantprofiel was using the store, so the file was not compacted; the erased data is overwritten with zeros all the same."),
    "date_unreadable": ("Die datum kan ik niet lezen; schrijf bijvoorbeeld 1-12-2026, 1 december 2026, vandaag of gisteren.",
                        "I cannot read that date; write for example 1-12-2026, 1 December 2026, today or yesterday."),
    "date_read": ("gelezen als {date}", "read as {date}"),
    "plain_choice": ("Typ een nummer", "Type a number"),
    "plain_multi": ("Typ een of meer nummers, met komma's ertussen", "Type one or more numbers, with commas between them"),
    "plain_text": ("Typ je antwoord", "Type your answer"),
    "plain_enter_unknown": ("Enter = weet ik nog niet", "Enter = don't know yet"),
    "plain_enter_keeps": ("Enter = {answer}, - = weet ik nog niet", "Enter = {answer}, - = don't know yet"),
    "plain_enter_picks": ("Enter = {answer}", "Enter = {answer}"),
    "plain_back": ("< = vorige vraag", "< = previous question"),
    "plain_help": ("? = uitleg", "? = explanation"),
    "why_we_ask": ("Waarom we dit vragen: {why}", "Why we ask: {why}"),
    "plain_not_listed": ("'{typed}' staat niet in de lijst.", "'{typed}' is not in the list."),
    "plain_one_of": ("Typ een van: {keys}.", "Type one of: {keys}."),
    "plain_answer": ("Antwoord: {answer}", "Answer: {answer}"),
}


def number(n: int, lang: str = "nl") -> str:
    """A count as the language writes it: 100.000 in Dutch, 100,000 in English."""
    text = f"{n:,}"
    return text if lang == "en" else text.replace(",", ".")


ADDED: dict[str, tuple[str, str]] = {}
"""Catalogue entries a question kind brings in its own module (`Kind.texts`), added when
`klantprofiel.kinds` finds the kind: a new kind is one module, its words with it."""


def add_words(words: dict[str, tuple[str, str]]) -> None:
    """Add a kind's words to the catalogue (a key of its own: tests/test_kinds.py holds that)."""
    ADDED.update(words)


def catalogue(key: str) -> tuple[str, str] | None:
    """The (Dutch, English) texts of a key, or None for a text that is no key."""
    from klantprofiel.messages import (
        MESSAGES,  # the long catalogue: loaded by the first message, not by --version or a Tab
    )
    return WORDS.get(key) or MESSAGES.get(key) or ADDED.get(key)


def t(key: str, lang: str = "nl", /, **fields: object) -> str:
    """The text of `key` in `lang`, its placeholders filled (a `Msg` among them in the same language)."""
    texts = catalogue(key)
    if texts is None:
        raise KeyError(f"no text with key {key!r} in klantprofiel/i18n.py or klantprofiel/messages.py")
    text = texts[1] if lang == "en" else texts[0]
    return text.format(**{k: rendered(v, lang) if isinstance(v, (Msg, Joined, Count)) else v for k, v in fields.items()})


def rendered(value: object, lang: str = "nl") -> str:
    """A part of a message in `lang`: a `Msg` (or `Joined`, `Count`) rendered, anything else as text."""
    return value.text(lang) if isinstance(value, (Msg, Joined, Count)) else str(value)


class Msg:
    """A sentence not yet in a language: a catalogue key and the values for its placeholders.

    The core builds these (it cannot know the run's language); the CLI renders them with `text`.
    A value may itself be a `Msg` (a "did you mean" inside a message), rendered in the same language.
    """

    __slots__ = ("key", "fields")

    def __init__(self, key: str, /, **fields: object) -> None:
        self.key = key
        self.fields = fields

    def text(self, lang: str = "nl") -> str:
        return t(self.key, lang, **self.fields) if catalogue(self.key) else self.key  # not a key: a sentence not yet in the catalogue

    def __str__(self) -> str:
        """In a sentence not yet in the catalogue (English), the English text."""
        return self.text("en")

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.fields!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.fields) == (other.key, other.fields)

    def __hash__(self) -> int:
        return hash(self.key)


class Count(int):
    """A count in a message, written as the run's language writes it (10.000 in Dutch, 10,000 in English)."""

    def text(self, lang: str = "nl") -> str:
        return number(self, lang)


class Joined:
    """Items in a message, one after another with `separator` between them, each a `Msg` or text
    rendered in the message's language."""

    __slots__ = ("items", "separator", "indent")

    def __init__(self, items: Sequence[Msg | str], separator: Msg | str = ", ", indent: str = "") -> None:
        self.items = items
        self.separator = separator
        self.indent = indent

    def text(self, lang: str = "nl") -> str:
        return rendered(self.separator, lang).join(f"{self.indent}{rendered(item, lang)}" for item in self.items)

    def __str__(self) -> str:
        return self.text("en")


def read_back(text: str, phrases: Sequence[tuple[re.Pattern[str], str]]) -> Joined:
    """`text`, a library's English sentence (a parser's, Click's), read back phrase by phrase into
    catalogue keys with their values, so it can be said in any language. At each position the first
    pattern that matches there becomes a `Msg` (a group named `x2` fills the field `x`, for a phrase
    written two ways); a word no pattern starts at stays as the library wrote it."""
    pieces: list[Msg | str] = []
    rest = text
    while rest:
        for pattern, key in phrases:
            found = pattern.match(rest)
            if found:
                pieces.append(Msg(key, **{k.rstrip("2"): v for k, v in found.groupdict().items() if v is not None}))
                rest = rest[found.end():]
                break
        else:
            cut = _WORD_AND_SPACE.match(rest).end() or 1  # type: ignore[union-attr]  # always matches
            pieces.append(rest[:cut])
            rest = rest[cut:]
    return Joined(pieces, separator="")


_WORD_AND_SPACE = re.compile(r"\S*\s*")


class Lines(Joined):
    """Indented lines under a message (every problem of a file, every person a name may mean)."""

    __slots__ = ()

    def __init__(self, items: Sequence[Msg | str]) -> None:
        super().__init__(items, "\n", "  ")
