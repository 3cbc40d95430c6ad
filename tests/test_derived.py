"""Derived data kept in .cache/derived: used only for the same key, made again when damaged,
never a reason for a run to fail."""
from __future__ import annotations

import json
import os

import pytest

from generator.base import derived
from generator.thai.words import WordList, thai_word_list


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(derived, "DERIVED", tmp_path / "derived")
    return tmp_path / "derived"


def test_a_kept_value_is_used_for_the_same_key_and_made_again_for_another(folder):
    made = []

    def make():
        made.append(1)
        return {"ก": 0.5, "years": [2568]}

    valid = lambda value: isinstance(value, dict)  # noqa: E731
    assert derived.kept("thing", ["v1", 1], make, valid) == {"ก": 0.5, "years": [2568]}
    assert derived.kept("thing", ["v1", 1], make, valid) == {"ก": 0.5, "years": [2568]} and len(made) == 1
    assert derived.kept("thing", ["v1", 2], make, valid) and len(made) == 2  # the source changed
    assert json.loads((folder / "thing.json").read_text(encoding="utf-8"))["key"] == ["v1", 2]


@pytest.mark.parametrize("damage", [b"", b"{", b"[1, 2]", b'{"key": ["v1"]}', b"\xff\xfe", b"1e999999"])
def test_a_damaged_file_is_made_again(folder, damage):
    folder.mkdir()
    (folder / "thing.json").write_bytes(damage)
    assert derived.kept("thing", ["v1"], lambda: [1, 2, 3], lambda value: isinstance(value, list)) == [1, 2, 3]
    assert json.loads((folder / "thing.json").read_bytes())["value"] == [1, 2, 3]


def test_an_unwritable_cache_or_an_unkeepable_value_only_costs_time(folder):
    folder.parent.mkdir(exist_ok=True)
    folder.write_text("a file where the folder should be")
    assert derived.kept("thing", ["v1"], lambda: "ค่า", lambda value: True) == "ค่า"
    assert derived.kept("other", ["v1"], lambda: "\ud800", lambda value: True) == "\ud800"  # not UTF-8: not kept


@pytest.mark.parametrize("value", ["5", "[5, 6]", '[["ก"], [1]]', '{"ก": 1}'])
def test_a_kept_word_list_of_the_wrong_shape_is_made_again(folder, value):
    from generator.thai.words import _kept_list

    first = _kept_list("syllables_th.txt", lambda: ["กา", "กาน"])  # kept with the right key
    path = folder / "words-syllables_th.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"key": stored["key"], "value": json.loads(value)}), encoding="utf-8")
    again = _kept_list("syllables_th.txt", lambda: ["กา", "กาน"])
    assert again.words == first.words == {"กา", "กาน"} and again.prefixes("กานดา") == ["กา", "กาน"]


def test_font_widths_of_a_damaged_kept_table_are_measured_again(folder):
    from generator.base import fonts

    if fonts.sarabun_file() is None:
        pytest.skip("the real TH SarabunPSK is not fetched")
    fonts._advances.cache_clear()
    width = fonts.text_width_pt("ตัวชี้วัด", 16)
    path = next(folder.glob("advances-*Regular.json"))
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["value"][0]["ต"] = "wide"
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    fonts._advances.cache_clear()
    assert fonts.text_width_pt("ตัวชี้วัด", 16) == width > 0
    fonts._advances.cache_clear()


def test_the_kept_word_list_is_the_one_built_from_pythainlp():
    from pythainlp.corpus import thai_words

    built = WordList(thai_words())
    kept = thai_word_list()
    assert kept.words == built.words and kept.beginnings == built.beginnings
    assert kept.prefixes("ตัวชี้วัดที่") == built.prefixes("ตัวชี้วัดที่")
    assert os.path.getsize(derived.DERIVED / "words-words_th.json") > 1_000_000


def test_a_kept_prepared_template_gives_the_same_documents_and_a_damaged_one_is_made_again(folder, tmp_path,
                                                                                          monkeypatch):
    from generator.documents import render
    from generator.build.stages import build_round
    from tests.rounds import copy_round

    monkeypatch.setattr(render, "_PREPARED", {})
    round_folder = copy_round(tmp_path, "2568-1-chachoengsao")
    build_round(round_folder, tmp_path / "first")  # prepares the templates and keeps them
    kept = sorted((folder / "templates").glob("*.docx"))
    assert kept
    for path in kept[:2]:
        path.write_bytes(b"PK\x03\x04 damaged")
    monkeypatch.setattr(render, "_PREPARED", {})
    build_round(round_folder, tmp_path / "second")  # the kept ones read, the damaged ones made again
    first = sorted((tmp_path / "first" / round_folder.name).glob("*.docx"))
    assert first and all(path.read_bytes() == (tmp_path / "second" / round_folder.name / path.name).read_bytes()
                         for path in first)
    assert all(path.read_bytes()[:4] == b"PK\x03\x04" and path.stat().st_size > 1000 for path in kept)
