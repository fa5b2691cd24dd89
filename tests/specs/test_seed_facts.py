"""The seed-facts extractor and checker (tools/seed_facts.py), on small fake seeds: no ../shared needed.

`make check-seeds` is what keeps the owned facts true to the documents, so it must notice every kind of
drift: a changed name, a changed example, a changed checksum, a missing or renamed seed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tools import seed_facts
from tools.seed_facts import SeedSource, check, extract_facts, load_facts, write_facts
from tools.seed_parsers import (
    extract_seed_examples,
    huawei_names,
    opensearch_names,
    pai_names,
    parameter_rows,
    zstack_names,
)

# A Huawei-format seed: a parameter table, a 200 field table, and one example per status.
FAKE_HUAWEI = """\
请求参数
参数 |
是否必选 |
参数类型 |
描述 |
---|---|---|---|
workspace_id |
是 |
String |
|
limit |
否 |
Integer |
|
响应参数
状态码:200
参数 |
参数类型 |
描述 |
---|---|---|
total |
Integer |
|
items |
Array |
|
状态码:400
参数 |
参数类型 |
描述 |
---|---|---|
error_code |
String |
|
响应示例
状态码:200
{
  "total": 1,
  "items": [{"id": "a"}]
}
状态码:400
{ "error_code": "E.1" }
"""
SOURCES = {"fake-api": SeedSource("900", huawei_names)}


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "900_fake.txt").write_text(FAKE_HUAWEI, encoding="utf-8")
    return folder


@pytest.fixture
def facts(tmp_path: Path, seeds: Path) -> Path:
    """An owned-facts folder freshly extracted from the fake seed."""
    folder = tmp_path / "facts"
    folder.mkdir()
    write_facts(extract_facts(seeds, "fake-api", SOURCES), folder)
    return folder


def _edit_facts(folder: Path, edit: object) -> None:
    path = folder / "fake-api.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_extraction_reads_names_examples_and_checksum(seeds: Path) -> None:
    fresh = extract_facts(seeds, "fake-api", SOURCES)
    assert fresh.seed_file == "900_fake.txt"
    assert fresh.sha256 == hashlib.sha256(FAKE_HUAWEI.encode("utf-8")).hexdigest()
    assert fresh.names.parameters == ["workspace_id", "limit"]
    assert fresh.names.fields_by_status == {"200": ["total", "items"], "400": ["error_code"]}
    assert [(e.status, e.line, e.value) for e in fresh.examples] == [
        ("200", 37, {"total": 1, "items": [{"id": "a"}]}),
        ("400", 42, {"error_code": "E.1"}),
    ]


def test_extraction_quotes_each_parameter_row_with_its_line(seeds: Path) -> None:
    rows = extract_facts(seeds, "fake-api", SOURCES).parameter_rows
    # The last row of the table stops before the next section's heading.
    assert {name: (row.line, row.text) for name, row in rows.items()} == {
        "workspace_id": (7, "workspace_id | 是 | String"),
        "limit": (11, "limit | 否 | Integer"),
    }


def test_a_changed_quoted_row_is_reported(seeds: Path, facts: Path) -> None:
    _edit_facts(facts, lambda data: data["parameter_rows"]["limit"].update(line=99))
    assert check(seeds, facts, SOURCES) == [
        "fake-api: parameter 'limit': its quoted row differs from the owned facts"
    ]


def test_owned_facts_round_trip(seeds: Path, facts: Path) -> None:
    assert load_facts("fake-api", facts) == extract_facts(seeds, "fake-api", SOURCES)
    assert check(seeds, facts, SOURCES) == []


def test_a_changed_parameter_is_reported(seeds: Path, facts: Path) -> None:
    _edit_facts(facts, lambda data: data["parameters"].remove("limit"))
    assert check(seeds, facts, SOURCES) == [
        "fake-api: parameter 'limit': 1× in the document, 0× in the owned facts"
    ]


def test_a_changed_field_order_and_a_new_status_are_reported(seeds: Path, facts: Path) -> None:
    def edit(data: dict) -> None:
        data["fields_by_status"]["200"].reverse()
        data["fields_by_status"]["401"] = ["error_msg"]

    _edit_facts(facts, edit)
    assert check(seeds, facts, SOURCES) == [
        "fake-api: status 200 fields: same names, in a different order than the document",
        "fake-api: status 401 field 'error_msg': 0× in the document, 1× in the owned facts",
    ]


def test_a_changed_example_is_reported(seeds: Path, facts: Path) -> None:
    _edit_facts(facts, lambda data: data["examples"][0]["value"].update(total=True))  # True is not 1
    assert check(seeds, facts, SOURCES) == [
        "fake-api: example 1 (document line 37, status 200): its JSON differs from the owned facts"
    ]


def test_a_dropped_example_is_reported(seeds: Path, facts: Path) -> None:
    _edit_facts(facts, lambda data: data["examples"].pop())
    assert check(seeds, facts, SOURCES) == ["fake-api: examples: 2 in the document, 1 in the owned facts"]


def test_a_changed_document_changes_the_checksum(seeds: Path, facts: Path) -> None:
    (seeds / "900_fake.txt").write_text(FAKE_HUAWEI + "\n", encoding="utf-8")  # same facts, other bytes
    [line] = check(seeds, facts, SOURCES)
    assert line.startswith("fake-api: sha256 of 900_fake.txt: ")


def test_a_renamed_or_missing_seed_is_reported(seeds: Path, facts: Path) -> None:
    (seeds / "900_fake.txt").rename(seeds / "900_newer.txt")
    assert check(seeds, facts, SOURCES)[0] == (
        "fake-api: seed file: 900_newer.txt in the documents, 900_fake.txt in the owned ones"
    )
    (seeds / "900_newer.txt").unlink()
    assert check(seeds, facts, SOURCES) == [
        f"fake-api: expected exactly one seed 900_*.txt in {seeds}, found none"
    ]


def test_a_missing_owned_facts_file_is_reported(seeds: Path, tmp_path: Path) -> None:
    [line] = check(seeds, tmp_path / "no-facts", SOURCES)
    assert line.startswith("fake-api: ") and "cannot read the owned seed facts" in line


def test_a_stray_owned_facts_file_is_reported(seeds: Path, facts: Path) -> None:
    (facts / "old-api.json").write_text("{}", encoding="utf-8")
    assert check(seeds, facts, SOURCES) == [f"old-api.json: owned facts of no spec in {facts.parent}"]


def test_an_unparseable_seed_is_reported(seeds: Path, facts: Path) -> None:
    (seeds / "900_fake.txt").write_text(FAKE_HUAWEI.replace("---|---|---|---|", "---|"), encoding="utf-8")
    [line] = check(seeds, facts, SOURCES)
    assert line.startswith("fake-api: cannot extract facts from 900_fake.txt: malformed table")


def test_cli_exits_2_on_a_missing_seed_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert seed_facts.main(["check", "--seeds", str(tmp_path / "absent")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"seed_facts: error: seed folder {tmp_path / 'absent'} does not exist (SEEDS=<dir>)"
    ]


def test_cli_check_prints_one_line_per_difference_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The real owned facts against an empty seed folder: every spec's seed is missing.
    assert seed_facts.main(["check", "--seeds", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    kept = [line.split(":")[0] for line in lines if line.endswith("not re-checked")]
    assert kept == seed_facts.unchecked()  # a spec added with a fixture seed: noted, not a difference
    lines = [line for line in lines if not line.endswith("not re-checked")]
    assert [line.split(":")[0] for line in lines] == list(seed_facts.SOURCES)
    assert all("found none" in line for line in lines)


def test_every_spec_has_owned_facts_naming_its_seed() -> None:
    for stem, source in seed_facts.SOURCES.items():
        owned = load_facts(stem)
        assert owned.spec == stem
        assert owned.seed_file.startswith(f"{source.prefix}_")
        assert len(owned.sha256) == 64 and int(owned.sha256, 16) >= 0


# --- the other document formats' parsers, on a few lines each -----------------------------------------

FAKE_PAI = """\
請求參數

