"""The report's annex on the facilitated panel: when and where each session met, and how
many people of each role and sex took part (IPU toolkits ask the report to say who
assessed). Counts only: the names on the attendance sheet stay in the platform."""

from __future__ import annotations

from typing import Any

from selfassess.exports.report import Context, PanelSessionRecord, word

#: The sexes the attendance sheet counts, in the columns' order.
SEXES = ("female", "male")
#: Column widths in cm (16 cm of text width): the place needs room, counts do not.
WIDTHS = (2.0, 2.3, 3.8, 2.9, 1.7, 1.7, 1.6)


def _role_label(c: Context, key: str) -> str:
    roles = {r.key: r for r in c.definition.roles}
    return c.t(roles[key].label) if key in roles else key


def _rows(c: Context, session: PanelSessionRecord) -> list[list[str]]:
    when = session.held_on.isoformat() if session.held_on else "–"
    head = [str(session.number), when, session.place or "–"]
    if not session.held:
        return [[*head, c._("planned"), "", "", ""]]
    rows = []
    keys = [r.key for r in c.definition.roles if r.key in session.attendance]
    keys += sorted(k for k in session.attendance if k not in keys)
    for key in keys:
        counts = [int(session.attendance[key].get(sex, 0)) for sex in SEXES]
        rows.append([*head, _role_label(c, key), *map(str, counts), str(sum(counts))])
        head = ["", "", ""]  # the session's number, date and place once
    if not rows:
        rows.append([*head, c._("not recorded"), "", "", ""])
    return rows


def annex(document: Any, c: Context) -> None:
    sessions = c.inputs.panel_sessions
    if not sessions:
        return
    _ = c._
    document.add_heading(_("Panel sessions and attendance"), level=1)
    word.paragraph(
        document,
        _(
            "The facilitated panel agreed the grades in these sessions. Attendance is "
            "counted by role and sex; names are kept by the secretariat, not printed here."
        ),
    )
    rows = [row for session in sessions for row in _rows(c, session)]
    totals = [0, 0]
    for session in sessions:
        if session.held:
            for by_sex in session.attendance.values():
                for i, sex in enumerate(SEXES):
                    totals[i] += int(by_sex.get(sex, 0))
    rows.append(["", "", "", _("All sessions"), *map(str, totals), str(sum(totals))])
    word.table(
        document,
        [_("Session"), _("Date"), _("Place"), _("Role"), _("Women"), _("Men"), _("Total")],
        rows,
        numeric_from=4,
        widths=WIDTHS,
        bold_rows=[len(rows) - 1],
    )
