"""Interface strings of the workbook, from the same gettext catalogues as the pages.

Only the workbook's own words live here (titles, column headers, the method text);
instrument texts come from the definition. Each English text is marked with :func:`N_`
so ``make catalog`` extracts it; its translations (the Mongolian ones a draft awaiting
a native speaker's review, like every interface string) are read with Babel's
``Translations``, which needs no Flask, so the export stays pure. Placeholders use
``str.format`` names: ``{k}``, ``{date}``, ``{version}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.support import Translations

from selfassess.languages import LANGUAGES

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


def N_(message: str) -> str:
    """Marks ``message`` for extraction; translated later, by :func:`strings`."""
    return message


def pgettext(context: str, message: str) -> tuple[str, str]:
    """Marks ``message`` for extraction in ``context`` (Babel extracts this name with
    its context); translated later, by :func:`strings`. A context keeps a sheet's word
    apart from the same English word elsewhere ("Change", a noun here, is a verb on a
    page)."""
    return context, message


#: The workbook's words in English, by key; other languages come from the gettext
#: catalogues (``selfassess/translations``), like every page's words.
EN: dict[str, str] = {
    # Sheet names (at most 31 characters, none of []:*?/\ — Excel's rules).
    "sheet.Summary": N_("Summary"),
    "sheet.Dimensions": N_("Dimensions"),
    "sheet.Questions": N_("Questions"),
    "sheet.Comments": N_("Comments"),
    "sheet.Data": N_("Data"),
    "sheet.Codebook": N_("Codebook"),
    "sheet.Method": N_("Method"),
    "sheet.Comparison": N_("Comparison"),
    "title": N_("Self-assessment results"),
    "round": N_("Round"),
    "instrument": N_("Instrument"),
    "generated": N_("Generated"),
    "software": N_("Software"),
    "k": N_("Minimum group size (k)"),
    "submitted": N_("Submitted responses"),
    "drafts": N_("Drafts (never counted)"),
    "by_role": N_("Submitted responses by role"),
    "overall_by_group": N_("Overall index by group"),
    "chart_title": N_("Top-level dimension scores by role"),
    "chart_gap": N_("Top-level dimension scores: {sides}"),
    "invited": N_("Invited"),
    "printing": N_("Printing"),
    "print_note": N_(
        "The sheets print on A4, fitted to the page width (the Dimensions sheet of many "
        "groups: whole comparisons side by side, page after page), with their header "
        "rows on every page. The Data sheet is for analysis software (one row per "
        "response, {columns} columns): printing the workbook gives one page of it, its first "
        "header cell. To print all of it, clear its print area."
    ),
    "page": N_("Page"),
    "rate": N_("Response rate (%)"),
    "chart_data": N_("Chart data (suppressed cells left empty)"),
    "group": N_("Group"),
    "role": N_("Role"),
    "question_text": N_("Question text"),
    "group_key": N_("Group key"),
    "all": N_("All respondents"),
    "n": N_("n"),
    "score": N_("Score"),
    "sd": N_("SD"),
    "median": N_("Median"),
    "count": N_("Count"),
    "dimensions_title": N_("Dimension scores"),
    "questions_title": N_("Scale question scores"),
    "comments_title": N_("Comments and free-text answers"),
    "codebook_title": N_("Codebook"),
    "method_title": N_("Method"),
    "scores_note": N_(
        "Scores run from 0 to 100. n = respondents with a score. "
        "n<{k}: fewer than {k} respondents, so the result is not published."
    ),
    "comments_note": N_(
        "{count} texts, without respondent identity, ordered by question and then alphabetically."
    ),
    "key": N_("Key"),
    "dimension": N_("Dimension"),
    "question": N_("Question"),
    "text": N_("Text"),
    "scale": N_("Scale"),
    "gap": N_("Gap"),
    "ci": N_("Interval (95%)"),
    "role_of_writer": N_("Written by"),
    "role_too_few": N_("not shown (fewer than {k})"),
    "themes": N_("Themes"),
    "comments_too_few": N_(
        "Not shown: the round has fewer than {k} submitted responses, so a comment could "
        "point to its writer."
    ),
    "distribution": N_("Answers of all respondents the question applies to"),
    "blank": N_("blank"),
    "kind": N_("Kind"),
    "kind.answer": N_("answer"),
    "kind.comment": N_("comment"),
    "belongs_to": N_("Belongs to"),
    "type": N_("Type"),
    "roles": N_("Roles"),
    "weight": N_("Weight"),
    "reverse": N_("Reverse"),
    "value": N_("Value / code"),
    "details": N_("Details"),
    "help": N_("Help"),
    "yes": N_("yes"),
    "no": N_("no"),
    "required": N_("required"),
    "with_comment": N_("comment allowed"),
    "cb.instrument": N_("instrument"),
    "cb.role": N_("role"),
    "cb.profile": N_("profile field"),
    "cb.option": N_("option"),
    "cb.scale": N_("scale"),
    "cb.point": N_("point"),
    "cb.missing": N_("missing code"),
    "cb.dimension": N_("dimension"),
    "cb.question": N_("question"),
    "cb.column": N_("data column"),
    # Question and profile field types, as the Codebook's Type column shows them.
    "qtype.scale": N_("scale"),
    "qtype.choice": N_("choice"),
    "qtype.multi": N_("multiple choice"),
    "qtype.number": N_("number"),
    "qtype.text": N_("text"),
    "col.respondent": N_("Pseudonymous respondent id, drawn anew for every export."),
    "col.role": N_("The respondent's role (a role key)."),
    "data.respondent": N_("Respondent"),
    "data.header": N_("Data sheet header: {name}"),
    "method.scale.h": N_("Scale"),
    "method.scale": N_(
        "Every score runs from 0 to 100 so that dimensions, instruments and rounds compare. "
        "Only submitted responses count; drafts never do."
    ),
    "method.item.h": N_("Item score"),
    "method.item": N_(
        "For an answer with point value v on a scale whose lowest and highest point values "
        "are lo and hi: s = (v − lo) / (hi − lo) × 100. A missing code (such as "
        "“don't know”) or no answer gives no item score."
    ),
    "method.reverse.h": N_("Reverse items"),
    "method.reverse": N_("For a reverse-coded question the item score is 100 − s."),
    "method.leaf.h": N_("Dimension score"),
    "method.leaf": N_(
        "A question applies to a respondent when it is asked of the respondent's role. "
        "A respondent has a score on a dimension that holds questions only when at least "
        "half of the applicable scale questions have an item score; the score is then the "
        "weighted mean of those item scores (weights: question weights)."
    ),
    "method.parent.h": N_("Dimensions with sub-dimensions"),
    "method.parent": N_(
        "The weighted mean of the sub-dimensions' scores that exist (weights: dimension "
        "weights); no score when every sub-dimension lacks one."
    ),
    "method.overall.h": N_("Overall index"),
    "method.overall": N_(
        "The weighted mean of a respondent's top-level dimension scores that exist."
    ),
    "method.groups.h": N_("Groups"),
    "method.groups": N_(
        "Results are given for all respondents, for each role, for each value of each "
        "choice profile field, and for each role crossed with each such value. "
        "A respondent without a value for a field belongs to none of its groups."
    ),
    "method.stats.h": N_("Group statistics"),
    "method.stats": N_(
        "n = respondents of the group with a score; score = arithmetic mean; "
        "SD = sample standard deviation (n − 1); median. For a question, the "
        "distribution counts every respondent the question applies to, by answer: each "
        "point value, each missing code, and blank."
    ),
    "method.suppression.h": N_("Small groups"),
    "method.suppression": N_(
        "k = {k}. A result based on fewer than {k} respondents is not published: its cell "
        "shows n<{k}, without its n. Where such a cell could be worked out by subtraction "
        "(everyone minus the Members gives the staff; a group minus its published "
        "sub-groups gives the rest), the smallest other cell of that sum is hidden too, so "
        "every sum of groups has no hidden cell or at least two. A gap is left empty when "
        "either side is hidden."
    ),
    "method.interval.h": N_("Interval (95%)"),
    "method.interval": N_(
        "Beside each dimension score and overall index: the range mean ± 1.96 × SD / √n, "
        "where the group's true mean lies, with a confidence of about 95%, if the respondents "
        "are like a random sample. Two groups whose intervals overlap widely may not "
        "really differ. It stops at 0 and 100, the ends of the scale. Empty when n < 2."
    ),
    "method.rounding.h": N_("Rounding"),
    "method.rounding": N_(
        "Published numbers are rounded to 2 decimals; a gap computed from rounded scores "
        "may differ from the exact one by 0.01."
    ),
    "method.data.h": N_("Data sheet"),
    "method.data": N_(
        "One row per submitted response, in random order. Respondent ids are random "
        "pseudonyms drawn anew for every export: they link to no account, invitation or "
        "other export. Point values and numbers are numbers; codes are text; free texts "
        "are left out. Role and profile values are shown only where every combination of "
        "them has at least {k} rows, where they never pick out a group hidden above, and "
        "a blank never stands for a single code; other profile fields are left out."
    ),
    "method.labels.h": N_("Labels in the Data sheet"),
    "method.labels": N_(
        "In this workbook the Data sheet shows roles, profile values, answer options and "
        "missing codes by their labels in this language, not by their codes; point values "
        "and numbers stay numbers, and question columns keep their keys. The Codebook "
        "gives the code of every label (a label two codes share carries its code in "
        "brackets)."
    ),
    "method.generated.h": N_("Generated"),
    "method.generated": N_("{date}"),
    "method.software.h": N_("Software"),
    "method.software": N_("selfassess {version}"),
}

#: The words of sheets written apart from the results workbook's: the Comparison sheet
#: and the panel's worksheets (``comparison.*``, ``consensus.*``), the register
#: workbook's reading aids (``register.*``), each in its sheet's context.
IN_CONTEXT: dict[str, tuple[str, str]] = {
    "comparison.title": pgettext("comparison sheet", "Change since an earlier round"),
    "comparison.note": pgettext(
        "comparison sheet",
        "Round {a} compared with round {b} on the questions common to both "
        "questionnaire versions (v{va} and v{vb}). Change = later score minus earlier "
        "score; 95%% interval of the change. – : not published (too few respondents).",
    ),
    "comparison.dimension": pgettext("comparison sheet", "Dimension"),
    "comparison.key": pgettext("comparison sheet", "Key"),
    "comparison.comparable": pgettext("comparison sheet", "Comparable"),
    "comparison.questions": pgettext("comparison sheet", "Common questions"),
    "comparison.change": pgettext("comparison sheet", "Change"),
    "comparison.low": pgettext("comparison sheet", "95%% low"),
    "comparison.high": pgettext("comparison sheet", "95%% high"),
    "comparison.overall": pgettext("comparison sheet", "Overall index"),
    "comparison.yes": pgettext("comparison sheet", "yes"),
    "comparison.no": pgettext("comparison sheet", "no"),
    "consensus.sheet": pgettext("panel worksheet", "Grades"),
    "consensus.results_sheet": pgettext("panel worksheet", "Consensus"),
    "consensus.blank": pgettext("panel worksheet", "blank"),
    "consensus.help": pgettext("panel worksheet", "Read me"),
    "consensus.text": pgettext("panel worksheet", "text"),
    "consensus.question": pgettext("panel worksheet", "question"),
    "consensus.evidence": pgettext("panel worksheet", "evidence"),
    "consensus.notes": pgettext("panel worksheet", "notes"),
    "consensus.distribution": pgettext("panel worksheet", "answers of all respondents"),
    "consensus.score": pgettext("panel worksheet", "questionnaire score"),
    "consensus.agreed": pgettext("panel worksheet", "agreed grade"),
    "consensus.agreed_score": pgettext("panel worksheet", "panel score"),
    "consensus.n": pgettext("panel worksheet", "n"),
    "consensus.suppressed": pgettext("panel worksheet", "n<{k}"),
    "consensus.title": pgettext(
        "panel worksheet", "Agreed grades of the panel beside the questionnaire"
    ),
    "consensus.instructions": pgettext(
        "panel worksheet",
        "Fill in the columns grade, evidence and notes, one row per question, then "
        "import the file with: selfassess consensus import ROUND FILE. A grade is one "
        "of the scale's points or codes; an empty grade removes the question's grade. "
        "The columns after notes are, for reference, the questionnaire's score (0-100) of "
        "all respondents and of each role, blank where the group is too small to show; "
        "the import ignores them.",
    ),
    "register.overdue": pgettext("register workbook", "overdue"),
    "register.bodies": pgettext("register workbook", "responsible (names)"),
    "register.items": pgettext("register workbook", "improves (names)"),
    "register.updates": pgettext("register workbook", "progress updates"),
    "register.yes": pgettext("register workbook", "overdue"),
}

#: The Method sheet's paragraphs, in order (each key has a heading ``KEY.h``).
METHOD_KEYS: tuple[str, ...] = (
    "method.scale",
    "method.item",
    "method.reverse",
    "method.leaf",
    "method.parent",
    "method.overall",
    "method.groups",
    "method.stats",
    "method.suppression",
    "method.interval",
    "method.rounding",
    "method.data",
    "method.generated",
    "method.software",
)


@cache
def strings(lang: str) -> Mapping[str, str]:
    """The interface strings of ``lang``; ValueError for a language without them."""
    if lang not in LANGUAGES:
        raise ValueError(f"no workbook strings for language {lang!r}")
    catalogue = Translations.load(str(TRANSLATIONS), [lang], domain="messages")
    found = {key: catalogue.gettext(message) for key, message in EN.items()}
    for key, (context, message) in IN_CONTEXT.items():
        # A per cent sign is written %% in these msgids, so that gettext's checks of
        # python-format do not take "95% low" for a placeholder.
        found[key] = str(catalogue.pgettext(context, message)).replace("%%", "%")
    return found


def words(part: str, lang: str) -> dict[str, str]:
    """The words of one part (``comparison``, ``consensus``, ``register``) in ``lang``
    (the first language for one without strings), keyed without the part's prefix."""
    prefix = f"{part}."
    found = strings(lang if lang in LANGUAGES else LANGUAGES[0])
    return {key[len(prefix) :]: text for key, text in found.items() if key.startswith(prefix)}
