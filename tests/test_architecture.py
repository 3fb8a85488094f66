"""The shape of the code, read from its imports and calls (STYLE.md, "The shape we are moving to").

The core (everything outside cli/, store/ and io/) is the hub: cli/ imports the core, and the
store/ and io/ adapters import the core, never the other way round; no two packages import each
other in a circle. Only cli/ talks to the terminal or ends the program: the core raises a
`UserError` and the CLI turns it into words and an exit code.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import klantprofiel

PACKAGE = Path(klantprofiel.__file__).parent
TERMINAL_LIBRARIES = {"typer", "rich", "questionary", "prompt_toolkit", "click"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_modules_do_not_import_terminal_libraries():
    core = [p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts and p.name != "__main__.py"]
    assert len(core) > 10
    offenders = {str(p.relative_to(PACKAGE)): sorted(imported_roots(p) & TERMINAL_LIBRARIES) for p in core}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_prompts_module_imports_questionary():
    users = [p.name for p in (PACKAGE / "cli").rglob("*.py") if {"questionary", "prompt_toolkit"} & imported_roots(p)]
    assert users == ["prompts.py"]




ENTRY_POINTS = {"klantprofiel.__main__", "klantprofiel.bench"}
"""Programs rather than parts: `python -m klantprofiel` starts the CLI, and the benchmark drives
import, export and the CLI from outside, so each may import anything, print and exit."""

CORE_SIDE_OF_THE_STORE = {"klantprofiel.store.protocol"}
"""What the core knows of the store: the protocol it holds a store by (no SQL, no cursor). It
lives beside the store but belongs to the core: the core may import it, it imports only the core."""

ADAPTERS = ("cli", "store", "io")

MAY_IMPORT = {
    "core": {"core"},
    "store": {"core", "store"},
    "io": {"core", "io"},  # import and export hold the store by its protocol, as the core does
    "cli": {"core", "cli", "store", "io"},
}


def module_name(path: Path) -> str:
    return ".".join(("klantprofiel", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def area(module: str) -> str:
    """'cli', 'store', 'io', 'entry' or 'core'."""
    if module in ENTRY_POINTS:
        return "entry"
    if module in CORE_SIDE_OF_THE_STORE:
        return "core"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ADAPTERS else "core"


def package(module: str) -> str:
    """The package a module belongs to for the cycle check: a sub-package, or a top-level module
    (the core's side of the store counts as its own)."""
    if module in CORE_SIDE_OF_THE_STORE:
        return module.removeprefix("klantprofiel.")
    return module.split(".")[1] if "." in module else "klantprofiel"


def imported_modules(module: str) -> Iterator[tuple[int, str]]:
    """(line, module) for every klantprofiel module `module` imports: at the top, inside a function
    or under TYPE_CHECKING alike. `from klantprofiel.x import y` is the module x.y where y is one."""
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
                base = ".".join([*here[: len(here) - node.level + 1], *([base] if base else [])])
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for name in names:
            if name == "klantprofiel" or name.startswith("klantprofiel."):
                yield node.lineno, max((m for m in MODULES if name == m or name.startswith(m + ".")), key=len, default=name)


def wrong_way_imports() -> dict[tuple[str, str], list[str]]:
    """(from area, to area) -> 'module:line -> module' for each import the table does not allow."""
    found: dict[tuple[str, str], list[str]] = {}
    for module in MODULES:
        source = area(module)
        if source == "entry":
            continue
        for line, target in imported_modules(module):
            if area(target) not in MAY_IMPORT[source]:
                found.setdefault((source, area(target)), []).append(f"{module}:{line} -> {target}")
    return {k: sorted(set(v)) for k, v in found.items()}


def test_the_areas_are_found():
    """The checks below read every module: a wrong path would make them pass on nothing."""
    assert {area(m) for m in MODULES} == {"core", "cli", "store", "io", "entry"}
    assert sum(1 for m in MODULES if area(m) == "core") > 20
    assert ("klantprofiel.cli.app" in {t for _, t in imported_modules("klantprofiel.__main__")})


def test_no_import_points_away_from_the_core():
    """The core imports no adapter, the store does not import io, and nothing imports the CLI or
    an entry point: the imports the table does not allow, by (from area, to area)."""
    assert wrong_way_imports() == {}


LAYERS = (
    ("leaves", {"klantprofiel", "errors", "i18n", "messages", "names", "who_when", "dates", "printable", "pronouns", "shapes",
                "validation", "folding", "in_use", "parser_words"}),
    ("domain", {"kinds", "questionset", "answers", "profile", "identity", "store.protocol"}),
    ("work", {"interview", "customer", "feedback", "io", "store"}),
    ("cli", {"cli"}),
)
"""The direction of every import, as the README's "For developers" draws it: a package imports its
own layer and those below it, never one above. Leaves know nothing of a question set; the domain
(record, kinds, rules, derivation, who a customer is, what a store is) knows no interview, file
format or backend; the work on it (the interview flow, a customer's picture, import and export,
the SQLite store) knows no terminal; the CLI may use them all."""
ADAPTERS_BESIDE_THE_WORK = {"store"}
"""An adapter at the work layer that uses only what is below it: a backend runs no interview,
reads no file and builds no customer's picture. (io writes a draft as a note, so it reads the
interview's state.)"""


def layer(package_name: str) -> int:
    return next(i for i, (_, members) in enumerate(LAYERS) if package_name in members)


def upward_imports() -> list[str]:
    """'module:line -> module' for each import of a package above the importer's layer, or of
    another package of the work layer by an adapter beside it."""
    found = []
    for module in MODULES:
        source = package(module)
        if area(module) == "entry":
            continue
        for line, target in imported_modules(module):
            goal = package(target)
            if goal == source:
                continue
            if layer(goal) > layer(source) or (source in ADAPTERS_BESIDE_THE_WORK and layer(goal) == layer(source)):
                found.append(f"{module}:{line} -> {target}")
    return sorted(set(found))


def test_every_package_has_a_layer():
    """A new package (or top-level module) is placed in LAYERS, and so in the README's drawing."""
    packages = {package(m) for m in MODULES if area(m) != "entry"}
    placed = set().union(*(members for _, members in LAYERS))
    assert packages - placed == set()
    assert placed - packages == set(), "a layer names a package that is gone"


def test_every_import_points_down_the_layers():
    assert upward_imports() == []


DOMAIN_ORDER = ("identity", "store.protocol", "profile", "answers", "questionset", "kinds")
"""Inside the domain, one way, as the README draws it: each imports only those after it (a
question kind knows no question set, no answers and no profile)."""


def test_the_domain_points_one_way():
    assert set(DOMAIN_ORDER) == dict(LAYERS)["domain"]
    backward = sorted(f"{module}:{line} -> {target}" for module in MODULES if package(module) in DOMAIN_ORDER
                      for line, target in imported_modules(module)
                      if package(target) in DOMAIN_ORDER and DOMAIN_ORDER.index(package(target)) < DOMAIN_ORDER.index(package(module)))
    assert backward == []


SQLITE_STORE = {f"klantprofiel.store.{name}" for name in (
    "connection", "customers", "db", "erase", "feedback", "identity", "imports", "interviews", "location", "migrations", "sqlite_tables")}
"""The SQLite store's own modules: its file, its connection, its migrations, its statements."""
POSTGRES_STORE = {m for m in MODULES if m.startswith("klantprofiel.store.postgres")}
"""The PostgreSQL store's own modules (store/postgres/)."""
BOTH_STORES = {f"klantprofiel.store.{name}" for name in (
    "busy", "completion", "copy", "factory", "import_placer", "lookups", "matcher", "protocol", "recount", "rows", "url", "watch")}
"""What both backends share: the protocol, the rows and statements they keep alike, the settings
they read alike, and what picks one of them."""
PICKERS = {"klantprofiel.store", "klantprofiel.store.factory", "klantprofiel.store.copy"}
"""Shared modules that name a backend: the one that opens a store by what --db names
(`factory`), `store copy`, which reads one store and writes another, and the package, which
keeps `store.Store` as the SQLite store for scripts written before there were two."""


def backend_crossings() -> list[str]:
    """'module:line -> module' for each import of one backend by the other, or of either by a
    module they share (other than the PICKERS): through it, one backend would load the other."""
    found = []
    for module in MODULES:
        if module in POSTGRES_STORE:
            forbidden = SQLITE_STORE
        elif module in SQLITE_STORE:
            forbidden = POSTGRES_STORE
        elif module in BOTH_STORES - PICKERS:
            forbidden = SQLITE_STORE | POSTGRES_STORE
        else:
            continue
        found += [f"{module}:{line} -> {target}" for line, target in imported_modules(module) if target in forbidden]
    return sorted(set(found))


def test_every_module_of_the_store_belongs_to_a_backend_or_both():
    """A new module of store/ is placed: in one backend, or shared by both (and then it imports neither)."""
    store = {m for m in MODULES if m.startswith("klantprofiel.store.")}
    assert store - SQLITE_STORE - POSTGRES_STORE - BOTH_STORES == set()
    assert (SQLITE_STORE | BOTH_STORES) - store == set(), "a backend names a module that is gone"
    assert not SQLITE_STORE & BOTH_STORES


def test_the_backend_check_sees_what_it_looks_for():
    """It reads imports inside functions too: `store copy` opens either backend only when run."""
    lazily = {target for _, target in imported_modules("klantprofiel.store.copy")}
    assert {"klantprofiel.store.interviews", "klantprofiel.store.postgres.tables"} <= lazily
    assert "klantprofiel.store.rows" in {target for _, target in imported_modules("klantprofiel.store.postgres.store")}


def test_neither_store_imports_the_other():
    """What both dialects need lives in a module of store/ they share (rows.py, import_placer.py,
    matcher.py, busy.py, lookups.py, ...), not in one backend that the other reaches into."""
    assert backend_crossings() == []


def package_cycles() -> list[list[str]]:
    """Each circle of packages that import each other (a strongly connected group, by Tarjan's
    algorithm), as the imports that make it up."""
    graph: dict[str, set[str]] = {}
    imports: dict[tuple[str, str], set[str]] = {}
    for module in MODULES:
        for line, target in imported_modules(module):
            if package(target) != package(module):
                graph.setdefault(package(module), set()).add(package(target))
                imports.setdefault((package(module), package(target)), set()).add(f"{module}:{line} -> {target}")
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []
    counter = itertools.count()

    def visit(v: str) -> None:
        order[v] = low[v] = next(counter)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in order:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], order[w])
        if low[v] == order[v]:
            component = [stack.pop()]
            while component[-1] != v:
                component.append(stack.pop())
            if len(component) > 1:
                cycles.append(sorted(i for a in component for b in component for i in imports.get((a, b), ())))

    for v in sorted(graph):
        if v not in order:
            visit(v)
    return cycles


