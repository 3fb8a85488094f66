"""What `--help` says, in Dutch and English: each command's description and each option's and
argument's help, side by side so neither can be forgotten (`tests/test_messages.py` checks both).

A text's key is where it shows: the command's path (`questions show`), or the path and the
option's long name or the argument's name (`list --limit`, `show CUSTOMER`). An option several
commands share in one meaning (`--db`, `--lang`) has one text under its name alone. The commands
name no help of their own: `help.readable` puts these on them in the run's language when they
are built, as the language is known only once the command line is read.
"""

from __future__ import annotations

HELP: dict[str, tuple[str, str]] = {
    # --- the root and the options every command shares ----------------------------------------------
    "klantprofiel": ("Leer een klant kennen, en lees hoe je hem advies geeft dat hij begrijpt, aanneemt en gebruikt.",
                     "Get to know a customer, and read how to give him advice he understands, accepts and uses."),
    "klantprofiel epilog": ("Afsluitcodes: 0 gelukt · 1 ongeldige invoer of niet gevonden · 2 verkeerd gebruik · 3 opslag bezet of server nu onbereikbaar: probeer later opnieuw · "
                            "70 een fout in klantprofiel zelf · 130 gestopt met Ctrl-C.",
                            "Exit codes: 0 ok · 1 invalid input or not found · 2 usage error · 3 store busy or its server out of reach now: try again later · 70 a bug in klantprofiel · "
                            "130 stopped with Ctrl-C."),
    "klantprofiel --version": ("Toon het versienummer en stop.", "Show the version and exit."),
    "klantprofiel --traceback": ("Toon bij een fout in klantprofiel de traceback (voor een foutmelding).",
                                 "On a bug, show the traceback (for a bug report)."),
    "klantprofiel --install-completion": ("Installeer het aanvullen met Tab voor deze shell.", "Install completion for the current shell."),
    "klantprofiel --show-completion": ("Toon het aanvullen met Tab voor deze shell, om het te kopiëren of de installatie aan te passen.",
                                       "Show completion for the current shell, to copy it or customize the installation."),
    "--help": ("Toon deze hulp en stop.", "Show this message and exit."),
    "--lang": ("Taal van de teksten: nl of en.", "Language of the texts: nl or en."),
    "--db": ("Het opslagbestand. Standaard: klantprofiel.db in je programmamap.",
             "The store file. Default: klantprofiel.db in your application folder."),
    "--organisation": ("Als klanten bij verschillende organisaties dezelfde naam hebben: die bij deze organisatie ('' voor die zonder "
                       "organisatie). Het klant-id kiest er ook een.",
                       "When the name is shared by customers at different organisations: the one at this one ('' for the one without "
                       "an organisation). The customer id picks one too."),
    "--json": ("JSON voor scripts in plaats van de tabel.", "JSON for scripts instead of the table."),
    "--format": ("rich (op het scherm), json (voor scripts) of markdown (voor een notitie).",
                 "rich (on screen), json (for scripts) or markdown (for a note)."),
    "--delimiter": ("Alleen CSV: ',' of ';' (wat Nederlandse Excel schrijft) of 'tab'. Standaard bij import: wat de kopregel gebruikt; "
                    "bij export: ','.",
                    "CSV only: ',' or ';' (what Dutch Excel writes) or 'tab'. Import default: whichever the header line uses; "
                    "export default: ','."),
    # --- interview, show, brief ---------------------------------------------------------------------
    "interview": ("Interview jezelf over een klant, sla de antwoorden op en toon zijn adviesprofiel.\n\n"
                  "Elke vraag kan beantwoord worden met \"weet ik nog niet\". Een klant die al eerder geïnterviewd is, begint bij zijn "
                  "laatste interview van de vragenlijst: elke vraag biedt het laatste antwoord aan, Enter houdt het, de samenvatting "
                  "markeert wat veranderde, en een interview dat niets verandert, wordt niet nog eens opgeslagen (--only-unknown vraagt "
                  "alleen wat onbekend is, --fresh begint blanco). Ctrl-C bewaart wat je beantwoordde als concept; ga er verder mee met "
                  "--resume. Met --plain (of KLANTPROFIEL_PLAIN=1, of TERM=dumb) is elke vraag één regel en typ je het antwoord als "
                  "nummer. Een naam die meer dan één klant heeft, vraagt om --organisation of het klant-id; een naam die niemand heeft "
                  "(of met --organisation niemand daar), is een nieuwe klant.",
                  "Interview yourself about a customer, store the answers and show his advice-approach profile.\n\n"
                  "Every question can be answered with \"weet ik nog niet\" (don't know yet). A customer interviewed before starts "
                  "from his last interview of the set: every question offers the last answer, Enter keeps it, the summary marks what "
                  "changed, and an interview that changes nothing is not stored again (--only-unknown asks only what is unknown, "
                  "--fresh starts blank). Ctrl-C keeps what you answered as a draft; continue it with --resume. With --plain (or "
                  "KLANTPROFIEL_PLAIN=1, or TERM=dumb) each question is one line and the answer is typed as a number. A name that "
                  "more than one customer has needs --organisation or the customer id; a name nobody has (or with --organisation, "
                  "nobody at it) is a new customer."),
    "interview NAME": ("De naam of het id van de klant; gevraagd als je hem weglaat.", "The customer's name or id; asked when left out."),
    "interview --set": ("Vragenlijst: een ingebouwd id of een .toml-bestand.", "Question set: a built-in id or a .toml file."),
    "interview --resume": ("Ga verder met het concept dat bewaard werd toen een interview gestopt werd.",
                           "Go on with the draft kept when an interview was stopped."),
    "interview --plain": ("Vraag één regel per vraag en typ het antwoord als nummer: voor schermlezers en eenvoudige terminals. Vanzelf "
                          "aan als TERM dumb is.",
                          "Ask one line per question and type the answer as a number: for screen readers and simple terminals. On by "
                          "itself when TERM is dumb."),
    "interview --answers": ("Antwoord zonder vragen uit een JSON- (of .toml-)bestand van vraag-id -> keuze-id of tekst; '-' leest JSON "
                            "van stdin. Weggelaten vragen zijn onbekend (met --from-last: ongewijzigd).",
                            "Answer without prompts from a JSON (or .toml) file of question id -> choice id or text; '-' reads JSON "
                            "from stdin. Left-out questions are unknown (with --from-last: as they were)."),
    "interview --from-last": ("Met --answers: vragen (en organisatie, verkoper) die het bestand weglaat, houden het laatste antwoord van "
                              "de klant in deze vragenlijst; niets veranderd: niets opgeslagen.",
                              "With --answers: questions (and organisation, salesperson) the file leaves out keep the customer's last "
                              "answer of the set; nothing changed: nothing stored."),
    "interview --only-unknown": ("Vraag bij een bekende klant alleen wat nog onbekend is (en de datum en context); de rest blijft "
                                 "ongewijzigd.",
                                 "Of a known customer, ask only what is still unknown (and the date and context); the rest stays as "
                                 "it was."),
    "interview --fresh": ("Begin bij een bekende klant met een leeg blad in plaats van zijn laatste antwoorden.",
                          "Of a known customer, start from a blank page instead of his last answers."),
    "show": ("Toon het adviesprofiel van een klant: het laatste interview van elke vragenlijst, de aanpak eerst.\n\n"
             "Begint met welke vragenlijsten bekend zijn en hoe recent. Met een interview-id toont het dat ene interview. "
             "--format json geeft, bij een naam, een JSON-array met één geëxporteerd record per vragenlijst (de vorm van "
             "`klantprofiel schema profile`, de standaardlijst eerst); bij een interview-id één zo'n record.",
             "Show a customer's advice-approach profile: the latest interview of each question set, the approach first.\n\n"
             "Starts with which sets are known and how recent they are. With an interview id, shows that one interview. "
             "--format json prints, for a name, a JSON array with one exported record per set (the shape of "
             "`klantprofiel schema profile`, default set first); for an interview id, one such record."),
    "show CUSTOMER": ("Naam of id van de klant (het laatste interview van elke vragenlijst), of één interview-id.",
                      "Customer name or id (every set's latest interview), or one interview id."),
    "show --why": ("Toon onder elke regel de antwoorden die hem gaven.", "Show under each line the answers that caused it."),
    "brief": ("Bereid een gesprek voor: hooguit 30 regels om op de parkeerplaats te lezen.\n\n"
              "Wie; de aanpak (hooguit vijf regels, gerangschikt over alle vragenlijsten); wat er letterlijk gezegd is; de open "
              "twijfels (die waar de deal op vastzit eerst); de belangrijkste doen en niet doen; spanningen; vragen voor dit gesprek "
              "en, apart, je eigen huiswerk; wat er sinds vorige keer veranderde. `show` heeft alles. --format markdown geeft een "
              "notitie om te plakken, --format json dezelfde delen voor scripts.",
              "Prepare for a meeting: at most 30 lines to read in the car park.\n\n"
              "Who; the approach (at most five lines, ranked across all question sets); what was said in so many words; the open "
              "doubts (the ones the deal is stuck on first); the top do's and don'ts; tensions; questions for this meeting and, "
              "apart, your own homework; what changed since last time. `show` has everything. --format markdown gives a note to "
              "paste, --format json the same parts for scripts."),
    "CUSTOMER": ("De naam of het id van de klant.", "The customer's name or id."),
    # --- questions, schema --------------------------------------------------------------------------
    "questions": ("Vragenlijsten lezen en controleren (de bestanden in questions/).", "Read and check question sets (the files in questions/)."),
    "questions --set": ("Een ingebouwd vragenlijst-id of een .toml-bestand.", "A built-in set id or a .toml file."),
    "questions validate": ("Controleer vragenlijstbestanden: hun vorm, dat regels naar echte vragen en keuzes wijzen, en dat de opslag "
                           "(als die er is) geen andere vragenlijst onder hetzelfde id en dezelfde versie bewaart.",
                           "Check question-set files: their shape, that rules point at real questions and choices, and that the store "
                           "(if there is one) keeps no other set under the same id and version."),
    "questions validate PATHS": ("Vragenlijstbestanden; standaard: elke ingebouwde vragenlijst.",
                                 "Question-set files; default: every built-in set."),
    "questions validate --strict": ("Noem ook de keuzes die geen regel gebruikt (tenzij gemarkeerd als informatief) en vragen zonder `why`.",
                                    "Also list the choices no rule uses (unless marked informational) and questions without a `why`."),
    "questions list": ("Toon de vragen van een vragenlijst, in de volgorde van het interview.", "List the questions of a set, in interview order."),
    "questions feedback": ("Welke regels de verkopers het vaakst onjuist noemden (met `klantprofiel feedback`), met hoe vaak ze hielpen en "
                           "de laatste notitie: waar een trainer het eerst kijkt.",
                           "Which rules the salespeople called wrong most (from `klantprofiel feedback`), with how often they helped and "
                           "the last note: where a trainer looks first."),
    "questions show": ("Toon één vraag: haar tekst, keuzes, wanneer ze gesteld wordt, en de regels die haar gebruiken.",
                       "Show one question: its text, choices, when it is asked, and the rules that use it."),
    "questions show QUESTION_ID": ("Een vraag-id (zie: klantprofiel questions list).", "A question id (see: klantprofiel questions list)."),
    "schema": ("Druk het JSON Schema van een bestandsvorm af, gemaakt uit de modellen waarmee het programma controleert.",
               "Print the JSON Schema of a file format, generated from the models the program validates with."),
    "schema NAME": ("questionset (een vragenlijstbestand), profile (een geëxporteerd record), answers (een importrecord) of map (een "
                    "kolomkaart voor import --map).",
                    "questionset (a question-set file), profile (an exported record), answers (an import record) or map (a column map "
                    "for import --map)."),
    # --- export, import -----------------------------------------------------------------------------
    "export": ("Exporteer opgeslagen interviews met hun adviesprofielen, het oudste eerst.\n\n"
               "Elk JSON-record bevat de klant, het wie en wanneer van het interview, de vragenlijst (id en versie), de antwoorden en "
               "het afgeleide profiel; zijn JSON Schema: klantprofiel schema profile. CSV heeft één rij per interview en één kolom per "
               "vraag (de keuzes van een meervoudig antwoord samengevoegd met ';', een lege cel voor \"weet ik nog niet\"); een cel die "
               "een spreadsheet als formule zou uitvoeren (beginnend met = + - @) krijgt een ' ervoor, die import er weer af haalt. "
               "Een CSV-bestand geschreven met -o begint met een BOM, zodat Excel het als UTF-8 leest.\n\n"
               "-c draagt alles over wat over één persoon opgeslagen is: een naam die meer dan één klant heeft, wordt geweigerd, met "
               "wie het zijn, tot --organisation of het klant-id zegt welke.",
               "Export stored interviews with their advice-approach profiles, oldest first.\n\n"
               "Each JSON record holds the customer, the interview's who/when, the question set (id and version), the answers and "
               "the derived profile; its JSON Schema: klantprofiel schema profile. CSV holds one row per interview and one column per "
               "question (a multi answer's choices joined with ';', an empty cell for \"don't know yet\"); a cell that a spreadsheet "
               "would run as a formula (starting with = + - @) gets a leading ' which import takes off again. A CSV file written "
               "with -o starts with a BOM, so Excel reads it as UTF-8.\n\n"
               "-c hands over everything stored about one person: a name that more than one customer has is refused, with who they "
               "are, until --organisation or the customer id says which one."),
    "export --customer": ("Alleen de interviews van deze klant (zijn naam of id); herhaal de optie voor meer.",
                          "Only this customer's interviews (his name or id); repeat the option for more."),
    "export --output": ("Schrijf naar dit bestand (alleen door jou te lezen) in plaats van naar stdout.",
                        "Write to this file (readable only by you) instead of stdout."),
    "export --format": ("jsonl (één record per regel), json (één array), csv (voor spreadsheets) of markdown (een briefing om in een "
                        "notitie te plakken).",
                        "jsonl (one record per line), json (one array), csv (for spreadsheets) or markdown (a brief to paste in a note)."),
    "export --organisation": ("Met -c, als klanten bij verschillende organisaties dezelfde naam hebben: die bij deze organisatie ('' voor "
                              "die zonder organisatie).",
                              "With -c, when a name is shared by customers at different organisations: the one at this one ('' for the "
                              "one without an organisation)."),
    "import": ("Importeer interviews uit JSON-regels, een JSON-array of CSV, gecontroleerd zoals een interview.\n\n"
               "Een record: {\"customer\": {\"name\": …, \"organisation\": …}, \"answers\": {vraag-id: keuze-id, lijst van keuze-ids, "
               "getal of tekst}, \"interview\": {\"salesperson\", \"meeting_date\", \"context\", \"notes\"}, \"question_set\": "
               "\"kennismaking\"}; alleen \"customer\" en \"answers\" zijn verplicht, een weggelaten vraag is \"weet ik nog niet\". Het schema: "
               "klantprofiel schema answers. Wat export schrijft, importeert zoals het is. CSV: een kopregel met \"customer\", "
               "\"organisation\", …, en één kolom per vraag-id; UTF-8 met of zonder BOM (een andere tekenset: --encoding), ';' of ','. "
               "Een Excel-werkmap wordt geweigerd: sla hem eerst op als CSV UTF-8.\n\n"
               "Alles of niets: één ongeldig record en er wordt niets opgeslagen. Elk ongeldig record wordt gemeld (regel of rij, "
               "veld, de gegeven waarde, wat mag). Bestanden worden als stroom gelezen, een JSON-array ook, zodat het geheugen vlak "
               "blijft hoe groot het bestand ook is.\n\n"
               "Een record vindt zijn klant via customer.id, dan customer.external_id (zijn id in je CRM), dan naam en organisatie; "
               "niemand: een nieuwe klant. Een record waarvan het interview-uid al opgeslagen is, wordt overgeslagen, dus een export "
               "opnieuw importeren verandert niets. Elke import die iets opslaat, krijgt een id (in de samenvatting); --undo ID haalt "
               "weg wat hij opsloeg.",
               "Import interviews from JSON lines, a JSON array or CSV, checked like an interview.\n\n"
               "A record: {\"customer\": {\"name\": …, \"organisation\": …}, \"answers\": {question id: choice id, list of choice ids, "
               "number or text}, \"interview\": {\"salesperson\", \"meeting_date\", \"context\", \"notes\"}, \"question_set\": "
               "\"kennismaking\"}; only customer and answers are required, a question left out is \"don't know yet\". The schema: "
               "klantprofiel schema answers. What export writes imports as it is. CSV: a header row with customer, organisation, …, "
               "and one column per question id; UTF-8 with or without BOM (another encoding: --encoding), ';' or ','. An Excel "
               "workbook is refused: save it as CSV UTF-8 first.\n\n"
               "All or nothing: one invalid record and nothing is stored. Every invalid record is reported (line or row, field, the "
               "value given, what is allowed). Files are read as a stream, a JSON array too, so memory stays flat however large the "
               "file is.\n\n"
               "A record finds its customer by customer.id, then customer.external_id (his id in your CRM), then name and "
               "organisation; nobody: a new customer. A record whose interview uid is stored already is skipped, so importing an "
               "export again changes nothing. Every import that stores something gets an id (in the summary); --undo ID removes "
               "what it stored."),
    "import epilog": ("Afsluitcodes: 0 elk record opgeslagen (met --dry-run: elk record geldig) · 1 ongeldige invoer: niets opgeslagen, "
                      "of met --skip-invalid alleen de geldige records · 2 verkeerd gebruik, bijvoorbeeld een bestand dat niet is wat "
                      "--format zegt · 3 opslag bezet of server nu onbereikbaar: niets opgeslagen.",
                      "Exit codes: 0 every record stored (with --dry-run: every record valid) · 1 invalid input: nothing stored, or "
                      "with --skip-invalid only the valid records · 2 usage error, e.g. a file that is not what --format says · 3 store busy or its server out of reach now: nothing stored."),
    "import FILE": ("Het bestand om te importeren, of '-' voor stdin.", "The file to import, or '-' for stdin."),
    "import --existing": ("Wat een record van een eerder opgeslagen klant doet: new-interview (nog een interview van hem), skip "
                          "(overslaan), of replace (zijn interviews van die vragenlijst maken plaats).",
                          "What a record of a customer stored before does: new-interview (another interview of him), skip, or "
                          "replace (his interviews of that set make way)."),
    "import --undo": ("Haal precies weg wat import ID opsloeg (het id staat in zijn samenvatting), na een bevestiging.",
                      "Remove exactly what import ID stored (its id is in its summary), after a confirmation."),
    "import --yes": ("Met --undo: weghalen zonder te vragen (voor scripts).", "With --undo: remove without asking (for scripts)."),
    "import --format": ("auto (uit de inhoud), jsonl, json (een array) of csv.", "auto (from the content), jsonl, json (an array) or csv."),
    "import --set": ("De vragenlijst van records die er geen noemen: een ingebouwd id of een .toml-bestand.",
                     "The question set of records that name none: a built-in id or a .toml file."),
    "import --skip-invalid": ("Sla de geldige records op, ook als sommige ongeldig zijn.", "Store the valid records even when some are invalid."),
    "import --rejects": ("Schrijf elk ongeldig record, met waarom, naar dit bestand in de vorm van de invoer: verbeter het daar en "
                         "importeer het opnieuw.",
                         "Write each invalid record, with why, to this file in the input's format: fix it there and import it again."),
    "import --dry-run": ("Controleer elk record en meld het; sla niets op.", "Check every record and report; store nothing."),
    "import --json": ("Problemen en de samenvatting op stderr als JSON-regels, voor scripts.",
                      "Problems and the summary on stderr as JSON lines, for scripts."),
    "import --encoding": ("Alleen CSV: de tekenset van het bestand als die niet UTF-8 is, bijvoorbeeld cp1252 (wat Excel op een "
                          "Nederlandse Windows als 'CSV' opslaat).",
                          "CSV only: the file's character encoding when it is not UTF-8, e.g. cp1252 (what Excel on a Dutch Windows "
                          "saves as 'CSV')."),
    "import --map": ("Een kolomkaart (TOML) voor de eigen export van een CRM: welke van zijn kolommen welk veld is. Kolommen die hij "
                     "niet noemt, worden niet opgeslagen. Zijn schema: klantprofiel schema map.",
                     "A column map (TOML) for a CRM's own export: which of its columns is which field. Columns it does not name are "
                     "not stored. Its schema: klantprofiel schema map."),
    "import --suggest-map": ("Druk een begin van een kolomkaart voor BESTAND af, om aan te passen en dan met --map te importeren; slaat "
                             "niets op.",
                             "Print a starting column map for FILE, to edit and then import with --map; stores nothing."),
    # --- delete, rename, feedback, store ------------------------------------------------------------
    "delete": ("Wis een klant helemaal: elk interview en concept, ook uit de vrije ruimte van het opslagbestand (op een "
               "PostgreSQL-server: de tabellen worden herschreven, zodat hij ook uit hun bestanden weg is).\n\n"
               "Vraagt eerst; --yes slaat de vraag over. De vragenlijsten blijven (ze bevatten geen persoonsgegevens). Een naam die "
               "meer dan één klant heeft, wordt geweigerd, met wie het zijn, tot --organisation of het klant-id zegt welke. "
               "--interview ID wist in plaats daarvan één interview, even grondig. Afsluitcodes: 0 gewist · 1 niet gevonden, geweigerd "
               "of niet samengeperst · 3 het wissen is nog niet compleet (een ander programma houdt de opslag open) · 130 gestopt.",
               "Erase a customer completely: every interview and draft, also from the store file's free space (on a PostgreSQL "
               "server: the tables are rewritten, so he is gone from their files).\n\n"
               "Asks first; --yes skips the question. The question sets stay (they hold no personal data). A name that more than "
               "one customer has is refused, with who they are, until --organisation or the customer id says which one. "
               "--interview ID erases one interview instead, as completely. Exit codes: 0 erased · 1 not found, refused or not "
               "compacted · 3 the erasure is not complete yet (another program holds the store open) · 130 stopped."),
    "delete NAME": ("De naam (hoofdletters maken niet uit) of het id van de klant.", "The customer's name (any case) or id."),
    "delete --yes": ("Wissen zonder te vragen (voor scripts).", "Erase without asking (for scripts)."),
    "delete --interview": ("Wis alleen dit ene interview (zijn id: klantprofiel history NAAM).",
                           "Erase only this one interview (its id: klantprofiel history NAME)."),
    "rename": ("Geef een klant een andere naam om mee getoond te worden (een typefout, een getrouwde naam); zijn id en alles wat "
               "opgeslagen is, blijven van hem.\n\n"
               "klantprofiel houdt de naam zoals hij het eerst getypt werd; latere spellingen (andere hoofdletters, een import met "
               "zijn externe id) veranderen hem niet. Dit wel.",
               "Give a customer another name to be shown by (a typo, a married name); his id and everything stored stay his.\n\n"
               "klantprofiel keeps the name as it was first typed; later spellings (other case, an import with his external id) do "
               "not change it. This does."),
    "rename NEW_NAME": ("De naam waaronder hij vanaf nu getoond wordt.", "The name to show him by from now on."),
    "feedback": ("Leg vast of een regel van het profiel hielp: `show` markeert de regels die onjuist genoemd zijn, `export -c` draagt "
                 "de feedback over, en `klantprofiel questions feedback` vertelt een trainer welke regels het vaakst onjuist genoemd "
                 "worden.",
                 "Record whether a line of the profile helped: `show` marks the lines called wrong, `export -c` hands the feedback "
                 "over, and `klantprofiel questions feedback` tells a trainer which rules are called wrong most."),
    "feedback LINE": ("Het id van de regel, set.regel (onder elke regel getoond door: klantprofiel show NAAM --why).",
                      "The line's id, set.rule (shown under each line by: klantprofiel show NAME --why)."),
    "feedback VERDICT": ("useful: hij hielp; wrong: hij paste niet bij hem.", "useful: it helped; wrong: it did not fit him."),
    "feedback --note": ("Wat er niet klopte, of wat hielp, in een zin.", "What was wrong, or what helped, in a sentence."),
    "store": ("Werk met een opslag als geheel: kopieer hem naar een andere (SQLite en PostgreSQL, beide kanten op).",
              "Work on a store as a whole: copy it to another (SQLite and PostgreSQL, either way)."),
    "store copy": ("Kopieer een hele opslag naar een lege (een bestand of PostgreSQL, beide kanten op), met elk id.\n\n"
                   "Elke klant, elk interview, concept, importrecord, elke feedback en kopie van een vragenlijst, met hun ids en "
                   "uids: zo verhuist een team zijn opslag naar een PostgreSQL-server, of terug naar een bestand. Alles komt aan, of "
                   "niets; VAN wordt alleen gelezen.",
                   "Copy a whole store into an empty one (a file or PostgreSQL, either way), every id kept.\n\n"
                   "Every customer, interview, draft, import record, feedback and question-set copy, with their ids and uids: how a "
                   "team moves its store to a PostgreSQL server, or back into a file. All of it lands, or nothing; FROM is only "
                   "read."),
    "store copy SOURCE": ("De opslag om te kopiëren: een bestand, of postgresql://… .", "The store to copy: a file, or postgresql://… ."),
    "store copy DESTINATION": ("Een lege opslag om in te kopiëren (gemaakt als hij er niet is): een bestand, of postgresql://… .",
                               "An empty store to copy into (made if it is not there): a file, or postgresql://… ."),
    # --- list ---------------------------------------------------------------------------------------
    "list": ("Toon de klanten, wie je het laatst sprak eerst: naam, organisatie, laatste gesprek, interviews, hoe goed bekend.\n\n"
             "Op het scherm een pagina van 30, en dan hoeveel het er zijn; --limit N of --all toont meer. Teksten passen ongeacht "
             "hoofdletters of accenten (\"ella\" vindt \"Ëlla\"). --format json geeft één array, jsonl één object per regel, van elke "
             "klant die past (--limit om af te kappen), met de sleutels name, organisation, interviews, last_interview (wanneer zijn "
             "laatste interview opgeslagen werd), known, total (van dat interview) en last_met (de laatste gespreksdatum, anders de "
             "dag van opslaan).",
             "List the customers, most recently met first: name, organisation, last meeting, interviews, how well known.\n\n"
             "On screen a page of 30, then how many there are; --limit N or --all shows more. Texts match without regard to case "
             "or accents (\"ella\" finds \"Ëlla\"). --format json prints one array, jsonl one object per line, of every customer that "
             "matches (--limit to cut), with the keys name, organisation, interviews, last_interview (when his latest interview was "
             "stored), known, total (of that interview) and last_met (the latest meeting date, else the day stored)."),
    "list --limit": ("Toon er zoveel. Standaard: 30 op het scherm, alle met --format json of jsonl.",
                     "Show this many. Default: 30 on screen, all with --format json or jsonl."),
    "list --all": ("Toon elke klant; op een terminal via je pager ($PAGER, anders less).",
                   "Show every customer; on a terminal through your pager ($PAGER, else less)."),
    "list --since": ("Alleen klanten gesproken op of na DATUM (JJJJ-MM-DD).", "Only customers met on or after DATE (YYYY-MM-DD)."),
    "list --organisation": ("Alleen klanten wier organisatie TEKST bevat.", "Only customers whose organisation contains TEXT."),
    "list --search": ("Alleen klanten wier naam of organisatie TEKST bevat.", "Only customers whose name or organisation contains TEXT."),
    "list --sort": ("last (wie je het laatst sprak eerst), name (naam), of known (best bekend eerst).",
                    "last (most recently met first), name, or known (best known first)."),
    "list --format": ("rich (op het scherm), json (één array) of jsonl (één klant per regel).",
                      "rich (on screen), json (one array) or jsonl (one customer per line)."),
    "list --json": ("Hetzelfde als --format json.", "The same as --format json."),
    # --- history, diff ------------------------------------------------------------------------------
    "history": ("Toon de interviews van een klant, het oudste eerst: datum, vragenlijst, verkoper, hoe goed bekend, id; daarna zijn "
                "concepten (interviews die niet af zijn), als zodanig gemarkeerd.\n\n"
                "--json geeft een array van objecten met de sleutels id, question_set, set_title, set_version, date (de gespreksdatum, "
                "anders de dag van opslaan), created_at, salesperson, knownness (known, total, ratio, level) en import_id (de import "
                "die het opsloeg, anders null).",
                "List a customer's interviews, oldest first: date, question set, salesperson, how well known, id; then his drafts "
                "(interviews not finished), marked as such.\n\n"
                "--json prints an array of objects with the keys id, question_set, set_title, set_version, date (the meeting date, "
                "else the day stored), created_at, salesperson, knownness (known, total, ratio, level) and import_id (the import "
                "that stored it, else null)."),
    "diff": ("Toon wat er veranderde tussen twee interviews van één vragenlijst: antwoorden, profielregels, hoe goed bekend.\n\n"
             "Standaard wordt het laatste interview van de klant vergeleken met het vorige van dezelfde vragenlijst. Geef een "
             "interview-id om vanaf dat interview te beginnen, of twee ids om precies die te vergelijken. --json geeft samenvattingen "
             "voor en na, nieuw bekende en gewijzigde antwoorden, en regels erbij en eraf.",
             "Show what changed between two interviews of one set: answers, profile lines, how well known.\n\n"
             "By default the customer's latest interview is compared with the one of the same set before it. Give an interview id "
             "to start from that interview, or two ids to compare exactly those. --json prints before/after summaries, newly_known "
             "and changed answers, added and dropped lines."),
    "diff CUSTOMER": ("Naam of id van de klant, of een interview-id.", "Customer name or id, or an interview id."),
    "diff OTHER": ("Een tweede interview-id: vergelijk NAAM|ID (dan een id) met dit.",
                   "A second interview id: compare NAME|ID (then an id) with this one."),
    "diff --set": ("Vergelijk de laatste twee interviews van deze vragenlijst (standaard: de vragenlijst van het laatste interview).",
                   "Compare the last two interviews of this set (default: the set of the latest interview)."),
}
"""Every help text by where it shows (see above); `tests/test_one_language.py` holds every command to it."""
