"""The canonical plain form of a definition, and the canonical YAML text.

:func:`definition_to_dict` gives the YAML format with every default filled in (roles,
weights, booleans), tuples as lists, and optional keys left out when empty, always the
same way. The keys of format revision 2 (a question's ``assessed_by``, the top-level
``gaps``) are left out when they hold their default, so that files written before them
keep their content hash. Its JSON is what a version's content hash is computed from, and it is what the
database stores; :func:`definition_from_dict` rebuilds the Definition from it through the
same validator as files.
"""

from __future__ import annotations

from typing import Any

import yaml

from selfassess.instrument.errors import InvalidDefinition, Issues
from selfassess.instrument.model import (
    ASSESSORS,
    FORMAT,
    Definition,
    Dimension,
    Option,
    ProfileField,
    Question,
    Scale,
    Text,
)
from selfassess.instrument.tree import from_plain
from selfassess.instrument.validate import validate


def definition_to_dict(defn: Definition) -> dict[str, Any]:
    """The definition as plain data in the file format's key order."""
    langs = defn.languages
    data: dict[str, Any] = {
        "format": FORMAT,
        "key": defn.key,
        "version": defn.version,
        "languages": list(langs),
    }
    if defn.draft_languages:
        data["draft_languages"] = list(defn.draft_languages)
    data["title"] = _text(defn.title, langs)
    _put_text(data, "description", defn.description, langs)
    data["roles"] = {role.key: _text(role.label, langs) for role in defn.roles}
    if defn.profile:
        data["profile"] = [_profile_field(field, langs) for field in defn.profile]
    if defn.gaps:
        data["gaps"] = [{"field": gap.field, "a": gap.a, "b": gap.b} for gap in defn.gaps]
    if defn.scales:
        data["scales"] = {scale.key: _scale(scale, langs) for scale in defn.scales}
    data["dimensions"] = [_dimension(dim, langs) for dim in defn.dimensions]
    return data


def definition_from_dict(data: dict[str, Any]) -> Definition:
    """The Definition of canonical data (as stored); :class:`InvalidDefinition` if invalid."""
    issues = Issues("<definition>")
    definition = validate(from_plain(data), issues)
    if definition is None:
        raise InvalidDefinition(issues)
    return definition


def to_yaml(defn: Definition) -> str:
    """Canonical YAML text of the definition (UTF-8, texts as written, format key order)."""
    return yaml.dump(
        _flow_leaves(definition_to_dict(defn)),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )


# -- pieces ------------------------------------------------------------------------------


def _text(value: Text, langs: tuple[str, ...]) -> dict[str, str]:
    return {lang: value[lang] for lang in langs if lang in value}


def _put_text(data: dict[str, Any], name: str, value: Text | None, langs: tuple[str, ...]) -> None:
    if value:
        data[name] = _text(value, langs)


def _options(options: tuple[Option, ...], langs: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"code": o.code, "label": _text(o.label, langs)} for o in options]


def _scale(scale: Scale, langs: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "points": [{"value": p.value, "label": _text(p.label, langs)} for p in scale.points]
    }
    if scale.missing:
        data["missing"] = _options(scale.missing, langs)
    return data


def _profile_field(field: ProfileField, langs: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {"key": field.key, "type": field.type}
    data["label"] = _text(field.label, langs)
    _put_text(data, "help", field.help, langs)
    data["roles"] = list(field.roles)
    data["required"] = field.required
    if field.type == "choice":
        data["options"] = _options(field.options, langs)
    return data


def _dimension(dim: Dimension, langs: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {"key": dim.key, "title": _text(dim.title, langs)}
    _put_text(data, "description", dim.description, langs)
    data["weight"] = dim.weight
    if dim.dimensions:
        data["dimensions"] = [_dimension(child, langs) for child in dim.dimensions]
    else:
        data["questions"] = [_question(q, langs) for q in dim.questions]
    return data


def _question(question: Question, langs: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {"key": question.key, "type": question.type}
    if question.type == "scale":
        data["scale"] = question.scale
    data["text"] = _text(question.text, langs)
    _put_text(data, "help", question.help, langs)
    data["roles"] = list(question.roles)
    if question.assessed_by != ASSESSORS:
        data["assessed_by"] = list(question.assessed_by)
    if question.type == "scale":
        data["weight"] = question.weight
        data["reverse"] = question.reverse
    data["required"] = question.required
    data["comment"] = question.comment
    if question.type in ("choice", "multi"):
        data["options"] = _options(question.options, langs)
    for name in ("min", "max"):
        if getattr(question, name) is not None:
            data[name] = getattr(question, name)
    return data


class _Dumper(yaml.SafeDumper):
    """Safe dumper: short leaves on one line (``{en: ..., mn: ...}``, ``[mp, staff]``),
    multi-line texts as literal blocks."""


class _FlowDict(dict[str, Any]):
    pass


class _FlowList(list[Any]):
    pass


def _flow_leaves(value: Any) -> Any:
    """Marks mappings and lists of single-line scalars to be written in flow style."""
    if isinstance(value, dict):
        items = {k: _flow_leaves(v) for k, v in value.items()}
        return _FlowDict(items) if _single_line_scalars(items.values()) else items
    if isinstance(value, list):
        items_list = [_flow_leaves(v) for v in value]
        return _FlowList(items_list) if _single_line_scalars(items_list) else items_list
    return value


def _single_line_scalars(values: Any) -> bool:
    return all(
        isinstance(v, int | float | bool) or (isinstance(v, str) and "\n" not in v) for v in values
    )


def _represent_flow_dict(dumper: yaml.SafeDumper, value: _FlowDict) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


def _represent_flow_list(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_FlowDict, _represent_flow_dict)
_Dumper.add_representer(_FlowList, _represent_flow_list)
