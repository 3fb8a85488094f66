"""What klantprofiel says when something is wrong or done: errors, hints, reports, confirmations.

One key, its Dutch text and its English text, side by side, so neither can be forgotten
(`tests/test_messages.py` checks both have the same placeholders). The core names a sentence by
its key (`UserError("no_customer", name=name)`, `Msg(...)`); the CLI renders it in the run's
language. A new message gets a key here rather than a sentence written where it is raised.

Placeholders hold values (names, paths, numbers, field names as they are in a file), never
words of a sentence: a word that depends on the language is a `Msg` of its own.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "error_label": ("Fout", "Error"),
    "bug": ("klantprofiel liep tegen een fout in zichzelf aan ({kind}); wat je aan het doen was, is niet afgemaakt.",
            "klantprofiel ran into a bug ({kind}); what you were doing was not finished."),
    "bug_hint": ("Meld het: voer de opdracht opnieuw uit met --traceback (klantprofiel --traceback OPDRACHT …, of {env}=1) en stuur "
                 "mee wat die laat zien; kijk het eerst na op persoonsgegevens.",
                 "To report it, run the command again with --traceback (klantprofiel --traceback COMMAND …, or {env}=1) and send "
                 "what it prints; look through it for personal data first."),
    "confirm_suffix": (" [j/N] ", " [y/N] "),
    "confirm_again": ("Typ j (ja) of n (nee).", "Type y (yes) or n (no)."),
    "postgres_driver_missing": ("De opslag {url} is een PostgreSQL-database; daarvoor heeft klantprofiel psycopg nodig, en dat is niet geïnstalleerd.",
                                "The store {url} is a PostgreSQL database; klantprofiel needs psycopg for that, and it is not installed."),
    "postgres_driver_missing_hint": ('Installeer het met: pip install "klantprofiel[postgres]"', 'Install it with: pip install "klantprofiel[postgres]"'),
}
