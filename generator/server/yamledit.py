"""A round's YAML edited as the person wrote it: ruamel.yaml round-trips a file with its comments and order, so
a save changes the values that changed and nothing else. Files are known by a version (the SHA-256 of their
text); a save against an older version is merged field by field, or refused with what the other person changed."""
from __future__ import annotations

import copy
import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def version(text: str) -> str:
    """
    >>> version("a: 1\\n")[:12]
    '37b128c59f1f'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(text: str):
    """The round-trip parse of ``text``, the caller's own to change: a copy of the kept parse (a tenth of a new one;
    a form's file is read at every page, check and save)."""
    return copy.deepcopy(_loaded(text))


@lru_cache(maxsize=64)
def _loaded(text: str):
    """The round-trip parse of ``text``, made once per text: never changed, only read or copied."""
    return _yaml().load(text)


def dump(data) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def norm(text: str) -> str:
    """A typed value as it is compared: spaces in each line made one, empty lines left out.

    >>> norm("  ก   ข \\n\\n ค ")
    'ก ข\\nค'
    """
    return "\n".join(" ".join(line.split()) for line in str(text).splitlines() if line.strip())


def _scalar(node) -> str:
    if node is None:
        return ""
    if isinstance(node, float) and node.is_integer():
        return str(int(node))
    return norm(node) if isinstance(node, str) else str(node)


def get(data, path: tuple) -> str | None:
    """The value at ``path`` as the form shows it, or None when the file has no such field. A list of lines
    (a phrase of several lines) is shown one per line.

    >>> get(load("forms:\\n  team: {number: 1, weight: 40}  # w\\n"), ("forms", "team", "weight"))
    '40'
    >>> get(load("t: [9, ต่ำกว่า 5]\\nw: [ก, ข]\\n"), ("t", 1)), get(load("w: [ก, ข]\\n"), ("w",))
    ('ต่ำกว่า 5', 'ก\\nข')
    """
    node = data
    for key in path:
        if isinstance(node, CommentedMap) and key in node:
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    if isinstance(node, CommentedSeq) and all(not isinstance(n, (CommentedMap, CommentedSeq)) for n in node):
        return "\n".join(_scalar(n) for n in node)
    if isinstance(node, (CommentedMap, CommentedSeq)):
        return None
    return _scalar(node)


def typed(text: str):
    """What a typed value is written as: a number stays a number (weights), any other text a string.

    >>> typed("45"), typed("12.5"), typed(" เรื่อง "), typed("")
    (45, 12.5, 'เรื่อง', None)
    """
    text = text.strip()
    if not text:
        return None
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    return text


def _has(node, key) -> bool:
    if isinstance(node, CommentedSeq):
        return isinstance(key, int) and key < len(node)
    return key in node


def put(data, path: tuple, text: str) -> None:
    """Set the value at ``path`` (its comment stays where it was); missing mappings and lists on the way are made
    (a list's missing items blank). Several lines are written as a list of lines.

    >>> data = load("a: [1, 2]\\n")
    >>> put(data, ("a", 3), "4"); put(data, ("b", "c"), "ก\\nข"); dump(data)
    "a: [1, 2, '', 4]\\nb:\\n  c:\\n    - ก\\n    - ข\\n"
    """
    node = data
    for key, following in zip(path[:-1], path[1:]):
        if not _has(node, key) or node[key] is None:
            _set(node, key, CommentedSeq() if isinstance(following, int) else CommentedMap())
        node = node[key]
    lines = norm(text).split("\n")
    _set(node, path[-1], CommentedSeq(lines) if len(lines) > 1 else typed(text))


def _set(node, key, value) -> None:
    if isinstance(node, CommentedSeq):
        while len(node) <= key:
            node.append("")
    node[key] = value


def apply(text: str, values: dict[tuple, str]) -> str:
    """``text`` with the fields in ``values`` set; a field typed as it already is leaves its text untouched.

    >>> apply("to: x  # who\\n", {("to",): "x", ("closing",): ""})
    'to: x  # who\\n'
    >>> apply("to: x  # who\\n", {("to",): "y"})
    'to: y  # who\\n'
    """
    data = load(text)
    changed = False
    for path, value in values.items():
        if (get(data, path) or "") != norm(value):  # a field the file lacks, left empty, stays out
            put(data, path, value)
            changed = True
    return dump(data) if changed else text


_FAST = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)  # libyaml: the node's place without building values
_NOT_TEXT_KEYS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:null"}


def field_lines(text: str, paths) -> dict[tuple, tuple[int, int]]:
    """Where each field's key sits in ``text``: (line, column), both from 1, for matching the checks' findings
    (text that is no YAML has none).

    >>> field_lines("a: 1\\nforms:\\n  team: {number: 1, weight: 40}\\n", [("a",), ("forms", "team", "weight")])
    {('a',): (1, 1), ('forms', 'team', 'weight'): (3, 21)}
    >>> field_lines("a:\\n  - x\\n  - y\\n", [("a", 1), ("a", 2)])  # a list's item: where the item starts
    {('a', 1): (3, 5)}
    >>> field_lines("a: [1\\n", [("a",)]), field_lines("1: x\\n", [("1",)])
    ({}, {})
    """
    try:
        root = pyyaml.compose(text, Loader=_FAST)
    except pyyaml.YAMLError:
        return {}
    found = {}
    for path in paths:
        node = root
        for key in path[:-1]:
            node = _entry(node, key)[1]
        key_node = _entry(node, path[-1])[0]
        if key_node is not None:
            found[path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return found


def _entry(node, key) -> tuple:
    """The (key node, value node) of ``key`` in a mapping node, as the round-trip reader keys it (a key that reads
    as a number or null is not the text ``key``), or the (item node, item node) of item ``key`` of a list node;
    (None, None) when there is none."""
    if isinstance(node, pyyaml.SequenceNode):
        if isinstance(key, int) and 0 <= key < len(node.value):
            return node.value[key], node.value[key]
        return None, None
    if isinstance(node, pyyaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, pyyaml.ScalarNode) and key_node.value == key and key_node.tag not in _NOT_TEXT_KEYS:
                return key_node, value_node
    return None, None


@dataclass
class Change:
    path: tuple
    base: str | None
    theirs: str | None
    mine: str


def merge(base: str, current: str, values: dict[tuple, str]) -> tuple[str, list[Change], list[Change]]:
    """A save of ``values`` made on ``base`` when the file is now ``current``: the merged text, the fields the
    other person changed (kept), and the conflicts (both changed one field differently: nothing is written then).

    >>> merged, theirs, conflicts = merge("a: 1\\nb: 2\\n", "a: 5\\nb: 2\\n", {("a",): "1", ("b",): "3"})
    >>> merged, [c.path for c in theirs], conflicts
    ('a: 5\\nb: 3\\n', [('a',)], [])
    >>> merge("a: 1\\n", "a: 5\\n", {("a",): "7"})[2][0].theirs
    '5'
    """
    old, now = _loaded(base), _loaded(current)
    mine = {}
    theirs, conflicts = [], []
    for path, value in values.items():
        typed_value = norm(value)
        was, is_now = get(old, path) or "", get(now, path) or ""
        if was != is_now:
            theirs.append(Change(path, was, is_now, typed_value))
        if typed_value != was:
            if was != is_now and typed_value != is_now:
                conflicts.append(Change(path, was, is_now, typed_value))
            else:
                mine[path] = value
    if conflicts:
        return current, theirs, conflicts
    return apply(current, mine), theirs, conflicts
