"""A throwaway PostgreSQL server for the tests: made in a temporary folder, reached only through
a Unix socket in that folder, stopped and removed at the end (also when a test fails).

`initdb` and `pg_ctl` refuse to run as root, so as root (CI, these machines) the server runs as
an unprivileged user (Debian's `postgres`, else `nobody`) that owns the folder. The server
binaries come from `pg_config --bindir`, else from Debian's versioned folder
(/usr/lib/postgresql/N/bin, off PATH). `Cluster.find()` says why none can be used, so the tests
can skip with that reason, or fail with it under CI.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ADMIN = "kp_admin"
"""The cluster's superuser: makes the databases and roles, reads back what the tests check."""
ROLE = "sanne"
"""The role a test's store connects as: a salesperson who owns her database, nothing more."""
PASSWORD_ROLE = "kp_password"
"""The one role that must give a password (scram-sha-256): the credential tests' (`password_role`)."""
PASSWORD = "Geh31m-wachtwoord"
UNPRIVILEGED = ("postgres", "nobody")
BINDIR_ENV = "KLANTPROFIEL_PG_BINDIR"
"""Where to take the server binaries from instead of looking for them."""


def server_binaries() -> tuple[Path | None, str]:
    """The folder with initdb, pg_ctl and postgres, or None and why not."""
    # $KLANTPROFIEL_PG_BINDIR: this folder and no other (the harness's own tests name one without them)
    candidates = [os.environ[BINDIR_ENV]] if BINDIR_ENV in os.environ else _installed_binaries()
    for folder in candidates:
        if folder and all((Path(folder) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(folder), ""
    return None, ("no PostgreSQL server binaries (initdb, pg_ctl, postgres) found by pg_config --bindir or in /usr/lib/postgresql/*/bin"
                  + (f" ({BINDIR_ENV}={os.environ[BINDIR_ENV]})" if BINDIR_ENV in os.environ else "")
                  + "; install Debian's postgresql package to run the PostgreSQL store tests")


def _installed_binaries() -> list[str]:
    candidates = []
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        candidates.append(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=10, check=True).stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                         reverse=True)
    return candidates


def _server_user() -> str | None:
    """Whom to run the server as: ourselves, unless we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in UNPRIVILEGED:
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root, and neither of the users postgres or nobody exists to run a test PostgreSQL server as")


@dataclass
class Cluster:
    bindir: Path
    root: Path
    """Holds data/, the socket and the log; removed by `stop`."""
    user: str | None
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator[Cluster]:
        """initdb, start; stop and remove on the way out, whatever happened in between."""
        bindir, why = server_binaries()
        if bindir is None:
            raise FileNotFoundError(why)
        user = _server_user()
        root = Path(tempfile.mkdtemp(prefix="kp-pg-"))  # short: a socket path must fit in 107 bytes
        cluster = cls(bindir, root, user)
        try:
            if user is not None:
                entry = pwd.getpwnam(user)
                os.chown(root, entry.pw_uid, entry.pw_gid)
            cluster._server("initdb", "-D", str(cluster.data), "--locale=C.UTF-8", "-E", "UTF8", "-A", "trust", "-U", ADMIN, "--no-sync")
            (cluster.data / "pg_hba.conf").write_text(f"local all {PASSWORD_ROLE} scram-sha-256\nlocal all all trust\n")
            options = (f"-c listen_addresses='' -c unix_socket_directories='{root}' -c fsync=off -c synchronous_commit=off "
                       "-c full_page_writes=off -c max_connections=60")
            cluster._server("pg_ctl", "-D", str(cluster.data), "-w", "-t", "60", "-l", str(root / "server.log"), "-o", options, "start")
            yield cluster
        finally:
            cluster.stop()

    def _server(self, tool: str, *args: str) -> None:
        try:
            as_user = {} if self.user is None else {"user": self.user, "group": pwd.getpwnam(self.user).pw_gid, "extra_groups": []}
            subprocess.run([str(self.bindir / tool), *args], check=True, capture_output=True, text=True, timeout=120, cwd=self.root,
                           stdin=subprocess.DEVNULL, **as_user)
        except subprocess.CalledProcessError as e:
            log = self.root / "server.log"
            raise RuntimeError(f"{tool} failed: {e.stderr or e.stdout}" + (log.read_text() if log.exists() else "")) from None

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError, subprocess.SubprocessError):
                self._server("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    # --- what the tests use -----------------------------------------------------------------

    def url(self, database: str, role: str = ROLE, password: str | None = None) -> str:
        """A URL for the store: the socket folder as `host=` (a path in the host part of a URL
        would silently mean the default socket)."""
        who = quote(role) + (f":{quote(password)}" if password else "")
        return f"postgresql://{who}@/{quote(database)}?host={quote(str(self.socket_dir))}"

    def admin(self, database: str = "postgres"):
        """A psycopg connection as the superuser, autocommit."""
        import psycopg
        return psycopg.connect(host=str(self.socket_dir), dbname=database, user=ADMIN, autocommit=True)

    def new_database(self, role: str = ROLE) -> str:
        """A new, empty database owned by `role` (made if it is not there), as a test's store."""
        name = f"store_{next(self._names)}"
        with self.admin() as conn:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                conn.execute(f'CREATE ROLE "{role}" LOGIN')
            conn.execute(f'CREATE DATABASE "{name}" OWNER "{role}" TEMPLATE template0')
        return name

    def password_role(self, database: str) -> tuple[str, str]:
        """The role that logs in with a password only, allowed into `database`: (role, password)."""
        with self.admin() as conn:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (PASSWORD_ROLE,)).fetchone() is None:
                conn.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'")
        with self.admin(database) as conn:
            conn.execute(f"GRANT ALL ON SCHEMA public TO {PASSWORD_ROLE}")
        return PASSWORD_ROLE, PASSWORD

    def relation_files(self, database: str) -> list[Path]:
        """Every file of that database's tables and indexes, after a CHECKPOINT wrote what the
        server held in memory: where an erased name must be absent."""
        with self.admin(database) as conn:
            conn.execute("CHECKPOINT")
            oid = conn.execute("SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()[0]
        return sorted(p for p in (self.data / "base" / str(oid)).iterdir() if p.is_file())