名稱

類型

Sort

string

排序欄位。

Order

string

返回參數

TotalCount

integer

Services deprecated

array

樣本
"""

FAKE_ZSTACK = """\
查询参数

  • qString

    查询条件。

响应状态

  • inventoriesList

  • errorErrorCode

  • successBoolean

请求地址
"""

FAKE_OPENSEARCH = """\
請求參數
|
名稱 |
| instanceId |
string |
返回參數
| requestId |
string |
| result |
array |
樣本
"""


def test_pai_parser() -> None:
    names = pai_names(FAKE_PAI)
    assert names.parameters == ["Sort", "Order"]
    assert names.fields_by_status == {"200": ["TotalCount", "Services"]}


def test_zstack_parser() -> None:
    names = zstack_names(FAKE_ZSTACK)
    assert names.parameters == ["q"]
    assert names.fields_by_status == {"200": ["inventories", "error", "success"]}


def test_zstack_parser_rejects_an_unknown_type() -> None:
    with pytest.raises(ValueError, match="unrecognised field bullet"):
        zstack_names(FAKE_ZSTACK.replace("successBoolean", "successBool"))


def test_opensearch_parser() -> None:
    names = opensearch_names(FAKE_OPENSEARCH)
    assert (names.parameters, names.fields_by_status) == (["instanceId"], {"200": ["requestId", "result"]})


def test_example_extraction_needs_an_example_section() -> None:
    with pytest.raises(ValueError, match="no response-example section"):
        extract_seed_examples(FAKE_PAI)
    assert [e.status for e in extract_seed_examples('正常返回樣本\n{"a": 1}\n')] == ["200"]


def test_rows_of_the_other_formats() -> None:
    pai = parameter_rows(FAKE_PAI, pai_names(FAKE_PAI).parameters)
    assert [(row.line, row.text) for row in pai.values()] == [
        (7, "Sort | string | 排序欄位。"),
        (13, "Order | string"),
    ]
    zstack = parameter_rows(FAKE_ZSTACK, ["q"])
    assert (zstack["q"].line, zstack["q"].text) == (3, "• qString | 查询条件。")
    assert (
        parameter_rows(FAKE_OPENSEARCH, ["instanceId", "absent"])["instanceId"].text == "instanceId | string"
    )
    assert "absent" not in parameter_rows(FAKE_OPENSEARCH, ["instanceId", "absent"])