def test_no_packages_import_each_other_in_a_circle():
    assert package_cycles() == []


def _qualname(tree: ast.Module, target: ast.AST) -> str:
    """The function (or method) a node sits in, as `Class.method`; '' at module level."""
    def walk(node: ast.AST, names: list[str]) -> str | None:
        for child in ast.iter_child_nodes(node):
            if child is target:
                return ".".join(names)
            inner = names + [child.name] if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) else names
            if (found := walk(child, inner)) is not None:
                return found
        return None
    return walk(tree, []) or ""


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


ENDING = {"exit", "quit", "sys.exit", "os._exit", "os.abort"}
TALKING = {"print", "input", "breakpoint", "pprint", "pprint.pprint", "getpass", "getpass.getpass", "os.system"}
STREAMS = {"sys.stdout", "sys.stderr", "sys.stdin", "sys.__stdout__", "sys.__stderr__", "sys.__stdin__"}

ALLOWED = {
    ("klantprofiel/io/parallel.py", "_end_with"): "ends a forked worker whose parent is gone, not the program",
    ("klantprofiel/io/parallel.py", "_serve"): "ends an export worker after handing its error to the parent",
    ("klantprofiel/io/parallel.py", "written_in_turn"): "flushes the standard streams before forking, so a worker "
                                                         "does not write again what the parent still holds",
}
"""Where the core may touch what it otherwise leaves to the CLI, and why."""


