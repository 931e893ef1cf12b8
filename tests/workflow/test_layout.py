"""The package layout reads as the flow, and stays so: stages import earlier stages only, every
third-party library and every external program (git) has one owner, and each subpackage says what it owns."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "site_builder"

# The flow, earliest first. A module may import modules of its own rank or lower, never higher.
RANKS = {
    "dates": 0, "status": 0, "errors": 0,
    "validation": 1,
    "model": 2, "labels": 2, "gitinfo": 2,
    "site": 3,
    "exports": 4,
    "build": 5,
    "workflow": 6,
    "cli": 7, "__main__": 7,
    "__init__": 0, "__version__": 0,  # the package root holds only its version
}
# Who may import each third-party library the package uses.
OWNERS = {
    "yaml": {"validation.yamlread"},
    "jsonschema": {"validation.schemas"},
    "jsonschema_rs": {"validation.schemas"},
    "referencing": {"validation.schemas"},
    "jinja2": {"site.render"},
    "markupsafe": {"site.render", "site.filters"},
    "properdocs": {"site.engine"},
    "mkdocs": {"site.engine"},
    "material": {"site.engine"},
    "click": {"cli"},
}
# Who may start each external program the package runs: one module reads git for the site, the feed,
# the build's history checks and `pks diff`.
PROGRAMS = {"git": {"gitinfo"}}


def modules() -> dict[str, ast.Module]:
    return {path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", "."): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "site_builder":
                found |= {f"site_builder.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def programs_run(tree: ast.Module) -> set[str]:
    """Programs a module starts: an argument list written out with the program's name first (["git", ...])."""
    return {node.elts[0].value for node in ast.walk(tree)
            if isinstance(node, (ast.List, ast.Tuple)) and node.elts and isinstance(node.elts[0], ast.Constant)
            and node.elts[0].value in PROGRAMS}


def stage(module: str) -> str:
    return module.split(".")[0].removesuffix(".__init__")


def rank(module: str) -> int:
    return RANKS[stage(module)]


def test_every_module_belongs_to_a_stage():
    assert [m for m in modules() if stage(m) not in RANKS] == []


@pytest.mark.parametrize("module", sorted(modules()))
def test_a_stage_imports_only_earlier_stages(module):
    later = sorted(name for name in imports_of(modules()[module]) if name.startswith("site_builder.")
                   and rank(name.removeprefix("site_builder.")) > rank(module))
    assert later == [], f"{module} (stage {stage(module)}) imports a later stage: {later}"


def test_each_library_has_one_owner():
    wrong = []
    for module, tree in modules().items():
        for name in imports_of(tree):
            library = name.split(".")[0]
            if library in OWNERS and module not in OWNERS[library]:
                wrong.append(f"{module} imports {library} (owner: {', '.join(sorted(OWNERS[library]))})")
    assert wrong == []


def test_each_program_has_one_owner():
    wrong = [f"{module} runs {program} (owner: {', '.join(sorted(PROGRAMS[program]))})"
             for module, tree in modules().items() for program in programs_run(tree) if module not in PROGRAMS[program]]
    assert wrong == []
    assert all(programs_run(modules()[owner]) == {program} for program, owners in PROGRAMS.items() for owner in owners)


@pytest.mark.parametrize("package", ["validation", "site", "exports", "workflow"])
def test_each_stage_package_says_what_it_owns_and_may_import(package):
    doc = ast.get_docstring(modules()[f"{package}.__init__"]) or ""
    assert "May import" in doc, f"site_builder/{package}/__init__.py needs its two lines: what it owns, what it may import"


def _module_name(module: str) -> str:
    return module.removesuffix(".__init__")


def _site_builder_targets(node: ast.stmt, known: set[str]) -> set[str]:
    """The package modules an import statement loads: `from site_builder.x import y` loads x.y when
    y is a module, else x; a module also loads the packages above it."""
    named = set()
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("site_builder"):
        base = node.module.removeprefix("site_builder").lstrip(".")
        for alias in node.names:
            full = f"{base}.{alias.name}".lstrip(".")
            named.add(full if full in known else base)
    elif isinstance(node, ast.Import):
        named |= {a.name.removeprefix("site_builder.") for a in node.names if a.name.startswith("site_builder.")}
    parts = {".".join(name.split(".")[: i + 1]) for name in named for i in range(name.count(".") + 1)}
    return parts & known


def _import_graph(trees: dict[str, ast.Module]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(imports made when a module loads, imports made later inside its functions), by module."""
    known = {_module_name(m) for m in trees}
    at_load: dict[str, set[str]] = {}
    deferred: dict[str, set[str]] = {}
    for module, tree in trees.items():
        loaded = set()
        for node in tree.body:
            inner = [node] if isinstance(node, (ast.Import, ast.ImportFrom)) else []
            if isinstance(node, (ast.If, ast.Try)):  # `if TYPE_CHECKING:`, `try: import x` run at load
                inner = [n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
            for statement in inner:
                loaded |= _site_builder_targets(statement, known)
        everything = set().union(*(_site_builder_targets(n, known) for n in ast.walk(tree) if isinstance(n, ast.stmt)))
        at_load[_module_name(module)] = loaded
        deferred[_module_name(module)] = everything - loaded
    return at_load, deferred


def _reached(start: str, at_load: dict[str, set[str]]) -> set[str]:
    seen, stack = set(), [start]
    while stack:
        for target in at_load.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def lazy_cycles(trees: dict[str, ast.Module]) -> list[str]:
    """Imports placed inside a function to dodge a cycle: the module imported there imports the
    importing one back when it loads. (cli's imports inside commands only keep startup fast.)"""
    at_load, deferred = _import_graph(trees)
    return sorted(
        f"{module} imports {target} inside a function, and {target} imports {module}"
        for module, targets in deferred.items()
        for target in targets
        if module != target and module in _reached(target, at_load)
    )


def test_no_import_inside_a_function_dodges_a_cycle():
    assert lazy_cycles(modules()) == []


def test_the_checks_of_this_test_can_fail():
    cycle = {
        "validation.problems": ast.parse("def severity():\n    from site_builder.validation.messages import CATALOGUE\n"),
        "validation.messages": ast.parse("from site_builder.validation.problems import Problem\n"),
    }
    assert lazy_cycles(cycle) == [
        "validation.problems imports validation.messages inside a function, and validation.messages imports "
        "validation.problems"
    ]
    tree = ast.parse("from site_builder import cli\nimport jinja2\n")
    assert "site_builder.cli" in imports_of(tree) and rank("cli") > rank("validation.schemas")
    assert programs_run(ast.parse('subprocess.run(["git", "-C", root, "log"])\ncommand = ("git", "cat-file")')) == {"git"}
    assert programs_run(ast.parse('folders = [".git", "docs"]')) == set()
