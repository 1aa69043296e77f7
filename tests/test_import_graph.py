"""The import graph of src/trialstats, read from the import statements with ast: no circle,
no arrow running up a layer, no importlib between layers.

One upward arrow is allowed, as shared/DESIGN.md says: an engine result object's ``.plot()``
convenience may delegate to ``plots.py``, through an import inside that method (lazy, so the
engine never loads matplotlib on import). A module-level import of ``plots`` from the engine is
still refused.

``trialstats/__init__.py`` is the lazy export table: it imports each module on first use of
one of its names, with the import written out in ``_module`` (no importlib, which no module may
use), so every arrow is visible. It sits above every layer and is left out of the layer check.
"""

from __future__ import annotations

import ast
from pathlib import Path

import trialstats

SRC = Path(trialstats.__file__).resolve().parent

# layer of each top-level module or package (bottom = 0); see COMMON brief / DESIGN.md
BASE = {"printed", "results", "_validate", "_rootfind", "_scipy_stats"}
TOP = {
    "cli": 6,
    "report": 6,
    "__main__": 7,
    "scanning": 5,
    "claims": 4,
    "data": 3,
    "ctgov": 3,
    "_datapackage": 3,
    "plots": 2,
}
# inside claims/: bottom to top
CLAIMS = [
    "_html",
    "model",
    "figures",
    "lexicon",
    "context",
    "verdict",
    "kinds",
    "loading",
    "verifying",
    "render",
    "__init__",
]


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    return ".".join(rel.parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mod = _module_name(path).split(".")
    package = mod if path.name == "__init__.py" else mod[:-1]
    if path.name == "__init__.py":
        package = mod[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
                names = [".".join([*target, a.name]) for a in node.names]
                submodules = {n for n in names if _exists(n)}
                # ``from . import sibling`` names a module, not the package's own __init__
                whole = node.module is None and len(submodules) == len(names)
                out |= submodules if whole else {".".join(target)} | submodules
            elif node.module and node.module.startswith("trialstats"):
                out.add(node.module.removeprefix("trialstats").lstrip("."))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "importlib":
                    raise AssertionError(f"{path}: importlib between layers")
                if a.name.startswith("trialstats."):
                    out.add(a.name.removeprefix("trialstats."))
    return {o.removesuffix(".__init__") for o in out if o}


def _exists(dotted: str) -> bool:
    p = SRC.joinpath(*dotted.split("."))
    return p.with_suffix(".py").is_file() or (p / "__init__.py").is_file()


def _lazy_plot_imports(path: Path) -> bool:
    """True when every import of ``plots`` in the file sits inside a function body."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inside |= {id(n) for n in ast.walk(fn)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "plots":
            if id(node) not in inside:
                return False
    return True


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in SRC.rglob("*.py"):
        if path == SRC / "__init__.py":
            continue
        name = _module_name(path).removesuffix(".__init__")
        graph[name] = {t for t in _imports(path) if _exists(t) and t != name}
    return graph


def _rank(name: str) -> tuple[int, int]:
    parts = name.split(".")
    top = parts[0]
    if top == "claims":
        sub = parts[1] if len(parts) > 1 else "__init__"
        return 4, CLAIMS.index(sub) if sub in CLAIMS else 0
    if top in TOP:
        return TOP[top], 0
    return (0 if top in BASE else 1), 0


def test_no_arrow_runs_up_a_layer():
    bad = []
    for a, targets in _graph().items():
        for b in targets:
            ra, rb = _rank(a), _rank(b)
            same_package = a.split(".")[0] == b.split(".")[0] and a.split(".")[:2] == b.split(".")[:2]
            delegating_plot = b == "plots" and ra[0] <= 1 and _lazy_plot_imports(
                SRC.joinpath(*a.split(".")).with_suffix(".py")
            )
            if rb > ra and not delegating_plot and not (
                same_package and a.startswith("claims.kinds") and b.startswith("claims.kinds")
            ):
                bad.append(f"{a} -> {b}")
    assert not bad, bad


def test_no_circles():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(n: str, trail: list[str]) -> None:
        state[n] = 1
        for m in graph.get(n, ()):
            if state.get(m) == 1:
                raise AssertionError("import circle: " + " -> ".join([*trail, n, m]))
            if m not in state:
                visit(m, [*trail, n])
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [])


def test_the_export_table_imports_by_statement():
    """Every module the lazy export table names has its own written-out import."""
    text = (SRC / "__init__.py").read_text(encoding="utf-8")
    assert "importlib" not in text and "__import__" not in text
    for module in set(trialstats._EXPORTS.values()):
        assert f"from . import {module}\n" in text, module


def test_claims_call_the_engine_by_plain_imports():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "claims").rglob("*.py"))
    assert "importlib" not in text and "getattr(claims_kinds" not in text and 'engine("' not in text
