"""The comments page and its themes: define themes, tag texts, filter by theme.

Texts are shown for the whole round only, never by group, and not at all below k
submitted responses (scoring.md); each says only its writer's role. A tag names a text by
its digest, so tagging stores nothing about who wrote it.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from selfassess.consult.forms import DeleteForm, TagForm, ThemeFilterForm, ThemeForm
from selfassess.consult.paging import Paging
from selfassess.consult.views import _Page, bp
from selfassess.instrument.model import text
from selfassess.services import themes as theme_service
from selfassess.services.errors import NotFound

#: The comments page's filters, kept across its pages.
FILTERS = ("dimension", "question", "theme")


@bp.get("/<slug>/comments")
def comments(slug: str) -> str:
    """Free texts and comments of the whole round, never of a group, without identity."""
    page = _Page(slug)
    frame = page.results.comments
    questions = [q for q in page.definition.iter_questions() if q.comment or q.type == "text"]
    dims = [
        d for d in page.definition.iter_dimensions() if any(q.dimension == d.key for q in questions)
    ]
    themes = theme_service.list_themes(page.round)
    theme_labels = {t.id: t.label_in(page.lang) for t in themes}
    form = ThemeFilterForm(request.args)
    form.dimension.choices = [SelectChoice("", _("All dimensions"))] + [
        SelectChoice(d.key, text(d.title, page.lang)) for d in dims
    ]
    form.question.choices = [SelectChoice("", _("All questions"))] + [
        SelectChoice(q.key, f"{q.key} · {text(q.text, page.lang)}"[:120]) for q in questions
    ]
    form.theme.choices = [
        SelectChoice("", _("All themes")),
        *(SelectChoice(str(t), label) for t, label in theme_labels.items()),
        SelectChoice("none", _("Without a theme")),
    ]
    shown = page.too_few_for_comments is False
    selected = frame
    if form.dimension.data in {d.key for d in dims}:
        selected = selected[selected["dimension"] == form.dimension.data]
    if form.question.data in {q.key for q in questions}:
        selected = selected[selected["question"] == form.question.data]
    tags = theme_service.tags_of(page.round) if shown else {}
    wanted = _theme_filter(form.theme.data, theme_labels)
    chosen: list[tuple[Any, theme_service.TextKey, list[int]]] = []
    for row in selected.itertuples(index=False) if shown else ():
        key = theme_service.text_key(row.question, row.kind, row.text)
        carried = tags.get(key, [])
        if wanted is not None and not (set(carried) & wanted if wanted else not carried):
            continue
        chosen.append((row, key, carried))
    # 50 texts a page; the filters ride along in every page link (and back from tagging).
    paging = Paging.of(len(chosen), request.args.get("page"))
    sections: dict[str, dict[str, Any]] = {}
    for row, key, carried in chosen[paging.start : paging.end]:
        section = sections.setdefault(
            row.question, {"question": row.question, "dimension": row.dimension, "texts": []}
        )
        section["texts"].append(
            {
                "text": row.text,
                "role": page.labels.value("role", row.role),
                "themes": [theme_labels[t] for t in carried],
                "form": _tag_form(key, carried, theme_labels),
            }
        )
    filters = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    return page.render(
        "consult/comments.html",
        form=form,
        sections=list(sections.values()),
        count=len(chosen),
        paging=paging,
        filters=filters,
        shown=shown,
        themes=themes,
        filtered=bool(form.dimension.data or form.question.data or form.theme.data),
    )


@bp.route("/<slug>/themes", methods=["GET", "POST"])
def themes(slug: str) -> str | Response:
    page = _Page(slug)
    form = ThemeForm()
    if form.validate_on_submit():
        labels = {"en": form.label_en.data or "", "mn": form.label_mn.data or ""}
        if any(label.strip() for label in labels.values()):
            theme_service.create_theme(page.round, labels)
            flash(_("The theme is added."), "success")
            return redirect(url_for("consult.themes", slug=slug))
        form.label_en.errors = [_("Give the theme a label in at least one language.")]
    themes = theme_service.list_themes(page.round)
    counts = theme_service.tag_counts(page.round)
    return page.render(
        "consult/themes.html",
        form=form,
        themes=[(t, t.labels or {}, counts.get(t.id, 0)) for t in themes],
        delete_form=DeleteForm(),
    )


@bp.post("/<slug>/themes/<int:theme_id>/delete")
def delete_theme(slug: str, theme_id: int) -> Response:
    page = _Page(slug)
    if not DeleteForm().validate_on_submit():
        abort(400)
    try:
        theme_service.delete_theme(page.round, theme_id)
    except NotFound:
        abort(404)
    flash(_("The theme is deleted; the texts it tagged keep their other themes."), "success")
    return redirect(url_for("consult.themes", slug=slug))


@bp.post("/<slug>/comments/tag")
def tag(slug: str) -> Response:
    """Set the themes of one text, then back to the comments page as it was filtered."""
    page = _Page(slug)
    form = TagForm()
    if not form.validate_on_submit() or page.too_few_for_comments:
        abort(400)
    key = (form.question.data or "", form.kind.data or "", form.digest.data or "")
    known = {
        theme_service.text_key(q, k, t)
        for q, k, t in zip(
            page.results.comments["question"],
            page.results.comments["kind"],
            page.results.comments["text"],
            strict=True,
        )
    }
    if key not in known:
        abort(404)
    try:
        theme_service.set_tags(page.round, key, form.themes.data or [])
    except NotFound:
        abort(404)
    flash(_("The themes of this text are saved."), "success")
    back = {k: v for k, v in request.args.items() if k in (*FILTERS, "page")}
    return redirect(url_for("consult.comments", slug=slug, **back) + f"#t-{key[2][:12]}")


def _theme_filter(value: str | None, labels: dict[int, str]) -> set[int] | None:
    """The themes a text must carry one of; an empty set: texts without a theme; None:
    no filter."""
    if value == "none":
        return set()
    if value and value.isdigit() and int(value) in labels:
        return {int(value)}
    return None


def _tag_form(key: theme_service.TextKey, carried: list[int], labels: dict[int, str]) -> TagForm:
    question, kind, digest = key
    form = TagForm(formdata=None, question=question, kind=kind, digest=digest, themes=carried)
    form.themes.choices = [SelectChoice(t, label) for t, label in labels.items()]
    return form