def terminal_uses(path: Path) -> list[str]:
    """'file:line what' for each call that ends the program or talks to the terminal, each
    `raise SystemExit` and each use of the standard streams."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = str(path.relative_to(PACKAGE.parent))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _dotted(node.func) in ENDING | TALKING:
            what = _dotted(node.func) + "()"
        elif isinstance(node, ast.Raise) and node.exc is not None and "SystemExit" in ast.unparse(node.exc):
            what = "raise SystemExit"
        elif isinstance(node, ast.Attribute) and _dotted(node) in STREAMS:
            what = _dotted(node)
        else:
            continue
        if (rel, _qualname(tree, node)) not in ALLOWED:
            found.append(f"{rel}:{node.lineno} {what}")
    return found


def test_the_terminal_check_sees_what_it_looks_for():
    sample = PACKAGE / "cli" / "app.py"
    assert terminal_uses(sample), "the CLI ends the program somewhere; the check must see it"


def test_only_the_cli_ends_the_program_or_talks_to_the_terminal():
    """No print, input, sys.exit, exit(), os._exit, raise SystemExit or sys.stdout/stderr/stdin
    outside cli/ and the entry points: the core raises a UserError instead."""
    core = [p for m, p in MODULES.items() if area(m) not in ("cli", "entry")]
    assert [use for p in core for use in terminal_uses(p)] == []


CONVENTIONS = {"KIND": "each module of kinds/ names its kind so", "register": "each cli/commands_*.py adds its commands so",
               "main": "an entry point (the CLI, the benchmark)"}
"""Public names that several modules define on purpose, each for the same role."""


def public_names() -> dict[str, list[str]]:
    """Each public name defined at the top of a module of the package, and the modules defining it."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            else:
                continue
            for name in names:
                if not name.startswith("_"):
                    found.setdefault(name, []).append(str(path.relative_to(PACKAGE)))
    return found


