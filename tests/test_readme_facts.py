"""The README's numbers are the project's (issue 22): five APIs on four platforms, one variant count
computed from the provider's own listing, and no path a clone does not have offered as the user's; and
the changelog has the version's entry."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
WORDS = {"four": 4, "five": 5}


def _api_table() -> list[list[str]]:
    table = README[README.index("| API key (spec stem) |") :].split("\n\n", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]]


def test_five_apis_of_four_platforms_as_the_table_and_the_specs_say() -> None:
    rows = _api_table()
    specs = sorted(p.stem for p in (ROOT / "specs").glob("*.yaml") if not p.name.startswith("."))
    assert sorted(row[0].strip("`") for row in rows) == specs
    platforms = {row[1] for row in rows}
    opening = README.split("\n\n")[1]
    found = re.search(r"(\w+) \"list the deployed model services\" APIs of (\w+) platforms", opening)
    assert found, opening
    assert WORDS[found.group(1)] == len(specs) and WORDS[found.group(2)] == len(platforms)


def test_every_variant_count_is_the_computed_one() -> None:
    listing = subprocess.run(
        [sys.executable, "-m", "reference_provider", "--list-variants"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    ).stdout.splitlines()  # fmt: skip
    conformant = sum(1 for line in listing if line.split("\t")[3] == "true")
    total = len(listing)
    counts = [int(n) for n in re.findall(r"(\d+) (?:provider )?variants\b", README)]
    assert counts and set(counts) == {total}, counts
    assert f"{total - conformant} faulty ones" in README
    assert f"{conformant} conformant ones" in README and f"the {conformant} conformant variants" in README


def test_shared_paths_are_named_as_the_maintainers_optional_folder() -> None:
    for paragraph in README.split("\n\n"):
        if "../shared" in paragraph:
            assert "maintainers'" in paragraph and "clone" in paragraph, paragraph
    assert "specs/seed-facts" in README


def test_the_changelog_has_an_entry_for_the_version() -> None:
    """Issue 22: there was no changelog; keep-a-changelog, with the released version and Unreleased."""
    from contract_tests.runner.cli import package_version

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(package_version())}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)
