"""Derived data kept in .cache/derived: used only for the same key, made again when damaged,
never a reason for a run to fail."""
from __future__ import annotations

import json
import os

import pytest

from generator import derived
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

    assert derived.kept("thing", ["v1", 1], make) == {"ก": 0.5, "years": [2568]}
    assert derived.kept("thing", ["v1", 1], make) == {"ก": 0.5, "years": [2568]} and len(made) == 1
    assert derived.kept("thing", ["v1", 2], make) and len(made) == 2  # the source changed
    assert json.loads((folder / "thing.json").read_text(encoding="utf-8"))["key"] == ["v1", 2]


@pytest.mark.parametrize("damage", [b"", b"{", b"[1, 2]", b'{"key": ["v1"]}', b"\xff\xfe", b"1e999999"])
def test_a_damaged_file_is_made_again(folder, damage):
    folder.mkdir()
    (folder / "thing.json").write_bytes(damage)
    assert derived.kept("thing", ["v1"], lambda: [1, 2, 3]) == [1, 2, 3]
    assert json.loads((folder / "thing.json").read_bytes())["value"] == [1, 2, 3]


def test_an_unwritable_cache_or_an_unkeepable_value_only_costs_time(folder):
    folder.parent.mkdir(exist_ok=True)
    folder.write_text("a file where the folder should be")
    assert derived.kept("thing", ["v1"], lambda: "ค่า") == "ค่า"
    assert derived.kept("other", ["v1"], lambda: "\ud800") == "\ud800"  # not UTF-8: not kept, still given


def test_the_kept_word_list_is_the_one_built_from_pythainlp():
    from pythainlp.corpus import thai_words

    built = WordList(thai_words())
    kept = thai_word_list()
    assert kept.words == built.words and kept.beginnings == built.beginnings
    assert kept.prefixes("ตัวชี้วัดที่") == built.prefixes("ตัวชี้วัดที่")
    assert os.path.getsize(derived.DERIVED / "words-words_th.json") > 1_000_000
