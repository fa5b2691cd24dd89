"""Pinned installs (issue 22): an installed tool generates what the clone does. The published
constraints are requirements.lock itself; the README's install line and the example CI workflow use
it at a pinned release, and the workflow caches on its hash."""

from __future__ import annotations

import contextlib
import re
import shlex
import tomllib
from importlib.metadata import PackageNotFoundError, requires
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "github-actions-contract.yml"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")
# What decides the requests of a run for a seed: these must be pinned exactly.
GENERATION = ("hypothesis", "schemathesis", "jsonschema", "requests")


def lock_pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line.strip())
        assert match, f"requirements.lock: {line!r} is not name==version, so it cannot serve as constraints"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def project() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]


def test_the_lock_pins_every_dependency_within_the_package_ranges() -> None:
    pins = lock_pins()
    for text in project()["dependencies"]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is a dependency the lock does not pin"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])
    for name in GENERATION:
        assert canonicalize_name(name) in pins, name


def test_the_lock_pins_everything_an_install_pulls_in() -> None:
    """The whole dependency closure of the package (as installed here), so `-c requirements.lock` leaves
    pip no version to choose."""
    pins = lock_pins()
    seen: set[str] = set()
    todo = [Requirement(text) for text in project()["dependencies"]]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        assert name in pins, f"{name} is installed with the package but not pinned in requirements.lock"
        with contextlib.suppress(PackageNotFoundError):
            todo += [Requirement(text) for text in requires(name) or ()]
    assert {"hypothesis", "schemathesis"} <= seen


def _example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _installing_jobs() -> list[list[dict]]:
    """The steps of every job of the example that installs the suite (the shards and the merge)."""
    jobs = [job["steps"] for job in _example()["jobs"].values()]
    installing = [steps for steps in jobs if any("pip install" in str(s.get("run", "")) for s in steps)]
    assert len(installing) == len(jobs) >= 2
    return installing


@pytest.mark.parametrize("job", range(2))
def test_the_example_pins_a_release_and_installs_with_the_lock_of_that_release(job: int) -> None:
    env = _example()["env"]
    ref = env["LISTAPI_CONTRACTS_REF"]
    # A release tag of this version, or a commit: never a branch such as main.
    assert ref == f"v{project()['version']}" or re.fullmatch(r"[0-9a-f]{40}", ref), ref
    steps = _installing_jobs()[job]
    fetch = next(step["run"] for step in steps if "requirements.lock" in str(step.get("run", "")))
    words = shlex.split(fetch)
    constraints = words[words.index("-o") + 1]
    assert "$LISTAPI_CONTRACTS_REPO/raw/$LISTAPI_CONTRACTS_REF/requirements.lock" in fetch
    install = next(step["run"] for step in steps if "pip install" in str(step.get("run", "")))
    assert f"pip install -c {constraints} " in install
    assert "@$LISTAPI_CONTRACTS_REF" in install and "@main" not in install
    cache = next(step for step in steps if str(step.get("uses", "")).startswith("actions/cache@"))
    key = cache["with"]["key"]
    assert f"hashFiles('{constraints}')" in key and "env.LISTAPI_CONTRACTS_REF" in key
    # The lock is fetched before the cache step reads its hash.
    assert steps.index(next(s for s in steps if s.get("run") == fetch)) < steps.index(cache)


def test_the_readme_install_line_uses_the_lock_at_the_same_release() -> None:
    ref = _example()["env"]["LISTAPI_CONTRACTS_REF"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = re.search(r"pip install -c (\S+) \\\n\s+\"listapi-contracts @ git\+(\S+)\"", readme)
    assert install, "the README's install line must use the lock as constraints"
    assert install.group(1).endswith(f"/{ref}/requirements.lock")
    assert install.group(2).endswith(f"@{ref}")