def test_a_public_name_means_one_thing():
    """Three `Strict` model bases, two `UNKNOWN`s and two `describe`s made a reader guess which one
    a module meant; a name defined twice is now a failure, unless it is a convention."""
    shared = {name: paths for name, paths in public_names().items() if len(paths) > 1}
    assert {name: paths for name, paths in shared.items() if name not in CONVENTIONS} == {}



def kind_name_tests(source: str) -> list[str]:
    """'line: code' for each comparison of a kind (`q.kind`, a variable `kind`) with the name of
    a question kind: a string if/elif on kinds, which the kind itself should answer
    (`kinds.of(q).many`, `.picks`, `.quotes`, ...). A rule's kind ("approach", "ask") is no question kind."""
    from klantprofiel.kinds import NAMES

    def names_a_kind(node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return node.value in NAMES
        return isinstance(node, ast.Tuple | ast.List | ast.Set) and any(names_a_kind(e) for e in node.elts)

    def is_a_kind(node: ast.AST) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == "kind") or (isinstance(node, ast.Name) and node.id == "kind")

    return [f"{node.lineno}: {ast.unparse(node)}" for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Compare) and any(map(is_a_kind, [node.left, *node.comparators]))
            and any(map(names_a_kind, [node.left, *node.comparators]))]


def test_the_kind_check_sees_what_it_looks_for():
    sample = 'a = q.kind == "multi"\nb = kind in ("choice", "multi")\nc = "text" != question.kind\nd = r.kind == "approach"\n'
    assert [hit.split(":")[0] for hit in kind_name_tests(sample)] == ["1", "2", "3"]


def test_nothing_outside_kinds_asks_which_kind_a_question_is():
    """A new kind is one module of kinds/ plus its tests (README "For developers"): a
    `kind == "choice"` chain elsewhere would give it that chain's default instead of its own behaviour."""
    outside = {m: p for m, p in MODULES.items() if m != "klantprofiel.kinds" and not m.startswith("klantprofiel.kinds.")}
    assert len(outside) > 50
    assert {m: hits for m, p in outside.items() if (hits := kind_name_tests(p.read_text(encoding="utf-8")))} == {}


def readme_drawing() -> str:
    """The README's drawing of the layers ("For developers"): the code block after "Every import points down"."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")  # the checkout's: the package is tested installed
    after = readme[readme.index("Every import points down this drawing"):]
    return after.split("```")[1]


def _as_package(word: str) -> str:
    """'store/protocol.py' -> 'store.protocol', 'interview/' -> 'interview', as `package` names them."""
    return word.strip().strip("(),;`").rstrip("/").removesuffix(".py").replace("/", ".")


def test_the_readme_draws_every_package_in_its_layer():
    """Each band of the drawing (cut by its ▼ arrows, top down) names the packages of its layer on
    its unindented lines: a package placed in LAYERS but drawn elsewhere, or not at all, is a
    README that no longer tells a newcomer the truth (parser_words was missing)."""
    bands = [[_as_package(w) for line in band.splitlines() if line[:1].strip() for w in line.replace("·", " ").split()]
             for band in re.split(r"\n.*▼.*\n", readme_drawing())]
    assert len(bands) == len(LAYERS)
    for (name, members), drawn in zip(reversed(LAYERS), bands, strict=True):
        assert members - {"klantprofiel"} - set(drawn) == set(), name


def test_the_readme_draws_the_domain_order():
    line = readme_drawing().split("DOMAIN_ORDER):", 1)[1].split("(a kind", 1)[0]
    assert tuple(_as_package(w) for w in line.split("─►")) == DOMAIN_ORDER
