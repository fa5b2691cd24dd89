"""Facts read off the seed documents: parameter and response-field names, and the response examples.

One small parser per document format returns `SeedNames`: the request parameter names, and the response
field names per status. `extract_seed_examples` reads every JSON object of a seed's response-example
section. The parsers are deliberately simple; the owned facts (specs/seed-facts) carry minimum counts
checked by the spec tests, so a parser that silently finds little fails instead of passing.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

Names = list[str]


@dataclass
class SeedNames:
    parameters: Names = field(default_factory=list)
    fields_by_status: dict[str, Names] = field(default_factory=dict)

    def field_count(self) -> int:
        return sum(len(names) for names in self.fields_by_status.values())


def _section(lines: list[str], start: str, end: str) -> list[str]:
    """The lines strictly between the first line equal to `start` and the next line equal to `end`."""
    stripped = [line.strip() for line in lines]
    if start not in stripped:
        raise ValueError(f"seed has no {start!r} line")
    first = stripped.index(start) + 1
    if end not in stripped[first:]:
        raise ValueError(f"seed has no {end!r} line after {start!r}")
    return lines[first : stripped.index(end, first)]


# --- Huawei (000, 001): `参数 |` tables, one cell per line, `---|` separator, `状态码:NNN` headings ---

HUAWEI_STATUS = re.compile(r"状态码[:：]\s*(\d{3})")


def huawei_names(text: str) -> SeedNames:
    names = SeedNames()
    lines = [line.strip() for line in text.splitlines()]
    status: str | None = None
    number = 0
    while number < len(lines):
        heading = HUAWEI_STATUS.fullmatch(lines[number])
        if heading:
            status = heading.group(1)
        if lines[number] != "参数 |":
            number += 1
            continue
        header: Names = []
        while not lines[number].startswith("---"):
            header.append(lines[number].rstrip("|").strip())
            number += 1
        width = lines[number].count("---")
        number += 1
        cells: Names = []
        # Tables follow each other directly: the next `参数 |` header ends this one.
        while number < len(lines) and lines[number].endswith("|") and lines[number] != "参数 |":
            cells.append(lines[number][:-1].strip())
            number += 1
        if width != len(header) or len(cells) % width:
            raise ValueError(f"malformed table {header} before seed line {number + 1}")
        # `-` rows are the unnamed single String of an "object" wrapper (EndpointId, ServiceType).
        row_names = [cells[start] for start in range(0, len(cells), width) if cells[start] != "-"]
        if "是否必选" in header:
            names.parameters.extend(row_names)
        elif status is None:
            raise ValueError(f"response table {header} before any 状态码 heading")
        else:
            names.fields_by_status.setdefault(status, []).extend(row_names)
    return names


# --- PAI-EAS (002): a name line, then (after blank lines) its type line --------------------------------

PAI_TYPES = {"string", "integer", "boolean", "object", "array", "long", "number"}
PAI_NAME = re.compile(r"([A-Za-z][A-Za-z0-9_]*)(?: deprecated)?")


def _pai_names(section: list[str]) -> Names:
    lines = [line.strip() for line in section if line.strip()]
    return [
        match.group(1)
        for line, following in itertools.pairwise(lines)
        if following in PAI_TYPES and (match := PAI_NAME.fullmatch(line))
    ]


def pai_names(text: str) -> SeedNames:
    lines = text.splitlines()
    return SeedNames(
        parameters=_pai_names(_section(lines, "請求參數", "返回參數")),
        fields_by_status={"200": _pai_names(_section(lines, "返回參數", "樣本"))},
    )


# --- ZStack (003): bullets `• <name><Type>[必填]` ------------------------------------------------------

ZSTACK_TYPES = (
    "LinkedHashMap",
    "ErrorCode",
    "Timestamp",
    "Boolean",
    "boolean",
    "Integer",
    "String",
    "Long",
    "List",
    "Map",
)
ZSTACK_BULLET = re.compile(rf"•\s*([a-z][A-Za-z0-9]*?)(?:{'|'.join(ZSTACK_TYPES)})(?:必填)?")


def _zstack_names(section: list[str]) -> Names:
    found: Names = []
    for line in section:
        stripped = line.strip()
        if not stripped.startswith("•"):
            continue
        match = ZSTACK_BULLET.fullmatch(stripped)
        if match is None:
            raise ValueError(f"unrecognised field bullet {stripped!r} (a new type name?)")
        found.append(match.group(1))
    return found


def zstack_names(text: str) -> SeedNames:
    lines = text.splitlines()
    return SeedNames(
        parameters=_zstack_names(_section(lines, "查询参数", "响应状态")),
        fields_by_status={"200": _zstack_names(_section(lines, "响应状态", "请求地址"))},
    )


# --- OpenSearch HA3 (004): rows that open with `| <name> |` ---------------------------------------------

OPENSEARCH_ROW = re.compile(r"\|\s*([A-Za-z][A-Za-z0-9_-]*)\s*\|")


def _opensearch_names(section: list[str]) -> Names:
    return [match.group(1) for line in section if (match := OPENSEARCH_ROW.fullmatch(line.strip()))]


def opensearch_names(text: str) -> SeedNames:
    lines = text.splitlines()
    return SeedNames(
        parameters=_opensearch_names(_section(lines, "請求參數", "返回參數")),
        fields_by_status={"200": _opensearch_names(_section(lines, "返回參數", "樣本"))},
    )


# --- seed examples --------------------------------------------------------------------------------

EXAMPLE_SECTION_HEADINGS = ("响应示例", "正常返回样本", "正常返回樣本")
# Huawei seeds head each example with `状态码:400`, ZStack with a bare `200`; the others show only 200.
STATUS_LINE = re.compile(r"(?:状态码[:：]\s*)?([1-5]\d\d)")


@dataclass(frozen=True)
class SeedExample:
    status: str
    value: Any
    line: int  # 1-based line of the opening brace in the seed


def extract_seed_examples(text: str) -> list[SeedExample]:
    """Every JSON object of the seed's response-example section, with the status it is shown for."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    starts = [number for number, line in enumerate(lines) if line.strip() in EXAMPLE_SECTION_HEADINGS]
    if not starts:
        raise ValueError(f"no response-example section (one of {EXAMPLE_SECTION_HEADINGS}) in the seed")
    decoder = json.JSONDecoder()
    status = "200"
    found: list[SeedExample] = []
    number = starts[0] + 1
    while number < len(lines):
        stripped = lines[number].strip()
        heading = STATUS_LINE.fullmatch(stripped)
        if heading:
            status = heading.group(1)
        elif stripped.startswith("{"):
            begin = offsets[number] + lines[number].index("{")
            try:
                value, end = decoder.raw_decode(text, begin)
            except json.JSONDecodeError as error:
                raise ValueError(f"seed line {number + 1}: a '{{' line that is not JSON: {error}") from error
            found.append(SeedExample(status, value, number + 1))
            while number < len(lines) and offsets[number] < end:
                number += 1  # skip the lines the JSON object spans
            continue
        number += 1
    return found


