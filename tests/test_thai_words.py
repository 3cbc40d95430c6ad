"""The program's word list splits Thai text exactly as pythainlp's own dictionary does."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from generator.thai.breaks import COMPOUNDS, MONTHS
from generator.thai.words import WordList, thai_word_list

ROOT = Path(__file__).resolve().parent.parent
TRIE = Trie(set(thai_words()) | set(COMPOUNDS) | set(MONTHS))  # what the line breaks used before
WORDS = thai_word_list().with_words(COMPOUNDS + MONTHS)


def sample_texts() -> list[str]:
    """Every line of Thai the sample rounds hold (letters, KPIs, tables)."""
    texts = []
    for path in sorted((ROOT / "kpi_data").rglob("*")):
        if path.suffix in (".yaml", ".csv", ".txt") and path.is_file():
            texts.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return texts


def test_sample_rounds_split_the_same_as_with_pythainlps_trie():
    texts = sample_texts()
    assert len(texts) > 500
    differ = [t for t in texts if word_tokenize(t, engine="newmm", custom_dict=WORDS, keep_whitespace=True)
              != word_tokenize(t, engine="newmm", custom_dict=TRIE, keep_whitespace=True)]
    assert differ == []


def test_the_default_list_is_pythainlps_default_dictionary():
    text = "ตัวชี้วัดที่ ๔ ร้อยละของครัวเรือนยากจนเป้าหมายที่ได้รับการพัฒนาคุณภาพชีวิต"
    assert word_tokenize(text, engine="newmm", custom_dict=thai_word_list()) == word_tokenize(text, engine="newmm")
    assert len(thai_word_list()) == len(Trie(thai_words()))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="กขคงจตนบปมยรลวสหอะัาิีุูเแโไ่้๊๋์ำ ๑๒0123456789.", max_size=40))
def test_prefixes_are_those_of_the_trie(text):
    for start in range(len(text)):
        assert WORDS.prefixes(text, start) == TRIE.prefixes(text, start)


def test_syllables_and_longest_words_are_pythainlps():
    from pythainlp.tokenize import syllable_tokenize

    from generator.thai.words import syllables

    texts = sample_texts()[:400]
    assert [syllables(t) for t in texts] == [syllable_tokenize(t, engine="dict") for t in texts]
    assert [word_tokenize(t, engine="longest", custom_dict=thai_word_list()) for t in texts] == \
        [word_tokenize(t, engine="longest") for t in texts]
