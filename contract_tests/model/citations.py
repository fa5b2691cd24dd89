"""Citations of the document behind a rule: its title, and the document's own row for a parameter.

A user has the specs but not the seed documents they were written from, so a failure names the document
by its title and quotes it: the owned seed facts (specs/seed-facts/<stem>.json) keep each parameter's row
and line, re-checked against the documents by `make check-seeds`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contract_tests.model.specs import ApiSpec

DESCRIPTION_LIMIT = 160
ELLIPSIS = "…"
# The end of a sentence: . ! ? ; (Latin or CJK) followed by a space or the end of the text.
_SENTENCE_END = re.compile(r"[.!?;。！？；](?=\s|$)|[。！？；]")


@functools.cache
def parameter_rows(facts_file: Path) -> Mapping[str, tuple[int, str]]:
    """name -> (document line, row text); empty for a spec without owned seed facts."""
    try:
        data = json.loads(facts_file.read_text(encoding="utf-8"))
        rows = data.get("parameter_rows") or {}
        return {str(name): (int(row["line"]), str(row["text"])) for name, row in rows.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # a citation is best effort: the rule and the spec text still stand without it


def facts_file(spec: ApiSpec) -> Path:
    return spec.path.parent / "seed-facts" / f"{spec.path.stem}.json"


def cited_document(spec: ApiSpec) -> str:
    """The document a spec was written from, by title; the spec itself when it names none."""
    info: Mapping[str, Any] = spec.document.get("info", {})
    if info.get("x-seed") and info.get("title"):
        return f"document “{info['title']}”"
    return f"specs/{spec.path.name}"


def quote(spec: ApiSpec, name: str) -> str | None:
    """The document's row for a parameter, with its line: `line 30: “limit | 否 | Integer”`."""
    row = parameter_rows(facts_file(spec)).get(name)
    return f"line {row[0]}: “{row[1]}”" if row else None


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """`text` as it is when it fits; else cut at the last sentence end within `limit` (or, failing one in
    its second half, the last space; in text without spaces, the last sentence end) and marked with an
    ellipsis: never mid-word."""
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS) - 1
    ends = [match.end() for match in _SENTENCE_END.finditer(text, 0, room + 1)]
    if ends and ends[-1] >= room // 2:
        return text[: ends[-1]].rstrip() + " " + ELLIPSIS
    space = text.rfind(" ", 0, room + 1)
    if space > 0:
        return text[:space].rstrip(" ,;:(—-") + " " + ELLIPSIS
    # No space at all (a CJK text): its last sentence end, else between two characters.
    return (text[: ends[-1]] if ends else text[:room]).rstrip() + " " + ELLIPSIS


def fact(spec: ApiSpec, parameter_names: tuple[str, ...]) -> str:
    """A short citation of the document fact behind a rule: the document, each parameter's row there,
    and the spec's description of it (with where a value came from when not from the document)."""
    parts = []
    for name in parameter_names:
        param = spec.parameters.get(name)
        if param is None:
            continue
        text = f"`{name}`"
        quoted = quote(spec, name)
        if quoted:
            text += f" ({quoted})"
        description = " ".join(str(param.get("description", "")).split())
        if description:
            text += f": {shorten(description)}"
        source = param.get("x-source") or (param.get("schema") or {}).get("x-source")
        # A fact read from provider-facts rather than the seed says so.
        parts.append(f"{text} [source: {source}]" if source else text)
    head = f"{cited_document(spec)}, {spec.operation_id}"
    return head + (" — " + "; ".join(parts) if parts else "")