# --- the document's own row for each parameter, quoted by the suite's failures ------------------------

ROW_QUOTE_LIMIT = 240  # characters of a quoted row; the rest of a long description is elided
# Cells that open the next table or section, so a parameter's row ends before them.
ROW_ENDS = frozenset(
    {
        "参数",
        "是否必选",
        "参数类型",
        "描述",
        "请求参数",
        "响应参数",
        "響應參數",
        "請求參數",
        "返回參數",
        "名稱",
    }
    | {"响应状态", "请求地址"}
)


@dataclass(frozen=True)
class SeedRow:
    line: int  # 1-based line of the parameter's name in the seed
    text: str  # the row's cells, one per non-empty line, joined with " | "


def _cell_name(line: str) -> str:
    stripped = line.strip()
    bullet = ZSTACK_BULLET.fullmatch(stripped)
    if bullet:
        return bullet.group(1)
    cell = stripped.strip("|").strip()
    return cell.removesuffix(" deprecated")


def _row_text(cells: list[str]) -> str:
    text = " | ".join(cells)
    return text if len(text) <= ROW_QUOTE_LIMIT else text[: ROW_QUOTE_LIMIT - 1] + "…"


def parameter_rows(text: str, names: Names) -> dict[str, SeedRow]:
    """Each named parameter's row in the document: the lines from its name to the next parameter's.

    Names are found in document order, each after the one before (every format lists a parameter's
    name as a cell of its own line, before its type and description); a name the document does not
    show as a cell gets no row. The last row takes as many cells as the row before it had.
    """
    lines = text.splitlines()
    found: list[tuple[str, int]] = []
    cursor = 0
    for name in dict.fromkeys(names):
        at = next((n for n in range(cursor, len(lines)) if _cell_name(lines[n]) == name), None)
        if at is not None:
            found.append((name, at))
            cursor = at + 1
    rows: dict[str, SeedRow] = {}
    width = 4
    for index, (name, at) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(lines)
        cells = []
        for line in lines[at:end]:
            cell = line.strip().strip("|").strip()
            if cells and (cell in ROW_ENDS or cell.startswith(("---", "状态码"))):
                break
            if cell:
                cells.append(cell)
        if index + 1 < len(found):
            width = max(len(cells), 1)
        rows[name] = SeedRow(at + 1, _row_text(cells[:width]))
    return rows
