"""The package layout is the pipeline: imports only run from a later stage to an earlier one.

The allowed directions are written once, here (:data:`ALLOWED`), and ``docs/architecture.md`` names every
package; both are checked against the code.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quizgen"
ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"

ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "load": frozenset({"core"}),
    "checks": frozenset({"core", "load"}),
    "assemble": frozenset({"core", "load", "checks"}),
    "writers": frozenset({"core", "load", "assemble"}),
    "build": frozenset({"core", "load", "checks", "assemble", "writers"}),
    "selftest": frozenset({"core", "load", "checks", "assemble"}),
    "draft": frozenset({"core", "load"}),
    "review": frozenset({"core", "load", "checks", "draft"}),
    "api": frozenset(
        {"core", "load", "checks", "assemble", "writers", "build", "selftest", "draft", "review"}
    ),
    "cli": frozenset({"core", "api"}),
    "__init__": frozenset({"core", "load", "checks", "review", "api"}),
    "__main__": frozenset({"cli"}),
}
"""For each stage (a subpackage, or a top-level module), the stages it may import. A module may always import
its own stage."""


def stage_of(module: str) -> str:
    """``quizgen.load.bank`` -> ``load``; ``quizgen.api`` -> ``api``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path) -> list[tuple[int, str]]:
    """Every quizgen module ``path`` imports, anywhere in it (also inside functions), with its line."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "quizgen":
                found += [(node.lineno, f"quizgen.{a.name}") for a in node.names]
            elif node.module.startswith("quizgen."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("quizgen.")]
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "relative import"))
    return found


def violations(package: Path) -> list[str]:
    """``path:line: stage imports module`` for every import the table does not allow."""
    out = []
    for path in sorted(package.rglob("*.py")):
        shown = path.relative_to(package.parent)
        rel = path.relative_to(package).with_suffix("")
        src = rel.parts[0]  # the subpackage, or the top-level module itself
        if src not in ALLOWED:
            out.append(f"{shown}:1: {src} is not a stage in ALLOWED: add it, with its place in the pipeline")
            continue
        for line, module in imports(path):
            if module == "relative import":
                out.append(f"{shown}:{line}: relative import (write quizgen.… in full)")
                continue
            dst = stage_of(module)
            if dst != src and dst not in ALLOWED[src]:
                out.append(f"{shown}:{line}: {src} imports {module} ({dst} is not upstream of {src})")
    return out


def test_imports_only_run_upstream() -> None:
    assert violations(PACKAGE) == []


def test_a_planted_backwards_import_is_found(tmp_path: Path) -> None:
    copy = tmp_path / "quizgen"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    text = copy / "core" / "text.py"
    text.write_text(text.read_text("utf-8") + "\n\ndef _late() -> None:\n    from quizgen.build import run\n")
    sibling = copy / "selftest" / "pool.py"
    sibling.write_text(sibling.read_text("utf-8") + "\nfrom quizgen.draft import drafts\n")
    planted = sorted(set(violations(copy)) - set(violations(PACKAGE)))
    assert len(planted) == 2
    assert "quizgen/core/text.py:" in planted[0]
    assert "core imports quizgen.build (build is not upstream of core)" in planted[0]
    assert "selftest imports quizgen.draft (draft is not upstream of selftest)" in planted[1]


def test_every_stage_is_acyclic() -> None:
    # A table with a cycle would let two stages import each other and the folders would no longer read as a flow.
    seen: dict[str, int] = {}

    def depth(stage: str, trail: tuple[str, ...] = ()) -> int:
        assert stage not in trail, f"cycle: {' -> '.join((*trail, stage))}"
        if stage not in seen:
            seen[stage] = 1 + max((depth(d, (*trail, stage)) for d in ALLOWED[stage]), default=0)
        return seen[stage]

    for stage in ALLOWED:
        depth(stage)


def test_architecture_doc_names_every_package_and_only_real_ones() -> None:
    doc = ARCHITECTURE.read_text("utf-8")
    named = set(re.findall(r"`quizgen/([a-z_]+)/`", doc))
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert named - packages == set(), "docs/architecture.md names packages that do not exist"
    assert packages - named == set(), "docs/architecture.md does not name every package"
    modules = {p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("__")}
    for module in modules:
        assert f"`quizgen/{module}.py`" in doc, f"docs/architecture.md does not name quizgen/{module}.py"
