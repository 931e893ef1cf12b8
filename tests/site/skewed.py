"""A generated registry shaped to make record pages long: benchmarks/generate.py's generator (the
same records the national-scale benchmark builds), with one institution owning most agreements, so
its agency page, its partners' pages and the theme pages carry long lists.

(A module of its own, like sitebuild.py: the browser tests import tests/site's helpers too.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sitebuild import REPO

if str(REPO / "benchmarks") not in sys.path:
    sys.path.insert(0, str(REPO / "benchmarks"))  # the generator is a script folder, not a package

import generate  # noqa: E402

OTHERS_EACH = 3  # agreements of every other institution


class OneBigInstitution(generate.Generator):
    """The benchmark's generator with the agreements shared out unevenly: the first institution
    gets all but OTHERS_EACH of each other institution's."""

    def build_agreements(self, pairs):
        neighbours: dict[str, list] = {}
        for _, regency in pairs:
            neighbours.setdefault(regency.province[0], []).extend(regency.offices)
        for i, (institution, regency) in enumerate(pairs):
            count = self.target - OTHERS_EACH * (len(pairs) - 1) if i == 0 else OTHERS_EACH
            generate.InstitutionAgreements(self, institution, regency, neighbours[regency.province[0]]).make(count, True)


def generate_skewed(agreements: int, out: Path, seed: int = 5) -> dict:
    """generate.generate() with OneBigInstitution; returns its summary."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generate, "Generator", OneBigInstitution)
        return generate.generate(agreements, out, seed)
