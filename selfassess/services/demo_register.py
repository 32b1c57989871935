"""The demo's recommendations register: bodies of a parliament, self-assessment and
UPR-style recommendations in both languages, a plan of action in every state (some
actions overdue, some done), progress reports, and a focal point account.

The texts are written for the demo; references in the style of the Universal Periodic
Review (``UPR3-107.45``) are illustrative, not quotations. Dates are counted from today,
so the demo always has overdue and due-soon actions.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from selfassess.extensions import db
from selfassess.models import Account, ActionStatus, Body, RecommendationStatus
from selfassess.services import plan
from selfassess.services import register as reg
from selfassess.services.accounts import create_account, find_account

FOCAL_POINT = "focal@demo.local"
FOCAL_BODIES = ["hr-department", "women-caucus"]
QUESTIONNAIRE = "parliament-hr-gender"

BODIES = {
    "legal-committee": ("Standing Committee on Legal Affairs", "Хууль зүйн байнгын хороо"),
    "social-committee": (
        "Standing Committee on Social Policy",
        "Нийгмийн бодлогын байнгын хороо",
    ),
    "budget-committee": ("Standing Committee on Budget", "Төсвийн байнгын хороо"),
    "women-caucus": ("Women Members' Caucus", "Эмэгтэй гишүүдийн бүлэг"),
    "hr-department": ("Human Resources Department", "Хүний нөөцийн хэлтэс"),
    "legal-department": ("Legal Department of the Secretariat", "Тамгын газрын Хууль зүйн хэлтэс"),
    "research-centre": ("Parliamentary Research Centre", "Парламентын судалгааны төв"),
}

#: ref: (en, mn, source, links, responsible, sdg, status, due in days or None, published)
RECOMMENDATIONS: dict[
    str, tuple[str, str, str, list[str], list[str], list[str], str, int | None, bool]
] = {
    "SA-2026-01": (
        "Adopt a policy against sexual harassment in Parliament with a confidential complaints mechanism open to Members and staff.",
        "Парламентад бэлгийн дарамтаас урьдчилан сэргийлэх бодлого баталж, гишүүд болон ажилтнуудад нээлттэй нууцлалтай гомдол хүлээн авах механизм бий болгох.",
        "demo-2026",
        ["culture", "cult-harassment-policy", "cult-complaints"],
        ["hr-department", "women-caucus"],
        ["5.2", "5.5"],
        "in_progress",
        120,
        True,
    ),
    "SA-2026-02": (
        "Aim for gender balance among the chairs and deputy chairs of standing committees.",
        "Байнгын хорооны дарга, дэд дарга нарын дунд жендэрийн тэнцвэрт байдлыг хангахыг зорих.",
        "demo-2026",
        ["representation", "rep-committee-balance"],
        ["women-caucus", "legal-committee"],
        ["5.5"],
        "accepted",
        300,
        False,
    ),
    "SA-2026-03": (
        "Analyse the draft state budget for its effects on women and men before the budget debate.",
        "Улсын төсвийн төслийг хэлэлцэхээс өмнө эмэгтэйчүүд, эрэгтэйчүүдэд үзүүлэх нөлөөг шинжлэх.",
        "demo-2026",
        ["mainstreaming-budget", "budget-gender-analysis"],
        ["budget-committee", "research-centre"],
        ["5.c"],
        "accepted",
        -10,
        False,
    ),
    "SA-2026-04": (
        "Carry out an equal-pay audit of the Secretariat and publish its findings.",
        "Тамгын газрын цалингийн тэгш байдлын аудит хийж, дүнг нийтлэх.",
        "demo-2026",
        ["administration", "admin-equal-pay"],
        ["hr-department"],
        ["8.5"],
        "proposed",
        None,
        False,
    ),
    "SA-2026-05": (
        "Attach a human rights compatibility statement to every bill.",
        "Хуулийн төсөл бүрд хүний эрхэд нийцэж буй эсэх талаарх дүгнэлт хавсаргах.",
        "demo-2026",
        ["hr-scrutiny", "scrut-compatibility"],
        ["legal-department", "legal-committee"],
        ["16.7", "16.b"],
        "in_progress",
        180,
        False,
    ),
    "SA-2026-06": (
        "Make sitting hours family-friendly and open a room for parents with small children.",
        "Хуралдааны цагийг гэр бүлд ээлтэй болгож, бага насны хүүхэдтэй эцэг эхэд зориулсан өрөө гаргах.",
        "demo-2026",
        ["culture", "cult-family-friendly"],
        ["hr-department"],
        ["5.4"],
        "implemented",
        -60,
        True,
    ),
    "UPR3-107.45": (
        "Adopt comprehensive legislation against discrimination on all grounds.",
        "Бүх үндэслэлээр ялгаварлан гадуурхахын эсрэг цогц хууль батлах.",
        "UPR 3rd cycle, 2020",
        ["legal-framework", "law-discrimination-review"],
        ["legal-committee"],
        ["10.3", "16.b"],
        "accepted",
        400,
        True,
    ),
    "UPR3-108.12": (
        "Ensure adequate funding for the implementation of the law on combating domestic violence.",
        "Гэр бүлийн хүчирхийлэлтэй тэмцэх тухай хуулийн хэрэгжилтэд хангалттай санхүүжилт олгох.",
        "UPR 3rd cycle, 2020",
        ["law-violence"],
        ["budget-committee", "social-committee"],
        ["5.2"],
        "in_progress",
        90,
        True,
    ),
    "NHRC-2024-03": (
        "Establish a parliamentary sub-committee on human rights that follows up treaty body and UPR recommendations.",
        "Гэрээний байгууллагууд болон ЕУХ-ын зөвлөмжийн хэрэгжилтийг хянах хүний эрхийн дэд хороо байгуулах.",
        "National Human Rights Commission, 2024 report",
        ["hr-norms", "norms-upr", "norms-concluding-observations"],
        ["legal-committee"],
        ["16.6"],
        "proposed",
        None,
        False,
    ),
}

#: (recommendation, action): (en, mn, body, start in days, due in days, status, updates)
ACTIONS: dict[
    tuple[str, str], tuple[str, str, str, int | None, int | None, str, list[tuple[int, str, str]]]
] = {
    ("SA-2026-01", "1"): (
        "Draft the policy with the Women Members' Caucus and staff representatives.",
        "Эмэгтэй гишүүдийн бүлэг, ажилтны төлөөлөлтэй хамтран бодлогын төсөл боловсруулах.",
        "hr-department",
        -200,
        -90,
        "done",
        [
            (-120, "focal", "First draft discussed with 14 staff representatives."),
            (-92, "focal", "Policy adopted by the Secretary General's order. Бодлогыг баталлаа."),
        ],
    ),
    ("SA-2026-01", "2"): (
        "Set up a confidential complaints channel with a trained adviser.",
        "Сургагдсан зөвлөхтэй нууцлалтай гомдлын суваг бий болгох.",
        "hr-department",
        -90,
        -20,
        "in_progress",
        [(-30, "focal", "Two advisers selected; the telephone line is waiting for the budget.")],
    ),
    ("SA-2026-01", "3"): (
        "Train all Members and staff on the policy.",
        "Бүх гишүүд, ажилтнуудад бодлогын талаар сургалт явуулах.",
        "women-caucus",
        10,
        90,
        "not_started",
        [],
    ),
    ("SA-2026-02", "1"): (
        "Propose an amendment to the rules of procedure on the election of committee chairs.",
        "Хорооны дарга сонгох журамд нэмэлт өөрчлөлт оруулах санал боловсруулах.",
        "legal-committee",
        30,
        200,
        "not_started",
        [],
    ),
    ("SA-2026-03", "1"): (
        "Train the budget committee's staff in gender budget analysis.",
        "Төсвийн байнгын хорооны ажилтнуудад жендэрт суурилсан төсвийн шинжилгээний сургалт хийх.",
        "research-centre",
        -150,
        -100,
        "done",
        [(-101, "admin", "12 staff trained over three days.")],
    ),
    ("SA-2026-03", "2"): (
        "Pilot the analysis on three programmes of the draft budget.",
        "Төсвийн төслийн гурван хөтөлбөр дээр шинжилгээг туршиж хийх.",
        "budget-committee",
        -60,
        -10,
        "in_progress",
        [(-15, "admin", "Analysis of the health programme done; two programmes remain.")],
    ),
    ("SA-2026-05", "1"): (
        "Prepare a template for the compatibility statement.",
        "Нийцлийн дүгнэлтийн загвар бэлтгэх.",
        "legal-department",
        -100,
        -40,
        "done",
        [(-41, "admin", "Template approved by the Legal Affairs Committee.")],
    ),
    ("SA-2026-05", "2"): (
        "Check every bill submitted this session against the template.",
        "Энэ чуулганаар ирүүлсэн хуулийн төсөл бүрийг загвартай тулгаж шалгах.",
        "legal-department",
        -30,
        10,
        "in_progress",
        [],
    ),
    ("SA-2026-06", "1"): (
        "Open a room for parents and end plenary sittings by 18:00.",
        "Эцэг эхийн өрөө нээж, нэгдсэн хуралдааныг 18:00 цагаас өмнө дуусгах.",
        "hr-department",
        -180,
        -60,
        "done",
        [(-62, "focal", "The parents' room opened on the second floor.")],
    ),
    ("UPR3-107.45", "1"): (
        "Form a working group with civil society to review the draft law.",
        "Иргэний нийгмийн байгууллагуудтай хамтарсан ажлын хэсэг байгуулж, хуулийн төслийг хянах.",
        "legal-committee",
        -45,
        150,
        "in_progress",
        [(-20, "admin", "Working group met twice; 23 organisations sent comments.")],
    ),
    ("UPR3-108.12", "1"): (
        "Hold a hearing on the funding of shelters and one-stop service centres.",
        "Хамгаалах байр, нэг цэгийн үйлчилгээний төвийн санхүүжилтийн талаар сонсгол зохион байгуулах.",
        "social-committee",
        -80,
        -50,
        "done",
        [(-50, "admin", "Public hearing held with the ministry and NGOs.")],
    ),
    ("UPR3-108.12", "2"): (
        "Propose a budget line for shelters in the next budget.",
        "Дараагийн жилийн төсөвт хамгаалах байрны зардлын мөр тусгах санал оруулах.",
        "budget-committee",
        -40,
        -5,
        "not_started",
        [],
    ),
}


def load_demo_register(password: str) -> Iterator[str]:
    """Bodies, the register, progress and the focal point account; yields what to read."""
    today = date.today()

    def day(offset: int | None) -> date | None:
        return None if offset is None else today + timedelta(days=offset)

    admin = find_account("admin@demo.local")
    focal = find_account(FOCAL_POINT) or create_account(
        FOCAL_POINT, "focal_point", password, name="Demo focal point"
    )
    for key, (en, mn) in BODIES.items():
        db.session.add(Body(key=key, name={"en": en, "mn": mn}))
    db.session.flush()
    records = {}
    for ref, (en, mn, source, links, bodies, sdg, status, due, public) in RECOMMENDATIONS.items():
        rec = reg.create_recommendation(ref, by=admin)
        values = {
            "text": {"en": en, "mn": mn},
            "source": source,
            "links": [f"{QUESTIONNAIRE}:{key}" for key in links],
            "responsible": bodies,
            "sdg": sdg,
            "status": RecommendationStatus(status),
            "due": day(due),
            "published": public,
        }
        reg.set_fields(rec, values, by=admin, initial=True)
        records[ref] = rec
    plan.set_focal_bodies(focal, FOCAL_BODIES)
    authors: dict[str, Account | None] = {"admin": admin, "focal": focal}
    for (ref, number), (en, mn, body, start, due, status, updates) in ACTIONS.items():
        action = reg.create_action(records[ref], number, by=admin)
        values = {
            "text": {"en": en, "mn": mn},
            "responsible": body,
            "start": day(start),
            "due": day(due),
        }
        reg.set_fields(action, values, by=admin, initial=True)
        for offset, who, text in updates:
            author = authors[who] or focal
            plan.add_update(action, text, by=author, on=day(offset))
        reg.set_fields(action, {"status": ActionStatus(status)}, by=admin)
    db.session.flush()
    yield f"created the recommendations register: {len(RECOMMENDATIONS)} recommendations, {len(ACTIONS)} actions"
    yield f"    {FOCAL_POINT}   password: {password}   (focal point: {', '.join(FOCAL_BODIES)})"
