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
    # --- store/: the store file, customers, interviews ------------------------------------------------
    "store_damaged": ("De opslag {path} is beschadigd: {what}; klantprofiel verandert er niets aan.",
                      "The store {path} is damaged: {what}; klantprofiel changes nothing in it."),
    "store_restore_hint": ("Zet een reservekopie terug, of wijs met --db of KLANTPROFIEL_DB een ander bestand aan.",
                           "Restore it from a backup, or point --db or KLANTPROFIEL_DB at another file."),
    "damaged_answers": ("de antwoorden van interview {id} zijn geen geldige JSON", "interview {id} holds answers that are not valid JSON"),
    "damaged_set_copy": ("de kopie van vragenlijst '{set}' versie {version} is niet te lezen",
                         "its copy of question set '{set}' version {version} cannot be read"),
    "damaged_draft": ("het concept van {name} ({set}) is geen geldige JSON", "the draft of {name} ({set}) is not valid JSON"),
    "damaged_table_missing": ("de tabel '{table}' ontbreekt", "the table '{table}' is missing"),
    "damaged_columns_missing": ("de tabel '{table}' mist de kolom(men) {columns}", "the table '{table}' lacks the column(s) {columns}"),
    "not_utf8_text": ("Tekst met tekens die geen geldige UTF-8 zijn, kan niet worden opgeslagen of gezocht.",
                      "Text with characters that are not valid UTF-8 cannot be stored or looked up."),
    "not_utf8_text_hint": ("Kijk de tekenset van je terminal of bestand na (die hoort UTF-8 te zijn).",
                           "Check the character encoding of your terminal or file (it should be UTF-8)."),
    "store_busy": ("De opslag {path} is bezet (een andere klantprofiel gebruikt hem); probeer het zo nog eens.",
                   "The store {path} is busy (another klantprofiel is using it); try again in a moment."),
    "store_not_ours": ("{path} is beschadigd of is geen opslag van klantprofiel ({detail}); klantprofiel laat het zoals het is.",
                       "{path} is damaged or is not a klantprofiel store ({detail}); klantprofiel leaves it as it is."),
    "store_unusable": ("De opslag {path} is niet te gebruiken: {detail}.", "Cannot use the store {path}: {detail}."),
    "store_unusable_hint": ("Kijk na of het bestand en de map van jou zijn en beschrijfbaar, en of de schijf niet vol is.",
                            "Check that the file and its folder are yours, writable, and that the disk is not full."),
    "busy_timeout_bad": ("{env} moet een aantal seconden van 0 tot 3600 zijn, niet '{raw}'.",
                         "{env} must be a number of seconds from 0 to 3600, not '{raw}'."),
    "store_is_url": ("De opslag {url} is een URL ({scheme}://); deze versie van klantprofiel kan geen database via een URL openen, "
                     "alleen een opslagbestand op deze computer.",
                     "The store {url} is a URL ({scheme}://); this version of klantprofiel cannot open a database by URL, "
                     "only a store file on this computer."),
    "store_is_url_hint": ("Wijs met --db of KLANTPROFIEL_DB een bestand aan, bijvoorbeeld ~/klantprofiel.db.",
                          "Point --db or KLANTPROFIEL_DB at a file path, e.g. ~/klantprofiel.db."),
    "store_dangling_link": ("{path} is een koppeling naar {target}, en dat bestaat niet; klantprofiel volgt hem niet om er een opslag te maken.",
                            "{path} is a link to {target}, which does not exist; klantprofiel does not follow it to make a store."),
    "store_dangling_link_hint": ("Wijs met --db of KLANTPROFIEL_DB het opslagbestand zelf aan, of een nieuwe bestandsnaam.",
                                 "Point --db or KLANTPROFIEL_DB at the store file itself, or at a new file name."),
    "store_is_folder": ("{path} is een map; --db wil een bestand.", "{path} is a folder; --db needs a file path."),
    "store_not_a_file": ("{path} is geen bestand (maar een apparaat, een pipe of een socket); een opslag is een bestand. Er is niets aan veranderd.",
                         "{path} is not a file (a device, a pipe or a socket); a store is a file. It was left untouched."),
    "store_other_file_hint": ("Wijs met --db of KLANTPROFIEL_DB een ander bestand aan.", "Point --db or KLANTPROFIEL_DB at another file."),
    "store_not_sqlite": ("{path} is geen opslag van klantprofiel (geen SQLite-bestand); er is niets aan veranderd.",
                         "{path} is not a klantprofiel store (not an SQLite file); it was left untouched."),
    "no_store": ("Geen opslag op {path}.", "No store at {path}."),
    "no_store_hint": ("Kijk het pad in --db of KLANTPROFIEL_DB na; een nieuwe opslag ontstaat bij de eerste "
                      "`klantprofiel interview` of `klantprofiel import`.",
                      "Check the path in --db or KLANTPROFIEL_DB; a new store is made by the first "
                      "`klantprofiel interview` or `klantprofiel import`."),
    "store_cannot_open": ("De opslag {path} gaat niet open: {detail}.", "Cannot open the store {path}: {detail}."),
    "store_not_usable": ("{path} is geen bruikbare opslag van klantprofiel ({detail}); er is niets aan veranderd.",
                         "{path} is not a usable klantprofiel store ({detail}); it was left untouched."),
    "store_other_program": ("{path} is een SQLite-bestand van een ander programma, geen opslag van klantprofiel; er is niets aan veranderd.",
                            "{path} is an SQLite file of another program, not a klantprofiel store; it was left untouched."),
    "store_newer": ("{path} is geschreven door een nieuwere klantprofiel (schema {version}, deze kent er {known}){changes}; "
                    "er is niets aan veranderd.",
                    "{path} was written by a newer klantprofiel (schema {version}, this one knows {known}){changes}; it was left untouched."),
    "store_newer_changes": ("; met de wijziging(en) {names}", "; it has the change(s) {names}"),
    "store_newer_hint": ("Werk klantprofiel bij: pip install --upgrade klantprofiel", "Upgrade klantprofiel: pip install --upgrade klantprofiel"),
    "candidate": ("{name} · {organisation} · {id} · {interviews} interview(s){drafts}{last}",
                  "{name} · {organisation} · {id} · {interviews} interview(s){drafts}{last}"),
    "candidate_drafts": (", {n} concept(en)", ", {n} draft(s)"),
    "candidate_last": (", laatste gesprek {date}", ", last meeting {date}"),
    "no_organisation": ("(geen organisatie)", "(no organisation)"),
    "organisation_id": ("{organisation} ({id})", "{organisation} ({id})"),
    "ambiguous_name": ("'{name}' is de naam van {n} klanten; klantprofiel raadt niet welke je bedoelt, dus er is niets gedaan.\n{lines}",
                       "'{name}' is the name of {n} customers; klantprofiel does not guess which one is meant, so nothing was done.\n{lines}"),
    "ambiguous_name_hint": ("Kies er een met --organisation of met zijn id, bijvoorbeeld: {example} of {by_id} "
                            "(--organisation '' kiest die zonder organisatie).",
                            "Choose one with --organisation or by id, e.g.: {example} or {by_id} "
                            "(--organisation '' chooses the one without an organisation)."),
    "no_customer_id": ("Geen klant met id {id}.", "No customer with id {id}."),
    "see_ids_hint": ("De ids zie je met: klantprofiel list", "See the ids with: klantprofiel list"),
    "not_at_organisation": ("{name} ({id}) zit niet bij organisatie '{organisation}'.", "{name} ({id}) is not at organisation '{organisation}'."),
    "no_customer_at": ("Geen klant '{name}' bij organisatie '{organisation}'.", "No customer '{name}' at organisation '{organisation}'."),
    "no_customer_without": ("Geen klant '{name}' zonder organisatie.", "No customer '{name}' without an organisation."),
    "stored_people_hint": ("Opgeslagen:\n{lines}", "Stored:\n{lines}"),
    "record_name_ambiguous": ("is de naam van {n} klanten ({names}); geef customer.organisation of customer.id om te zeggen welke",
                              "is the name of {n} customers ({names}); give customer.organisation or customer.id to say which one"),
    "external_id_taken_by": ("{name} ({id}) heeft extern id '{external_id}'", "{name} ({id}) has external id '{external_id}'"),
    "external_id_of": ("het is het externe id van {name} ({id})", "it is the external id of {name} ({id})"),
    "external_id_misfit": ("past niet: {holder}; verbeter customer.external_id of customer.id",
                           "does not fit: {holder}; correct customer.external_id or customer.id"),
    "new_name_empty": ("De nieuwe naam is leeg; geef de naam waaronder hij getoond wordt.",
                       "The new name is empty; give the name he is to be shown by."),
    "no_interview_id": ("Geen interview met id {id}.", "No interview with id {id}."),
    "see_interview_ids_hint": ("De ids zie je met: klantprofiel history NAAM", "See the ids with: klantprofiel history NAME"),
    "no_interviews": ("{name} ({id}) heeft geen interviews.", "{name} ({id}) has no interviews."),
    "only_a_draft": ("{name} heeft nog geen afgerond interview, alleen een concept ({sets}).",
                     "{name} has no finished interview yet, only a draft ({sets})."),
    "continue_draft_hint": ("Ga ermee verder met: {command}", "Continue it with: {command}"),
    "no_customer": ("Geen klant met de naam '{name}'.", "No customer named '{name}'."),
    "did_you_mean_names": ("Bedoel je: {names}?", "Did you mean: {names}?"),
    "see_customers_hint": ("Wie er opgeslagen is, zie je met: klantprofiel list", "See who is stored with: klantprofiel list"),
    "set_copy_differs": ("Vragenlijst '{set}' versie {version} wijkt af van de kopie van die versie in deze opslag "
                         "(de interviews zijn tegen die kopie beantwoord).",
                         "Question set '{set}' version {version} differs from the copy of that version this store keeps "
                         "(its interviews were answered against that copy)."),
    "set_copy_differs_hint": ("Verander de versie in het bestand van de lijst (bijvoorbeeld version = \"{version}-1\") of zijn id, en voer de opdracht opnieuw uit.",
                              "Change the version in the set's file (e.g. version = \"{version}-1\") or its id, and run the command again."),
    "set_version_unknown": ("Vragenlijst '{set}' versie {version} is niet ingebouwd en staat ook niet in de opslag.",
                            "Question set '{set}' version {version} is neither built in nor kept in the store."),
    "no_import_id": ("Geen import met id {id} (die sloeg niets op, of is ongedaan gemaakt).",
                     "No import with id {id} (it stored nothing, or it was undone)."),
    "no_import_id_hint": ("De samenvatting van een import noemt zijn id; klantprofiel history NAAM laat zien uit welke import een interview kwam.",
                          "The summary of an import names its id; klantprofiel history NAME shows which import an interview came from."),
    "erased_while_interviewing": ("{name} is gewist (klantprofiel delete) terwijl dit interview liep, dus de antwoorden zijn niet opgeslagen: "
                                  "een gewiste klant wordt niet ongevraagd opnieuw opgeslagen.",
                                  "{name} was erased (klantprofiel delete) while this interview was running, so its answers were not saved: "
                                  "an erased customer is not stored again unasked."),
    "erased_while_interviewing_hint": ("Als hij instemt met een nieuw interview, begin er een: klantprofiel interview {arg}",
                                       "If he agrees to a new interview, start one: klantprofiel interview {arg}"),
}
