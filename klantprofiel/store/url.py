"""A store named by a URL: which kind of store it is, and how it is shown without its password.

`--db` and KLANTPROFIEL_DB take a file path (the embedded SQLite store) or a PostgreSQL URL
(`postgresql://` or `postgres://`, the team store). A URL may carry a password
(`postgresql://sanne:geheim@host/db`, or `?password=geheim`); every message that names the store
shows it through `masked`, the one place that hides it, so no error, hint or summary prints it.
Whether the PostgreSQL store's driver is there (`require_driver`) is asked here too, apart from that
store's package: the file store's path says it as well, and imports no backend to do so.
"""

from __future__ import annotations

import importlib.util
import re
from urllib.parse import unquote

from klantprofiel.errors import UsageError

POSTGRES_SCHEMES = ("postgresql", "postgres")

_URL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]+):/+([^/?#]*)")
"""`postgresql://…`, `sqlite:///…`, also as a Path has folded it (`postgres:/…`) or after a space
pasted with it (never a file name then: `No store at  postgresql:/sanne:geheim@…`); `C:/…` is a
drive. Its second group is what comes between the scheme and the path: user, password, host, port."""
_USERINFO_PASSWORD = re.compile(r"(:/{1,2}[^/@:\s]*):\S*@")
"""`//user:password@` in a URL, up to its last `@`: a password typed with an `@` or `/` not
escaped (`sanne:ge@heim@crm`) is not what libpq reads as one, but hidden whole all the same;
also after one slash (`postgresql:/sanne:geheim@crm`, mistyped or as a Path folds it)."""
_CONNINFO = re.compile(r"^\s*(host|hostaddr|port|dbname|user|password|passfile|service|sslmode|options|application_name"
                       r"|connect_timeout|target_session_attrs)\s*=", re.IGNORECASE)
"""A libpq connection string (`host=… dbname=…`), which --db does not take: only a file path or a URL."""
_PARAMETER_PASSWORD = re.compile(r"((?:[?&]|\b)password=)('[^']*'|[^&\s]*)", re.IGNORECASE)
"""`?password=…` or `&password=…` in a URL, `password=…` in a libpq connection string."""
MASK = "***"


def scheme(raw: str) -> str | None:
    """The URL scheme `raw` starts with (lower case), or None for a file path."""
    found = _URL.match(raw)
    return found.group(1).lower() if found else None


def is_postgres(raw: str) -> bool:
    return scheme(raw) in POSTGRES_SCHEMES


def refuse_unclear(raw: str) -> None:
    """A UsageError for a --db that is not what it seems: a libpq connection string (which would be
    taken for a file name, made, and shown with its password), or a PostgreSQL URL with more than
    one `@` before its path (a password with an `@` unescaped: libpq would take what follows
    the first for the server's name, and say it in its errors)."""
    if _CONNINFO.match(raw):
        raise UsageError("store_is_conninfo", hint="store_is_conninfo_hint", text=masked(raw))
    url = _URL.match(raw)
    if url and url.group(1).lower() in POSTGRES_SCHEMES and url.group(2).count("@") > 1:
        raise UsageError("store_url_at_sign", hint="store_url_at_sign_hint", url=masked(raw))


def masked(text: str, hiding: tuple[str, ...] = ()) -> str:
    """`text` with the password of every URL or connection string in it replaced by ***, and each
    of `hiding` (`passwords` of the URL the text is about) wherever else it stands."""
    text = _PARAMETER_PASSWORD.sub(lambda m: m.group(1) + MASK, _USERINFO_PASSWORD.sub(rf"\1:{MASK}@", text))
    for secret in hiding:
        text = text.replace(secret, MASK)
    return text


def as_libpq_reads(raw: str) -> str:
    """`raw` with its scheme in lower case: a URL's scheme is the same in any case (RFC 3986), but
    libpq takes only `postgresql://` and `postgres://` so for one, and reads `POSTGRES://…` as a
    connection string it cannot parse."""
    found = _URL.match(raw)
    return raw[:found.start(1)] + found.group(1).lower() + raw[found.end(1):] if found else raw


def passwords(raw: str) -> tuple[str, ...]:
    """The passwords a URL carries, as typed and as decoded, longest first. libpq quotes a part it
    cannot decode in its error (`invalid percent-encoded token: "Ge%heim"`), outside any URL, where
    `masked` alone does not see it as one."""
    found: set[str] = set()
    if (userinfo := _USERINFO_PASSWORD.search(raw)) is not None:
        found.add(raw[userinfo.end(1) + 1:userinfo.end() - 1])
    found.update(m.group(2).strip("'") for m in _PARAMETER_PASSWORD.finditer(raw))
    found |= {unquote(p) for p in found}
    return tuple(sorted((p for p in found if p), key=len, reverse=True))


def require_driver(url: str) -> None:
    """Raise the "install klantprofiel[postgres]" error when psycopg cannot be imported."""
    try:
        found = importlib.util.find_spec("psycopg") is not None
    except (ImportError, ValueError):
        found = False
    if found:
        try:
            import psycopg  # noqa: F401 - a psycopg that is there but broken (no libpq) is missing all the same
        except ImportError:
            found = False
    if not found:
        raise UsageError("postgres_driver_missing", hint="postgres_driver_missing_hint", url=masked(url))
