"""Interface strings of the workbook, per language.

Only the workbook's own words live here (titles, column headers, the method text);
instrument texts come from the definition. The Mongolian strings are a draft
translation awaiting review by a native speaker, like the instrument's draft languages.
Placeholders use ``str.format`` names: ``{k}``, ``{date}``, ``{version}``.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES: tuple[str, ...] = ("en", "mn")

EN: dict[str, str] = {
    "title": "Self-assessment results",
    "round": "Round",
    "instrument": "Instrument",
    "generated": "Generated",
    "software": "Software",
    "k": "Minimum group size (k)",
    "submitted": "Submitted responses",
    "drafts": "Drafts (never counted)",
    "by_role": "Submitted responses by role",
    "overall_by_group": "Overall index by group",
    "chart_title": "Top-level dimension scores by role",
    "chart_gap": "Top-level dimension scores: {sides}",
    "chart_data": "Chart data (suppressed cells left empty)",
    "group": "Group",
    "role": "Role",
    "question_text": "Question text",
    "group_key": "Group key",
    "all": "All respondents",
    "n": "n",
    "score": "Score",
    "sd": "SD",
    "median": "Median",
    "count": "Count",
    "dimensions_title": "Dimension scores",
    "questions_title": "Scale question scores",
    "comments_title": "Comments and free-text answers",
    "codebook_title": "Codebook",
    "method_title": "Method",
    "scores_note": (
        "Scores run from 0 to 100. n = respondents with a score. "
        "n<{k}: fewer than {k} respondents, so the result is not published."
    ),
    "comments_note": (
        "{count} texts, without respondent identity, ordered by question and then alphabetically."
    ),
    "key": "Key",
    "dimension": "Dimension",
    "question": "Question",
    "text": "Text",
    "scale": "Scale",
    "gap": "Gap",
    "ci": "95% interval",
    "role_of_writer": "Written by",
    "comments_too_few": (
        "Not shown: the round has fewer than {k} submitted responses, so a comment could "
        "point to its writer."
    ),
    "distribution": "Answers of all respondents the question applies to",
    "blank": "blank",
    "kind": "Kind",
    "kind.answer": "answer",
    "kind.comment": "comment",
    "belongs_to": "Belongs to",
    "type": "Type",
    "roles": "Roles",
    "weight": "Weight",
    "reverse": "Reverse",
    "value": "Value / code",
    "details": "Details",
    "help": "Help",
    "yes": "yes",
    "no": "no",
    "required": "required",
    "with_comment": "comment allowed",
    "cb.instrument": "instrument",
    "cb.role": "role",
    "cb.profile": "profile field",
    "cb.option": "option",
    "cb.scale": "scale",
    "cb.point": "point",
    "cb.missing": "missing code",
    "cb.dimension": "dimension",
    "cb.question": "question",
    "cb.column": "data column",
    "col.respondent": "Pseudonymous respondent id, drawn anew for every export.",
    "col.role": "The respondent's role (a role key).",
    "method.scale.h": "Scale",
    "method.scale": (
        "Every score runs from 0 to 100 so that dimensions, instruments and rounds compare. "
        "Only submitted responses count; drafts never do."
    ),
    "method.item.h": "Item score",
    "method.item": (
        "For an answer with point value v on a scale whose lowest and highest point values "
        "are lo and hi: s = (v − lo) / (hi − lo) × 100. A missing code (such as "
        "“don't know”) or no answer gives no item score."
    ),
    "method.reverse.h": "Reverse items",
    "method.reverse": "For a reverse-coded question the item score is 100 − s.",
    "method.leaf.h": "Dimension score",
    "method.leaf": (
        "A question applies to a respondent when it is asked of the respondent's role. "
        "A respondent has a score on a dimension that holds questions only when at least "
        "half of the applicable scale questions have an item score; the score is then the "
        "weighted mean of those item scores (weights: question weights)."
    ),
    "method.parent.h": "Dimensions with sub-dimensions",
    "method.parent": (
        "The weighted mean of the sub-dimensions' scores that exist (weights: dimension "
        "weights); no score when every sub-dimension lacks one."
    ),
    "method.overall.h": "Overall index",
    "method.overall": (
        "The weighted mean of a respondent's top-level dimension scores that exist."
    ),
    "method.groups.h": "Groups",
    "method.groups": (
        "Results are given for all respondents, for each role, for each value of each "
        "choice profile field, and for each role crossed with each such value. "
        "A respondent without a value for a field belongs to none of its groups."
    ),
    "method.stats.h": "Group statistics",
    "method.stats": (
        "n = respondents of the group with a score; score = arithmetic mean; "
        "SD = sample standard deviation (n − 1); median. For a question, the "
        "distribution counts every respondent the question applies to, by answer: each "
        "point value, each missing code, and blank."
    ),
    "method.suppression.h": "Small groups",
    "method.suppression": (
        "k = {k}. A result based on fewer than {k} respondents is not published: its cell "
        "shows n<{k}, without its n. Where such a cell could be worked out by subtraction "
        "(everyone minus the Members gives the staff; a group minus its published "
        "sub-groups gives the rest), the smallest other cell of that sum is hidden too, so "
        "every sum of groups has no hidden cell or at least two. A gap is left empty when "
        "either side is hidden."
    ),
    "method.interval.h": "95% interval",
    "method.interval": (
        "Beside each dimension score and overall index: the range mean ± 1.96 × SD / √n, "
        "where the group's true mean lies with about 95% confidence if the respondents "
        "are like a random sample. Two groups whose intervals overlap widely may not "
        "really differ. Empty when n < 2."
    ),
    "method.rounding.h": "Rounding",
    "method.rounding": (
        "Published numbers are rounded to 2 decimals; a gap computed from rounded scores "
        "may differ from the exact one by 0.01."
    ),
    "method.data.h": "Data sheet",
    "method.data": (
        "One row per submitted response, in random order. Respondent ids are random "
        "pseudonyms drawn anew for every export: they link to no account, invitation or "
        "other export. Point values and numbers are numbers; codes are text; free texts "
        "are left out. Role and profile values are shown only where every combination of "
        "them has at least {k} rows, where they never pick out a group hidden above, and "
        "a blank never stands for a single code; other profile fields are left out."
    ),
    "method.generated.h": "Generated",
    "method.generated": "{date}",
    "method.software.h": "Software",
    "method.software": "selfassess {version}",
}

MN: dict[str, str] = {
    "title": "Өөрийн үнэлгээний үр дүн",
    "round": "Үнэлгээний шат",
    "instrument": "Асуулга",
    "generated": "Үүсгэсэн огноо",
    "software": "Програм хангамж",
    "k": "Бүлгийн хамгийн бага хэмжээ (k)",
    "submitted": "Илгээсэн хариулт",
    "drafts": "Ноорог (хэзээ ч тооцохгүй)",
    "by_role": "Илгээсэн хариулт, үүргээр",
    "overall_by_group": "Нэгдсэн индекс, бүлгээр",
    "chart_title": "Дээд түвшний хэмжээсийн оноо, үүргээр",
    "chart_gap": "Дээд түвшний хэмжээсийн оноо: {sides}",
    "chart_data": "Графикийн өгөгдөл (нууцалсан нүд хоосон)",
    "group": "Бүлэг",
    "role": "Үүрэг",
    "question_text": "Асуултын бичвэр",
    "group_key": "Бүлгийн түлхүүр",
    "all": "Бүх оролцогч",
    "n": "n",
    "score": "Оноо",
    "sd": "Стандарт хазайлт",
    "median": "Медиан",
    "count": "Тоо",
    "dimensions_title": "Хэмжээсийн оноо",
    "questions_title": "Хэмжүүртэй асуултын оноо",
    "comments_title": "Тайлбар ба чөлөөт хариулт",
    "codebook_title": "Кодын тайлбар",
    "method_title": "Арга зүй",
    "scores_note": (
        "Оноо 0-ээс 100 хүртэл. n = оноотой оролцогчийн тоо. "
        "n<{k}: {k}-аас цөөн оролцогч тул үр дүнг нийтлэхгүй."
    ),
    "comments_note": (
        "{count} бичвэр, оролцогчийн хувийн мэдээлэлгүй, асуултаар, дараа нь цагаан "
        "толгойн дарааллаар."
    ),
    "key": "Түлхүүр",
    "dimension": "Хэмжээс",
    "question": "Асуулт",
    "text": "Бичвэр",
    "scale": "Хэмжүүр",
    "gap": "Зөрүү",
    "ci": "95%-ийн интервал",
    "role_of_writer": "Бичсэн хүний үүрэг",
    "comments_too_few": (
        "Харуулахгүй: шатанд {k}-аас цөөн илгээсэн хариулт байгаа тул тайлбар бичсэн хүнээ "
        "илтгэж болзошгүй."
    ),
    "distribution": "Асуулт хамаарах бүх оролцогчийн хариулт",
    "blank": "хариулаагүй",
    "kind": "Төрөл",
    "kind.answer": "хариулт",
    "kind.comment": "тайлбар",
    "belongs_to": "Харьяалал",
    "type": "Төрөл",
    "roles": "Үүрэг",
    "weight": "Жин",
    "reverse": "Урвуу",
    "value": "Утга / код",
    "details": "Дэлгэрэнгүй",
    "help": "Тусламж",
    "yes": "тийм",
    "no": "үгүй",
    "required": "заавал",
    "with_comment": "тайлбар бичиж болно",
    "cb.instrument": "асуулга",
    "cb.role": "үүрэг",
    "cb.profile": "хувийн мэдээллийн талбар",
    "cb.option": "сонголт",
    "cb.scale": "хэмжүүр",
    "cb.point": "утга",
    "cb.missing": "хариултгүйн код",
    "cb.dimension": "хэмжээс",
    "cb.question": "асуулт",
    "cb.column": "өгөгдлийн багана",
    "col.respondent": "Оролцогчийн нууц дугаар, экспорт бүрт шинээр үүсгэнэ.",
    "col.role": "Оролцогчийн үүрэг (үүргийн түлхүүр).",
    "method.scale.h": "Хэмжүүр",
    "method.scale": (
        "Хэмжээс, асуулга, үнэлгээний шатуудыг харьцуулах боломжтой байхын тулд бүх оноо "
        "0-ээс 100 хүртэл байна. Зөвхөн илгээсэн хариултыг тооцно; ноорогийг хэзээ ч "
        "тооцохгүй."
    ),
    "method.item.h": "Асуултын оноо",
    "method.item": (
        "Хамгийн бага утга нь lo, хамгийн их утга нь hi байх хэмжүүр дээрх v утгатай "
        "хариултын оноо: s = (v − lo) / (hi − lo) × 100. Хариултгүйн код (жишээ нь "
        "«мэдэхгүй») эсвэл хариулаагүй бол асуултын оноо үүсэхгүй."
    ),
    "method.reverse.h": "Урвуу асуулт",
    "method.reverse": "Урвуу кодолсон асуултын оноо нь 100 − s байна.",
    "method.leaf.h": "Хэмжээсийн оноо",
    "method.leaf": (
        "Асуулт нь оролцогчийн үүрэгт тавигддаг бол тухайн оролцогчид хамаарна. "
        "Асуулт агуулсан хэмжээсээр оролцогч оноотой байхын тулд хамаарах хэмжүүртэй "
        "асуултуудын дор хаяж тал нь асуултын оноотой байх ёстой; тэгвэл оноо нь эдгээр "
        "асуултын онооны жигнэсэн дундаж байна (жин: асуултын жин)."
    ),
    "method.parent.h": "Дэд хэмжээстэй хэмжээс",
    "method.parent": (
        "Оноотой дэд хэмжээсүүдийн онооны жигнэсэн дундаж (жин: хэмжээсийн жин); "
        "аль ч дэд хэмжээс оноогүй бол оноо үүсэхгүй."
    ),
    "method.overall.h": "Нэгдсэн индекс",
    "method.overall": "Оролцогчийн дээд түвшний хэмжээсүүдийн оноотойг нь жигнэсэн дундаж.",
    "method.groups.h": "Бүлгүүд",
    "method.groups": (
        "Үр дүнг бүх оролцогчоор, үүрэг бүрээр, сонголттой хувийн мэдээллийн талбар бүрийн "
        "утга бүрээр, мөн үүрэг бүрийг ийм утга бүртэй хослуулан гаргана. Талбарын утгагүй "
        "оролцогч тухайн талбарын аль ч бүлэгт орохгүй."
    ),
    "method.stats.h": "Бүлгийн статистик",
    "method.stats": (
        "n = бүлгийн оноотой оролцогчийн тоо; оноо = арифметик дундаж; стандарт хазайлт = "
        "түүврийн стандарт хазайлт (n − 1); медиан. Асуултын хувьд асуулт хамаарах бүх "
        "оролцогчийг хариултаар нь тоолно: утга бүр, хариултгүйн код бүр, хариулаагүй."
    ),
    "method.suppression.h": "Жижиг бүлэг",
    "method.suppression": (
        "k = {k}. {k}-аас цөөн оролцогчид үндэслэсэн үр дүнг нийтлэхгүй: нүдэнд n-гүйгээр "
        "n<{k} гэж харуулна. Ийм нүдийг хасах замаар олж болох бол (бүгдээс гишүүдийг "
        "хасвал ажилтнууд гарна; бүлгээс нийтэлсэн дэд бүлгүүдийг хасвал үлдэгдэл гарна) "
        "тухайн нийлбэрийн хамгийн жижиг өөр нүдийг мөн нууна: нийлбэр бүрт нууцалсан нүд "
        "огт байхгүй эсвэл дор хаяж хоёр байна. Аль нэг тал нь нууцлагдсан бол зөрүүг "
        "хоосон үлдээнэ."
    ),
    "method.interval.h": "95%-ийн интервал",
    "method.interval": (
        "Хэмжээсийн оноо ба нэгдсэн индекс бүрийн хажууд: дундаж ± 1.96 × SD / √n муж. "
        "Оролцогчид санамсаргүй түүвэртэй адил бол бүлгийн жинхэнэ дундаж энэ мужид ойролцоогоор "
        "95%-ийн итгэлтэйгээр оршино. Интервал нь их давхцаж буй хоёр бүлэг үнэндээ "
        "ялгаагүй байж болно. n < 2 үед хоосон."
    ),
    "method.rounding.h": "Тоймлолт",
    "method.rounding": (
        "Нийтэлсэн тоог 2 оронгийн нарийвчлалтай тоймлоно; тоймлосон онооноос тооцсон "
        "зөрүү нь яг утгаасаа 0.01-ээр ялгаатай байж болно."
    ),
    "method.data.h": "Өгөгдөл (Data) хуудас",
    "method.data": (
        "Илгээсэн хариулт бүр нэг мөр, санамсаргүй дарааллаар. Оролцогчийн дугаар нь "
        "экспорт бүрт шинээр үүсгэсэн санамсаргүй нууц нэр: хэрэглэгчийн бүртгэл, урилга "
        "эсвэл өөр экспорттой холбогдохгүй. Утга ба тоо нь тоон нүд; код нь текст нүд; "
        "чөлөөт бичвэрийг оруулахгүй. Үүрэг ба хувийн мэдээллийн утгыг тэдгээрийн хослол "
        "бүр дор хаяж {k} мөртэй, дээр нууцалсан бүлгийг ялгаж гаргахгүй үед л харуулна; "
        "хоосон нүд хэзээ ч ганц кодыг илэрхийлэхгүй; бусад хувийн мэдээллийн талбарыг "
        "оруулахгүй."
    ),
    "method.generated.h": "Үүсгэсэн огноо",
    "method.generated": "{date}",
    "method.software.h": "Програм хангамж",
    "method.software": "selfassess {version}",
}

STRINGS: Mapping[str, Mapping[str, str]] = {"en": EN, "mn": MN}

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


def strings(lang: str) -> Mapping[str, str]:
    """The interface strings of ``lang``; ValueError for a language without them."""
    try:
        return STRINGS[lang]
    except KeyError:
        raise ValueError(f"no workbook strings for language {lang!r}") from None
