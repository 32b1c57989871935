"""The assessment report as a Word draft (interfaces.md ``selfassess report``).

Pure: everything arrives in :class:`ReportInputs` (the round's results JSON, agreed
grades, a comparison, the register) and the translation function of the chosen
language; ``.docx`` bytes come out. Every number is read from those documents, never
recomputed, so the report, the pages, the JSON and the workbook agree; a suppressed
cell prints as a dash with a note, never with its n.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from selfassess.instrument.model import Definition, text

#: gettext with ``%(name)s`` placeholders, as Flask-Babel's ``gettext(msgid, **values)``.
Translate = Callable[..., str]


@dataclass(frozen=True)
class Participation:
    """One group's invitations and submitted responses (None: not published)."""

    group: str
    invited: int
    submitted: int | None


@dataclass(frozen=True)
class PanelSessionRecord:
    """One panel session for the attendance annex: counts only, never names."""

    number: int
    held_on: date | None
    place: str
    held: bool
    #: Role key -> ``female``/``male`` -> number of people present.
    attendance: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportInputs:
    definition: Definition
    #: ``selfassess results ROUND --format json`` (scoring.md), suppression applied.
    results: Mapping[str, Any]
    round_title: str
    k: int
    opened: date | None
    closed: date | None
    generated_at: datetime
    software_version: str
    participation: Sequence[Participation] = ()
    #: The results' ``consensus`` block (consensus.md), if the round has one.
    consensus: Mapping[str, Any] | None = None
    #: Per panel question: its current agreed grade (``grade``, ``evidence``, ``notes``).
    grades: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: ``selfassess compare EARLIER ROUND`` (compare.md), when an earlier round is given.
    comparison: Mapping[str, Any] | None = None
    #: Recommendations of the register (recommendations.md) for this instrument.
    recommendations: Sequence[Mapping[str, Any]] = ()
    #: The round's panel sessions, in number order (consensus.md), for the annex.
    panel_sessions: Sequence[PanelSessionRecord] = ()


@dataclass(frozen=True)
class Context:
    """What every section needs: inputs, language and the translation function."""

    inputs: ReportInputs
    lang: str
    _: Translate

    def t(self, value: Any) -> str:
        """An instrument text in the report's language (falling back to the first)."""
        return text(value, self.lang)

    @property
    def definition(self) -> Definition:
        return self.inputs.definition

    def group_label(self, group: str) -> str:
        """``role=mp,sex=female`` as ``Member of Parliament · Female``."""
        if group == "all":
            return self._("Everyone")
        parts = []
        for part in group.split(","):
            key, _sep, code = part.partition("=")
            if key == "role":
                roles = {r.key: r for r in self.definition.roles}
                parts.append(self.t(roles[code].label) if code in roles else code)
            else:
                fields = {p.key: p for p in self.definition.profile}
                option = fields[key].option(code) if key in fields else None
                parts.append(self.t(option.label) if option else code)
        return " · ".join(parts)

    def dimension_title(self, key: str) -> str:
        dims = {d.key: d for d in self.definition.iter_dimensions()}
        return self.t(dims[key].title) if key in dims else key


def build_report(inputs: ReportInputs, lang: str, translate: Translate) -> bytes:
    """The report as ``.docx`` bytes, in ``lang`` (``en`` or ``mn``)."""
    from selfassess.exports.report import annexes, attendance, sections, word

    context = Context(inputs, lang, translate)
    document = word.new_document(lang)
    sections.cover(document, context)
    sections.method(document, context)
    sections.participation(document, context)
    sections.findings(document, context)
    annexes.change(document, context)
    annexes.recommendations(document, context)
    attendance.annex(document, context)
    annexes.codebook(document, context)
    return word.to_bytes(document)


__all__ = ["PanelSessionRecord", "Participation", "ReportInputs", "Translate", "build_report"]
