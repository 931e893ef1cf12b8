"""The package layout reads as the flow, and stays so: stages import earlier stages only, every
third-party library and every external program (git) has one owner, and each subpackage says what it owns."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "site_builder"

# The flow, earliest first. A module may import modules of its own rank or lower, never higher.
RANKS = {
    "dates": 0, "status": 0,
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


def test_the_checks_of_this_test_can_fail():
    tree = ast.parse("from site_builder import cli\nimport jinja2\n")
    assert "site_builder.cli" in imports_of(tree) and rank("cli") > rank("validation.schemas")
    assert programs_run(ast.parse('subprocess.run(["git", "-C", root, "log"])\ncommand = ("git", "cat-file")')) == {"git"}
    assert programs_run(ast.parse('folders = [".git", "docs"]')) == set()
