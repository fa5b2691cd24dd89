"""The seed facts the project owns (specs/seed-facts/<spec>.json), and their check against the documents.

The seed documents exist only beside the project's own checkout (../shared/seeds), not in a user's
clone. So the facts the spec tests take from them (parameter and field names, response examples) are
kept in the repository, each file naming its seed and that seed's sha256. This tool re-derives them:

    python -m tools.seed_facts extract [--seeds DIR] [--facts DIR]   # (re)write the owned facts
    python -m tools.seed_facts check   [--seeds DIR] [--facts DIR]   # one line per difference, exit 1

A missing seed folder is a configuration error: one line, exit 2.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from tools.seed_parsers import (
    SeedExample,
    SeedNames,
    SeedRow,
    extract_seed_examples,
    huawei_names,
    opensearch_names,
    pai_names,
    parameter_rows,
    zstack_names,
)

ROOT = Path(__file__).resolve().parents[1]
FACTS_DIR = ROOT / "specs" / "seed-facts"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"

NameParser = Callable[[str], SeedNames]


@dataclass(frozen=True)
class SeedSource:
    """Where a spec's seed is found (`<prefix>_*.txt`) and which document format it is written in."""

    prefix: str
    parse_names: NameParser


SOURCES: dict[str, SeedSource] = {
    "huawei-service-instances": SeedSource("000", huawei_names),
    "huawei-endpoints": SeedSource("001", huawei_names),
    "pai-eas-services": SeedSource("002", pai_names),
    "zstack-model-services": SeedSource("003", zstack_names),
    "opensearch-ha3-models": SeedSource("004", opensearch_names),
}


class SeedFactsError(ValueError):
    """A seed or an owned facts file cannot be read; the message is one line naming it."""


