"""Typed view of the `x-list` and `x-error-cases` extensions (see docs/list-semantics.md).

Pure data: built from a spec's operation dict, no I/O. Every test reads API knowledge from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

PageStyle = Literal["offset", "page", "none"]
OutOfRange = Literal["reject", "clamp", "reject-or-clamp"]


class SemanticsError(ValueError):
    """A spec's list semantics are malformed."""


@dataclass(frozen=True)
class Pagination:
    style: PageStyle
    size_param: str | None = None
    offset_param: str | None = None
    page_param: str | None = None
    first_page: int = 1
    default_size: int | None = None
    min_size: int | None = None
    max_size: int | None = None
    out_of_range: OutOfRange = "reject-or-clamp"
    echo_page: str | None = None
    echo_size: str | None = None
    # The largest page number or offset the position parameter's schema admits (its maximum, else
    # its integer format's); set from the parameter when the spec is loaded.
    max_position: int | None = None

    @property
    def position_param(self) -> str | None:
        return self.offset_param if self.style == "offset" else self.page_param

    @property
    def promised_max_size(self) -> int | None:
        """The largest page size the documents promise is served: the documented maximum, else the
        default (above it, a provider may keep a maximum of its own)."""
        return self.max_size if self.max_size is not None else self.default_size

    def position_for(self, index: int, size: int) -> int:
        """The offset or page number that starts the `index`-th page (0-based) of `size` items."""
        if self.style == "offset":
            return index * size
        return self.first_page + index

    def page_params(self, index: int, size: int | None) -> dict[str, Any]:
        params: dict[str, Any] = {}
        effective = size if size is not None else self.default_size
        assert effective is not None and self.position_param is not None
        params[self.position_param] = self.position_for(index, effective)
        if size is not None and self.size_param is not None:
            params[self.size_param] = size
        return params


@dataclass(frozen=True)
class ListFilter:
    """One filter parameter. `match` names a registered match kind (contract_tests/kinds); `options`
    are that kind's own keys from the spec (its operators, its field names), as sorted (key, value) pairs."""

    param: str
    field: str | None
    match: str
    match_all: tuple[str, ...] = ()
    queryable_fields: tuple[str, ...] = ()
    source: str | None = None
    options: tuple[tuple[str, Any], ...] = ()

    def option(self, name: str, default: Any = None) -> Any:
        return dict(self.options).get(name, default)


@dataclass(frozen=True)
class SortField:
    wire: str
    field: str
    compare: Literal["datetime", "number", "string"]


@dataclass(frozen=True)
class Sort:
    style: Literal["field-and-order", "signed-field"]
    field_param: str
    fields: tuple[SortField, ...]
    order_param: str | None = None
    orders: dict[str, str] = field(default_factory=dict)
    default_by: str | None = None
    default_order: Literal["asc", "desc"] | None = None
    # signed-field: the order of a field sent without a sign, where the document gives one.
    unsigned_order: Literal["asc", "desc"] | None = None

    def params(self, sort_field: SortField, order: Literal["asc", "desc"]) -> dict[str, str]:
        if self.style == "signed-field":
            return {self.field_param: ("+" if order == "asc" else "-") + sort_field.wire}
        assert self.order_param is not None
        return {self.field_param: sort_field.wire, self.order_param: self.orders[order]}

    def field_by_wire(self, wire: str) -> SortField:
        for candidate in self.fields:
            if candidate.wire == wire:
                return candidate
        raise SemanticsError(f"sort default {wire!r} is not one of the sort fields")


@dataclass(frozen=True)
class SuccessFlag:
    field: str
    error_field: str


@dataclass(frozen=True)
class RequestId:
    location: Literal["header", "body"]
    name: str


@dataclass(frozen=True)
class ListSemantics:
    items: str
    total: str | None
    item_id: str
    pagination: Pagination
    total_requires: dict[str, str] = field(default_factory=dict)
    filters: tuple[ListFilter, ...] = ()
    sort: Sort | None = None
    request_id: RequestId | None = None
    success_flag: SuccessFlag | None = None


@dataclass(frozen=True)
class ErrorCase:
    name: str
    statuses: tuple[int, ...]
    param: str | None = None
    value: str | None = None


