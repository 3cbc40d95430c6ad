"""The Thai word list the tokenizer looks words up in, made once per process.

pythainlp's newmm tokenizer asks its dictionary one thing: which words start at a
position of the text (``prefixes``). pythainlp's own Trie answers it with a node
object per letter: about 60 MB and more than a second to build for its 62,000
words, and the program needs two lists (pythainlp's words for the spelling check,
the same words and the office's compounds for line breaks). Here a list is two sets
of the same strings — its words and every shorter beginning of a word — which take
less than half the memory and time, and the office's list shares the common words'
sets instead of building them again. The words found, and so the tokens, are the same.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..base.derived import made_once


class WordList:
    """Words, as pythainlp's Trie answers for them (``prefixes``, ``in``, ``len``).

    >>> words = WordList(["สวัสดี", "สวัส", "ดี", "ครับ"])
    >>> words.prefixes("สวัสดีครับ")
    ['สวัส', 'สวัสดี']
    >>> words.prefixes("สวัสดีครับ", 6), "ดี" in words, "สวั" in words, len(words)
    (['ครับ'], True, False, 4)
    >>> words.with_words(["สวัสดีครับ"]).prefixes("สวัสดีครับ")
    ['สวัส', 'สวัสดี', 'สวัสดีครับ']
    """

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(w for w in (word.strip() for word in words) if w)
        # every proper beginning of a word: a walk along the text stops at the first that is none
        self.beginnings = frozenset(w[:i] for w in self.words for i in range(1, len(w)))

    @classmethod
    def of_sets(cls, words: frozenset[str], beginnings: frozenset[str]) -> WordList:
        """A list from its two sets, made already."""
        made = cls(())
        made.words, made.beginnings = words, beginnings
        return made

    def with_words(self, more: Iterable[str]) -> WordList:
        """This list and ``more``: the sets of this list are reused, not built again."""
        extra = WordList(more)
        return WordList.of_sets(self.words | extra.words, self.beginnings | extra.beginnings)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that begin at ``start`` of ``text``, shortest first (as pythainlp's Trie)."""
        found = []
        words, beginnings = self.words, self.beginnings
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            if piece in words:
                found.append(piece)
            if piece not in beginnings:
                break
        return found

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self):
        return iter(self.words)


def _kept_list(corpus: str, read) -> WordList:
    """The word list of one of pythainlp's corpus files, its sets kept in .cache/derived (they take
    longer to build than to read back)."""
    from importlib.util import find_spec

    from ..base.derived import file_key, kept, strings

    spec = find_spec("pythainlp")  # its folder, without importing it
    source = Path(spec.origin).parent / "corpus" / corpus if spec and spec.origin else Path(corpus)

    def make() -> list[list[str]]:
        made = WordList(read())
        return [sorted(made.words), sorted(made.beginnings)]

    words, beginnings = kept(f"words-{Path(corpus).stem}", ["word-list-1", file_key(source)], make,
                             lambda value: isinstance(value, list) and len(value) == 2 and all(map(strings, value)))
    return WordList.of_sets(frozenset(words), frozenset(beginnings))


@made_once
def thai_word_list() -> WordList:
    """pythainlp's Thai words (its default dictionary)."""
    def read():
        from pythainlp.corpus import thai_words

        return thai_words()

    return _kept_list("words_th.txt", read)


@made_once
def thai_syllable_list() -> WordList:
    """pythainlp's Thai syllables (the dictionary of its "dict" syllable tokenizer)."""
    def read():
        from pythainlp.corpus import thai_syllables

        return thai_syllables()

    return _kept_list("syllables_th.txt", read)


def syllables(text: str) -> list[str]:
    """pythainlp's ``syllable_tokenize(text, engine="dict")`` — its words, each cut into dictionary
    syllables — with the word lists above instead of two more tries.

    >>> syllables("โครงการพัฒนา")
    ['โครง', 'การ', 'พัฒ', 'นา']
    """
    from pythainlp.tokenize import word_tokenize

    return [syllable for word in word_tokenize(text, custom_dict=thai_word_list())
            for syllable in word_tokenize(word, custom_dict=thai_syllable_list())]
