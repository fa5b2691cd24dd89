"""Which semantic test runs for which API: derived from the specs' list semantics alone.

Each entry maps a fixture name used by the tests to its parameter values and readable ids.
A sixth API with a spec gets its tests from here, with no new test code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from contract_tests.kinds import CONDITIONS, PAIRS, VALUES, kind_of
from contract_tests.model.semantics import ErrorCase, ListFilter, SortField
from contract_tests.model.specs import ApiSpec, SecurityScheme
from contract_tests.oracles.samples import documented_values


@dataclass(frozen=True)
class FilterCase:
    spec: ApiSpec
    filter: ListFilter


@dataclass(frozen=True)
class SortCase:
    spec: ApiSpec
    field: SortField
    order: str


# Schemathesis' phases in two tests per API, which against a slow target wait side by side: the
# spec's examples with the coverage phase (a spec may have no examples), and fuzzing.
PROPERTY_PHASES: Mapping[str, tuple[str, ...]] = {
    "coverage": ("examples", "coverage"),
    "fuzzing": ("fuzzing",),
}


@dataclass(frozen=True)
class PhaseCase:
    """Schemathesis' phases of one API, or one of `parts` slices of them: every slice generates the
    same cases from the run's seed and sends those whose fingerprint falls in it, so together the
    slices send what one test would, and against a slow target they wait side by side."""

    spec: ApiSpec
    phase: str  # a key of PROPERTY_PHASES
    part: int = 0
    parts: int = 1

    @property
    def phases(self) -> tuple[str, ...]:
        return PROPERTY_PHASES[self.phase]

    def sliced(self, parts: int) -> list[PhaseCase]:
        return [replace(self, part=part, parts=parts) for part in range(max(1, parts))]

    def owns(self, fingerprint: str) -> bool:
        """Whether this slice sends the generated case of `fingerprint` (its stable text)."""
        if self.parts <= 1:
            return True
        digest = hashlib.blake2b(fingerprint.encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") % self.parts == self.part


@dataclass(frozen=True)
class BoundCase:
    spec: ApiSpec
    bound: str  # "min" | "max"


@dataclass(frozen=True)
class ErrorBodyCase:
    spec: ApiSpec
    case: ErrorCase
    scheme: SecurityScheme | None = None  # for invalid-credentials: whose secret is corrupted


# Credentials that are present but not well formed (issue 20): each must be refused as a documented
# credential error. Which of the two cases (missing or invalid) an empty value is, no document says.
MALFORMATIONS: Mapping[str, str] = {
    "empty": "",
    "malformed": "contracttest-malformed-credential",
    "wrong-scheme": "Basic Y29udHJhY3R0ZXN0OmNvbnRyYWN0dGVzdA==",  # for an Authorization header only
}


@dataclass(frozen=True)
class MalformedCredentialCase:
    spec: ApiSpec
    scheme: SecurityScheme
    malformation: str  # a key of MALFORMATIONS

    @property
    def header_value(self) -> str:
        return MALFORMATIONS[self.malformation]


def _malformed_credentials(spec: ApiSpec) -> list[Any]:
    if not any(case.name == "invalid-credentials" for case in spec.error_cases):
        return []
    return [
        MalformedCredentialCase(spec, scheme, malformation)
        for scheme in spec.security_schemes
        if scheme.header
        for malformation in MALFORMATIONS
        if malformation != "wrong-scheme" or scheme.header.lower() == "authorization"
    ]


@dataclass(frozen=True)
class OperatorCase:
    spec: ApiSpec
    filter: ListFilter
    operator: str


def _paged(spec: ApiSpec) -> bool:
    return spec.semantics.pagination.style != "none"


def _bounds(spec: ApiSpec) -> list[Any]:
    paging = spec.semantics.pagination
    return [
        BoundCase(spec, bound)
        for bound, value in (("min", paging.min_size), ("max", paging.max_size))
        if value
    ]


def _filters(spec: ApiSpec, predicate: Callable[[ListFilter], bool]) -> list[Any]:
    return [FilterCase(spec, flt) for flt in spec.semantics.filters if predicate(flt)]


def _sorts(spec: ApiSpec) -> list[Any]:
    sort = spec.semantics.sort
    if sort is None:
        return []
    return [SortCase(spec, field, order) for field in sort.fields for order in ("asc", "desc")]


def _partition_filters(spec: ApiSpec) -> list[Any]:
    """Exact filters on an item field whose values the document enumerates: a partition of the list."""
    return _filters(
        spec, lambda f: f.match == "exact" and f.field is not None and bool(documented_values(spec, f))
    )


def _of_kind(selector: str) -> Callable[[ApiSpec], list[Any]]:
    """The filters whose match kind is checked by the test of `selector`."""
    return lambda spec: _filters(spec, lambda f: kind_of(f).selector == selector)


def _operators(spec: ApiSpec) -> list[Any]:
    return [
        OperatorCase(spec, flt, op)
        for flt in spec.semantics.filters
        if kind_of(flt).selector == CONDITIONS
        for op in kind_of(flt).operators(flt)
    ]


def _combinable(spec: ApiSpec) -> bool:
    verifiable = [f for f in spec.semantics.filters if kind_of(f).verifiable(f)]
    pairing = [f for f in verifiable if kind_of(f).combines_with_others]
    return len(pairing) >= 2 or any(kind_of(f).operators(f) for f in verifiable)


def _error_cases(spec: ApiSpec) -> list[Any]:
    cases: list[Any] = []
    for case in spec.error_cases:
        if case.name == "invalid-credentials" and len(spec.security_schemes) > 1:
            # Every way in must refuse a bad secret, not only the one the suite signs with by default.
            cases += [ErrorBodyCase(spec, case, scheme) for scheme in spec.security_schemes]
        else:
            cases.append(ErrorBodyCase(spec, case))
    return cases


CASE_BUILDERS: Mapping[str, Callable[[ApiSpec], list[Any]]] = {
    "api": lambda spec: [spec],
    "property_phase": lambda spec: [PhaseCase(spec, phase) for phase in PROPERTY_PHASES],
    "paged_api": lambda spec: [spec] if _paged(spec) else [],
    "page_style_api": lambda spec: [spec] if spec.semantics.pagination.style == "page" else [],
    "echo_api": lambda spec: (
        [spec] if spec.semantics.pagination.echo_page or spec.semantics.pagination.echo_size else []
    ),
    "request_id_api": lambda spec: [spec] if spec.semantics.request_id else [],
    "success_flag_api": lambda spec: [spec] if spec.semantics.success_flag else [],
    "size_bound": lambda spec: _bounds(spec) if _paged(spec) else [],
    VALUES: _of_kind(VALUES),
    PAIRS: _of_kind(PAIRS),
    CONDITIONS: _operators,
    "combinable_api": lambda spec: [spec] if _combinable(spec) else [],
    "sort_case": _sorts,
    "sort_field": lambda spec: [case for case in _sorts(spec) if case.order == "asc"],
    "partition_filter": _partition_filters,
    "default_sort_api": lambda spec: [spec] if spec.semantics.sort and spec.semantics.sort.default_by else [],
    "error_case": lambda spec: _error_cases(spec),
    "malformed_credential": _malformed_credentials,
}


def case_id(value: Any) -> str:
    if isinstance(value, ApiSpec):
        return value.key
    if isinstance(value, FilterCase):
        return f"{value.spec.key}/{value.filter.param}"
    if isinstance(value, SortCase):
        return f"{value.spec.key}/{value.field.wire}/{value.order}"
    if isinstance(value, BoundCase):
        return f"{value.spec.key}/{value.bound}"
    if isinstance(value, PhaseCase):
        part = f"-{value.part + 1}of{value.parts}" if value.parts > 1 else ""
        return f"{value.spec.key}/{value.phase}{part}"
    if isinstance(value, ErrorBodyCase):
        suffix = f":{value.scheme.name}" if value.scheme else ""
        return f"{value.spec.key}/{value.case.name}{suffix}"
    if isinstance(value, MalformedCredentialCase):
        return f"{value.spec.key}/{value.scheme.name}:{value.malformation}"
    if isinstance(value, OperatorCase):
        return f"{value.spec.key}/{value.filter.param}:{value.operator.replace(' ', '-')}"
    return str(value)


def split_cases(values: list[Any], parts: int) -> list[Any]:
    """Cases that may be sliced across parallel workers (the property phases) in `parts` slices each."""
    return [
        part
        for value in values
        for part in (value.sliced(parts) if isinstance(value, PhaseCase) else [value])
    ]


def case_spec(value: Any) -> ApiSpec | None:
    return value if isinstance(value, ApiSpec) else getattr(value, "spec", None)