@dataclass(frozen=True)
class SeedFacts:
    spec: str
    seed_file: str
    sha256: str
    names: SeedNames
    examples: tuple[SeedExample, ...]
    parameter_rows: Mapping[str, SeedRow]  # the document's row of each parameter, quoted by failures

    def to_json(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "seed": {"file": self.seed_file, "sha256": self.sha256},
            "parameters": self.names.parameters,
            "fields_by_status": self.names.fields_by_status,
            "parameter_rows": {
                name: {"line": row.line, "text": row.text} for name, row in self.parameter_rows.items()
            },
            "examples": [
                {"status": example.status, "line": example.line, "value": example.value}
                for example in self.examples
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SeedFacts:
        return cls(
            spec=data["spec"],
            seed_file=data["seed"]["file"],
            sha256=data["seed"]["sha256"],
            names=SeedNames(
                list(data["parameters"]), {status: list(v) for status, v in data["fields_by_status"].items()}
            ),
            examples=tuple(SeedExample(e["status"], e["value"], e["line"]) for e in data["examples"]),
            parameter_rows={
                name: SeedRow(row["line"], row["text"]) for name, row in data["parameter_rows"].items()
            },
        )


# --- reading the documents and the owned copy ------------------------------------------------------


def seed_file(seeds_dir: Path, stem: str, sources: Mapping[str, SeedSource] = SOURCES) -> Path:
    prefix = sources[stem].prefix
    matches = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    if len(matches) != 1:
        found = ", ".join(path.name for path in matches) or "none"
        raise SeedFactsError(f"expected exactly one seed {prefix}_*.txt in {seeds_dir}, found {found}")
    return matches[0]


def extract_facts(seeds_dir: Path, stem: str, sources: Mapping[str, SeedSource] = SOURCES) -> SeedFacts:
    """The facts of one spec's seed, read from the document itself."""
    path = seed_file(seeds_dir, stem, sources)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
        names = sources[stem].parse_names(text)
        examples = tuple(extract_seed_examples(text))
    except ValueError as error:  # UnicodeDecodeError is one too
        raise SeedFactsError(f"cannot extract facts from {path.name}: {error}") from None
    rows = parameter_rows(text, names.parameters)
    return SeedFacts(stem, path.name, hashlib.sha256(raw).hexdigest(), names, examples, rows)


def facts_path(stem: str, facts_dir: Path = FACTS_DIR) -> Path:
    return facts_dir / f"{stem}.json"


def load_facts(stem: str, facts_dir: Path = FACTS_DIR) -> SeedFacts:
    """The owned facts of one spec's seed."""
    path = facts_path(stem, facts_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SeedFacts.from_json(data)
    except OSError as error:
        raise SeedFactsError(f"{path}: cannot read the owned seed facts ({error.strerror})") from None
    except (ValueError, KeyError, TypeError) as error:
        raise SeedFactsError(f"{path}: malformed seed facts ({error!r})") from None


def write_facts(facts: SeedFacts, facts_dir: Path = FACTS_DIR) -> Path:
    path = facts_path(facts.spec, facts_dir)
    path.write_text(json.dumps(facts.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


# --- comparing ------------------------------------------------------------------------------------


def _canonical(value: Any) -> str:
    # Type-exact, key-order-free: Python alone treats 1 == True == 1.0.
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _name_differences(what: str, document: Sequence[str], owned: Sequence[str]) -> list[str]:
    found, kept = Counter(document), Counter(owned)
    lines = [
        f"{what} {name!r}: {found[name]}× in the document, {kept[name]}× in the owned facts"
        for name in sorted(found.keys() | kept.keys())
        if found[name] != kept[name]
    ]
    if not lines and list(document) != list(owned):
        lines.append(f"{what}s: same names, in a different order than the document")
    return lines


def _example_differences(document: Sequence[SeedExample], owned: Sequence[SeedExample]) -> list[str]:
    lines = []
    if len(document) != len(owned):
        lines.append(f"examples: {len(document)} in the document, {len(owned)} in the owned facts")
    for number, (fresh, kept) in enumerate(zip(document, owned, strict=False), start=1):
        where = f"example {number} (document line {fresh.line}, status {fresh.status})"
        if fresh.status != kept.status:
            lines.append(f"{where}: the owned facts give status {kept.status}")
        if fresh.line != kept.line:
            lines.append(f"{where}: the owned facts give line {kept.line}")
        if _canonical(fresh.value) != _canonical(kept.value):
            lines.append(f"{where}: its JSON differs from the owned facts")
    return lines


def differences(document: SeedFacts, owned: SeedFacts) -> list[str]:
    """What the owned facts of a seed get wrong about the document, one line each ([] when they agree)."""
    lines = []
    if document.seed_file != owned.seed_file:
        lines.append(f"seed file: {document.seed_file} in the documents, {owned.seed_file} in the owned ones")
    if document.sha256 != owned.sha256:
        lines.append(f"sha256 of {document.seed_file}: {document.sha256}, owned facts have {owned.sha256}")
    lines += _name_differences("parameter", document.names.parameters, owned.names.parameters)
    fresh_fields, kept_fields = document.names.fields_by_status, owned.names.fields_by_status
    for status in sorted(fresh_fields.keys() | kept_fields.keys()):
        lines += _name_differences(
            f"status {status} field", fresh_fields.get(status, []), kept_fields.get(status, [])
        )
    lines += _example_differences(document.examples, owned.examples)
    for name in sorted(document.parameter_rows.keys() | owned.parameter_rows.keys()):
        if document.parameter_rows.get(name) != owned.parameter_rows.get(name):
            lines.append(f"parameter {name!r}: its quoted row differs from the owned facts")
    return [f"{document.spec}: {line}" for line in lines]


def check(
    seeds_dir: Path, facts_dir: Path = FACTS_DIR, sources: Mapping[str, SeedSource] = SOURCES
) -> list[str]:
    """Every difference between the owned facts and the documents in `seeds_dir`, one line each."""
    lines = []
    for stem in sources:
        try:
            lines += differences(extract_facts(seeds_dir, stem, sources), load_facts(stem, facts_dir))
        except SeedFactsError as error:
            lines.append(f"{stem}: {error}")
    strays = sorted(path.name for path in facts_dir.glob("*.json") if path.stem not in sources)
    lines += [
        f"{name}: owned facts of no spec in {facts_dir.parent}"
        for name in strays
        if not _has_spec(facts_dir, name)
    ]
    return lines


def _has_spec(facts_dir: Path, facts_name: str) -> bool:
    # The owned facts live in specs/seed-facts, beside the specs they belong to.
    return (facts_dir.parent / facts_name).with_suffix(".yaml").is_file()


def unchecked(facts_dir: Path = FACTS_DIR, sources: Mapping[str, SeedSource] = SOURCES) -> list[str]:
    """Specs whose owned facts have no extractor here (a fixture seed): kept, but not re-read."""
    return sorted(
        p.stem for p in facts_dir.glob("*.json") if p.stem not in sources and _has_spec(facts_dir, p.name)
    )


# --- command line ---------------------------------------------------------------------------------


class OneLineErrorParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> OneLineErrorParser:
    parser = OneLineErrorParser(prog="python -m tools.seed_facts", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("extract", "check"))
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR, help=f"seed documents (default {SEEDS_DIR})")
    parser.add_argument("--facts", type=Path, default=FACTS_DIR, help=f"owned facts (default {FACTS_DIR})")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.seeds.is_dir():
        print(f"seed_facts: error: seed folder {args.seeds} does not exist (SEEDS=<dir>)", file=sys.stderr)
        return 2
    if args.command == "check":
        lines = check(args.seeds, args.facts)
        for line in lines:
            print(line)
        for stem in unchecked(args.facts):
            print(f"{stem}: owned facts with no extractor in tools/seed_facts.py SOURCES, not re-checked")
        if not lines:
            print(f"seed facts in {args.facts} agree with the documents in {args.seeds}")
        return 1 if lines else 0
    args.facts.mkdir(parents=True, exist_ok=True)
    try:
        written = [write_facts(extract_facts(args.seeds, stem), args.facts) for stem in SOURCES]
    except SeedFactsError as error:
        print(f"seed_facts: error: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
