"""Reading the YAML form into the located tree.

PyYAML composes the file into nodes that carry their line (``start_mark``); the tree is
built from those nodes here, so that every later problem can name its line. Scalars keep
PyYAML's safe-loader meaning (``true`` is a boolean, ``3`` a number); mapping keys are
taken as written, since every key of the format is a name. Duplicate keys, anchors and
aliases (a way to blow a small file up into a huge one), tags and deep nesting are
reported instead of followed.
"""

from __future__ import annotations

from typing import Any

import yaml

from selfassess.instrument.errors import Issues, describe_location
from selfassess.instrument.tree import Node
from selfassess.instrument.yaml_problems import plain_problem

#: Nesting deeper than this is not a questionnaire (the format needs about 12 levels).
MAX_DEPTH = 64

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(yaml.SafeLoader):
    """A safe loader that reports aliases instead of sharing nodes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_lines: list[int] = []

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]
            self.alias_lines.append(event.start_mark.line + 1)
            return yaml.ScalarNode(_NULL_TAG, "", event.start_mark, event.end_mark)
        return super().compose_node(parent, index)


def read_yaml(data: bytes, issues: Issues) -> Node | None:
    """The tree of a YAML file, or None with the reason in ``issues``."""
    text = _decode(data, issues)
    if text is None:
        return None
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        issues.add(_line(text, exc.position), _reader_problem(exc))
        return None
    try:
        document = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        line, problem = plain_problem(exc)
        issues.add(str(line), f"YAML syntax error: {problem}")
        return None
    except yaml.reader.ReaderError as exc:
        issues.add(_line(text, exc.position), _reader_problem(exc))
        return None
    except yaml.YAMLError as exc:
        issues.add("1", f"YAML error: {_one_line(str(exc))}")
        return None
    except RecursionError:
        issues.add("1", "the file is nested too deeply to be a questionnaire")
        return None
    finally:
        loader.dispose()
    for line in loader.alias_lines:
        issues.add(str(line), "aliases (*name) are not supported; write the value out")
    if document is None or (document.tag == _NULL_TAG and not document.value):
        issues.add("1", "the file is empty")
        return None
    return _Builder(loader, issues).node(document, 0)


def _decode(data: bytes, issues: Issues) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        issues.add(str(line), f"the file is not UTF-8 text (byte {data[exc.start]:#04x})")
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        issues.add(str(line), "the file is binary, not YAML text (it contains NUL bytes)")
        return None
    return text


def _line(text: str, position: int) -> str:
    return str(text.count("\n", 0, position) + 1)


def _reader_problem(exc: yaml.reader.ReaderError) -> str:
    return f"the file contains a character YAML does not allow ({_one_line(exc.reason)})"


def _one_line(message: str | None) -> str:
    return " ".join((message or "invalid").split())


class _Builder:
    def __init__(self, loader: _Loader, issues: Issues) -> None:
        self.loader = loader
        self.issues = issues

    def node(self, node: yaml.Node, depth: int, key_line: int | None = None) -> Node:
        line = node.start_mark.line + 1
        at = str(line)
        key_at = str(key_line) if key_line is not None else at
        if depth > MAX_DEPTH:
            self.issues.add(at, f"the file is nested more than {MAX_DEPTH} levels deep")
            return Node(None, at, key_at)
        if isinstance(node, yaml.MappingNode):
            self.check_tag(node, _MAP_TAG)
            return Node(self.mapping(node, depth), at, key_at)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, _SEQ_TAG)
            return Node([self.node(item, depth + 1) for item in node.value], at, key_at)
        return Node(self.scalar(node), at, key_at)

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Node]:
        result: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.issues.add(str(key_line), "a key must be a plain name, not a list or mapping")
                continue
            name = str(key_node.value)
            if name in result:
                first = describe_location(result[name].key_at)
                self.issues.add(str(key_line), f"duplicate key '{name}' (first at {first})")
                continue
            result[name] = self.node(value_node, depth + 1, key_line)
        return result

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:  # most scalars: no need for the constructor
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
            line = node.start_mark.line + 1
            problem = getattr(exc, "problem", None) or str(exc)
            self.issues.add(
                str(line), f"cannot read the value {node.value!r}: {_one_line(problem)}"
            )
            return None

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            line = node.start_mark.line + 1
            self.issues.add(str(line), f"YAML tags like {node.tag!r} are not supported")
