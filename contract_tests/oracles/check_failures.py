"""The typed schemathesis failures the suite's own checks raise, so a report names what broke by its kind
and code (`LC...`, the suite's codes beside schemathesis' `ST...`), not as a generic custom check."""

from __future__ import annotations

from schemathesis.checks import Failure


class _NamedCheckFailure(Failure):
    """A failure of one named check; failures of different checks on one operation stay distinct."""

    __slots__ = ("check",)

    def __init__(self, *, operation: str | None, check: str, message: str) -> None:
        super().__init__(operation=operation, title=f"{self.kind_title}: `{check}`", message=message)
        self.check = check

    @property
    def _unique_key(self) -> str:
        return self.check


class ListRuleBroken(_NamedCheckFailure):
    """A generated response breaks a rule of the spec's `x-list`: page size, total, enum values,
    filters, echoed page parameters or the success flag (contract_tests/oracles/list_checks.py)."""

    code = "LC101"
    kind_title = "List rule broken"


class CheckFailed(_NamedCheckFailure):
    """A check that raised a bare AssertionError, kept under the check's name with its document fact."""

    code = "LC901"
    kind_title = "Check failed"
