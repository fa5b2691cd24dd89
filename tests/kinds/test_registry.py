"""contract_tests.kinds: the registry implements exactly the match kinds the x-list language admits."""

from __future__ import annotations

import pytest

from contract_tests.kinds import (
    CONDITIONS,
    PAIRS,
    VALUES,
    KindError,
    MatchKind,
    kind_of,
    register,
    registered_kinds,
)
from contract_tests.kinds.field_conditions import declared_operators
from contract_tests.model.body import item_key
from contract_tests.model.extensions import match_kinds
from contract_tests.model.semantics import ListFilter


def test_the_registry_and_the_schema_name_the_same_kinds() -> None:
    assert sorted(registered_kinds()) == sorted(match_kinds())


def test_every_kind_is_checked_by_one_of_the_filter_tests() -> None:
    assert {kind.selector for kind in registered_kinds().values()} == {VALUES, PAIRS, CONDITIONS}


def test_an_unknown_kind_is_a_one_line_error() -> None:
    with pytest.raises(KindError, match=r"filter 'q': unknown match kind 'fuzzy'; known: .*exact"):
        kind_of(ListFilter(param="q", field="name", match="fuzzy"))


def test_a_name_cannot_be_registered_twice() -> None:
    class Again(MatchKind):
        names = ("exact",)

    with pytest.raises(KindError, match="registered twice"):
        register(Again)


def test_operators_come_from_the_spec_in_its_order() -> None:
    flt = ListFilter(
        param="where",
        field=None,
        match="field-conditions",
        queryable_fields=("a",),
        options=(("operators", ("<", "=")),),
    )
    assert kind_of(flt).operators(flt) == ("<", "=")
    bad = ListFilter(param="where", field=None, match="field-conditions", options=(("operators", ("<>",)),))
    with pytest.raises(KindError, match="no operator '<>'"):
        declared_operators(bad)


def test_key_value_field_names_come_from_the_spec() -> None:
    flt = ListFilter(
        param="tags", field="tags", match="label-map", options=(("key-field", "k"), ("value-field", "v"))
    )
    items = [
        {"id": "1", "tags": [{"k": "env", "v": "prod"}]},
        {"id": "2", "tags": [{"k": "env", "v": "dev"}]},
    ]
    assert kind_of(flt).bounds(flt, items, "id", {"env": "prod"}).must == {item_key(items[0], "id")}
    assert kind_of(flt).wire({"env": "prod"}) == '{"env":"prod"}'