def parse_list_semantics(raw: dict[str, Any]) -> ListSemantics:
    try:
        return _parse(raw)
    except (KeyError, TypeError) as exc:
        raise SemanticsError(f"x-list is malformed: missing or mistyped {exc}") from None


def _parse(raw: dict[str, Any]) -> ListSemantics:
    paging = raw.get("pagination") or {"style": "none"}
    echo = paging.get("echo") or {}
    pagination = Pagination(
        style=paging["style"],
        size_param=paging.get("size-param"),
        offset_param=paging.get("offset-param"),
        page_param=paging.get("page-param"),
        first_page=int(paging.get("first-page", 1)),
        default_size=paging.get("default-size"),
        min_size=paging.get("min-size"),
        max_size=paging.get("max-size"),
        out_of_range=paging.get("out-of-range", "reject-or-clamp"),
        echo_page=echo.get("page"),
        echo_size=echo.get("size"),
    )
    if pagination.style not in ("offset", "page", "none"):
        raise SemanticsError(f"unknown pagination style {pagination.style!r}")
    if pagination.style != "none" and (pagination.size_param is None or pagination.position_param is None):
        raise SemanticsError(f"pagination style {pagination.style} needs its size and position parameters")
    filters = tuple(_parse_filter(entry) for entry in raw.get("filters", ()))
    sort = _parse_sort(raw["sort"]) if raw.get("sort") else None
    request_id = None
    if raw.get("request-id"):
        request_id = RequestId(location=raw["request-id"]["in"], name=raw["request-id"]["name"])
    success = None
    if raw.get("success-flag"):
        success = SuccessFlag(
            field=raw["success-flag"]["field"], error_field=raw["success-flag"]["error-field"]
        )
    return ListSemantics(
        items=raw["items"],
        total=raw.get("total"),
        item_id=raw["item-id"],
        pagination=pagination,
        total_requires={str(k): str(v) for k, v in (raw.get("total-requires") or {}).items()},
        filters=filters,
        sort=sort,
        request_id=request_id,
        success_flag=success,
    )


_FILTER_KEYS = frozenset({"param", "field", "match", "match-all", "fields"})


def _frozen(value: Any) -> Any:
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


def _parse_filter(entry: dict[str, Any]) -> ListFilter:
    options = {
        key: _frozen(value)
        for key, value in entry.items()
        if key not in _FILTER_KEYS and not key.startswith("x-")
    }
    return ListFilter(
        param=entry["param"],
        field=entry.get("field"),
        match=str(entry["match"]),
        match_all=tuple(entry.get("match-all", ())),
        queryable_fields=tuple(entry.get("fields", ())),
        source=entry.get("x-source"),
        options=tuple(sorted(options.items())),
    )


def _parse_sort(raw: dict[str, Any]) -> Sort:
    fields = tuple(
        SortField(wire=str(wire), field=spec["field"], compare=spec.get("compare", "string"))
        for wire, spec in raw["fields"].items()
    )
    default = raw.get("default") or {}
    sort = Sort(
        style=raw["style"],
        field_param=raw["field-param"],
        fields=fields,
        order_param=raw.get("order-param"),
        orders=dict(raw.get("orders") or {}),
        default_by=default.get("by"),
        default_order=default.get("order"),
        unsigned_order=raw.get("unsigned-order"),
    )
    if sort.style == "field-and-order" and (sort.order_param is None or set(sort.orders) != {"asc", "desc"}):
        raise SemanticsError("a field-and-order sort needs order-param and both orders")
    if sort.unsigned_order is not None and sort.style != "signed-field":
        raise SemanticsError("unsigned-order applies to a signed-field sort only")
    if sort.default_by is not None:
        sort.field_by_wire(sort.default_by)
    return sort


def parse_error_cases(raw: dict[str, Any] | None) -> tuple[ErrorCase, ...]:
    cases = []
    for name, entry in (raw or {}).items():
        if name.startswith("x-"):
            continue
        cases.append(
            ErrorCase(
                name=name,
                statuses=tuple(int(status) for status in entry["status"]),
                param=entry.get("param"),
                value=None if entry.get("value") is None else str(entry["value"]),
            )
        )
    return tuple(cases)
