"""Reading files of assessments: YAML, JSON, CSV (pure: no Django, no database)."""

from __future__ import annotations

import json

import pytest

from habitat_monitor.typology.files import UnreadableFile, read_text
from tests.typology.helpers import DEMO_FILE, ITEMS, raw

HEADER = ",".join(["country", "city", *ITEMS, "sector_challenges", "shocks", "priorities"])


def test_yaml_list_and_mapping_forms() -> None:
    one = {"country": "KEN", **raw()}
    as_list = read_text(json.dumps([one]), "a.yaml")
    as_mapping = read_text(json.dumps({"assessments": [one]}), "a.yml")
    assert as_list == as_mapping
    assert as_list[0].label == "KEN"
    assert as_list[0].data["scores"]["governance"] == 3


def test_json_file() -> None:
    (entry,) = read_text(json.dumps([{"place": "Kisumu", **raw()}]), "a.json")
    assert entry.label == "Kisumu"


def test_the_demo_file_has_two_rounds_with_loader_keys_kept_apart() -> None:
    entries = read_text(DEMO_FILE.read_text(encoding="utf-8"), DEMO_FILE.name)
    assert {entry.round for entry in entries} == {"2019-PILOT", "2019-ALL"}
    assert [e.label for e in entries if e.round == "2019-PILOT"] == ["IND", "KEN", "EGY", "COL"]
    jordan = next(e for e in entries if e.label == "JOR")
    assert "override" not in jordan.data
    assert jordan.extra["override"]["category"] == 5


def test_csv_rows_with_compact_cells() -> None:
    scores = ",".join(["3"] * len(ITEMS))
    text = (
        f"{HEADER},social_inclusion,evidence:governance\n"
        f"KEN,Nairobi,{scores},homelessness=3; water=2,natural=4 ongoing; man_made=2,1; 1.2,"
        f'"Women, youth",Policy adopted\n'
    )
    (entry,) = read_text(text, "a.csv")
    assert entry.label == "row 2: KEN Nairobi"
    assert entry.problems == ()
    data = entry.data
    assert data["scores"]["capacity_local"] == "3"
    assert data["sector_challenges"] == [
        {"sector": "homelessness", "severity": "3"},
        {"sector": "water", "severity": "2"},
    ]
    assert data["shocks"] == [
        {"kind": "natural", "severity": "4", "ongoing": True},
        {"kind": "man_made", "severity": "2", "ongoing": False},
    ]
    assert data["priorities"] == ["1", "1.2"]
    assert data["evidence"] == {"governance": "Policy adopted"}
    assert data["social_inclusion"] == "Women, youth"


def test_a_bad_csv_cell_is_a_problem_of_its_row_naming_the_column() -> None:
    scores = ",".join(["3"] * len(ITEMS))
    text = f"{HEADER}\nKEN,,{scores},homelessness,natural=4 soon,\nEGY,,{scores},,,\n"
    first, second = read_text(text, "a.csv")
    assert [problem.message for problem in first.problems] == [
        "sector_challenges: 'homelessness' does not read as name=severity.",
        "shocks: after the severity write ongoing or nothing.",
    ]
    assert second.problems == ()


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("a: [1,", "a.yaml", "a.yaml cannot be read"),
        ("{}", "a.json", "The file holds no list of assessments"),
        ("[1, 2]", "a.yaml", "#1: an assessment is a mapping of fields."),
        ("name,score\nKEN,3\n", "a.csv", "The CSV file needs a country (or place) column"),
        ("country, governance\nKEN,3\n", "a.csv", "empty or padded column name: ' governance'"),
    ],
)
def test_unreadable_files_say_why(text: str, name: str, message: str) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_text(text, name)
    assert message in caught.value.message
