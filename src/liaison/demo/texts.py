"""Topic-coherent texts in Chinese and English, built from one domain's vocabulary.

A `Topic` fixes the terms a record is about; every text of that record (a need's title and
description, its solution, the service that delivered it) draws from the same topic, and the
people and achievements it is matched with share its domain and its subject.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .vocabulary import DomainVocabulary, Problem, Term, Trade


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(text: str) -> str:
    return "an" if text[:1].lower() in "aeiou" else "a"


@dataclass(frozen=True)
class Topic:
    domain: DomainVocabulary
    subject: Term
    product: Term  # another subject of the domain the first one serves, when they differ
    method: Term
    method2: Term
    problem: Problem
    application: Term
    measure: Term  # what a solution improves

    @property
    def keywords_zh(self) -> list[str]:
        terms = [self.subject.zh, self.method.zh, self.application.zh]
        if self.product != self.subject:
            terms.insert(1, self.product.zh)
        return terms


def topic(rng: random.Random, domain: DomainVocabulary, *, subject: Term | None = None) -> Topic:
    """Terms for one record, all of `domain`, about `subject` if given."""
    subject = subject or rng.choice(domain.subjects)
    product = rng.choice(domain.subjects) if rng.random() < 0.4 else subject
    method, method2 = rng.sample(domain.methods, 2)
    problem = rng.choice(domain.problems)
    return Topic(
        domain=domain,
        subject=subject,
        product=product,
        method=method,
        method2=method2,
        problem=problem,
        application=rng.choice(domain.applications),
        measure=problem.measure,
    )


# Technical needs ---------------------------------------------------------------------------


def need_title(rng: random.Random, t: Topic, *, english: bool) -> str:
    if english:
        options = [
            f"Solving {t.problem.en} of {t.subject.en} for {t.application.en}",
            f"Improving the {t.measure.en} of {t.subject.en} with {t.method.en}",
            f"Applying {t.subject.en} to {t.application.en}",
        ]
        if t.product != t.subject:
            options.append(f"{_cap(t.problem.en)} of the {t.subject.en} of our {t.product.en}")
        return rng.choice(options)
    options = [
        f"{t.application.zh}用{t.subject.zh}{t.problem.zh}的技术攻关",
        f"提升{t.subject.zh}{t.measure.zh}的{t.method.zh}技术需求",
        f"{t.subject.zh}在{t.application.zh}中的应用开发",
        f"解决{t.subject.zh}{t.problem.zh}难题",
    ]
    if t.product != t.subject:
        options.append(f"{t.product.zh}{t.subject.zh}{t.problem.zh}问题")
    return rng.choice(options)


def need_description(
    rng: random.Random, t: Topic, *, english: bool, organization: str, trade: Trade | None
) -> str:
    n = rng.randrange(5, 40) * 5
    if english:
        business = f"{organization} makes {trade.en.lower()} products" if trade else organization
        impacts = [
            f"which holds back their use in {t.application.en}",
            "which keeps our costs high and our yields low",
            "which makes our products less competitive in tenders",
        ]
        goals = [
            f"raise the {t.measure.en} by at least {n // 5}%",
            f"turn {t.subject.en} into a process ready for mass production",
            "complete pilot-scale validation within a year",
            "develop a solution we can own and patent",
        ]
        return (
            # The Chinese term in brackets, as bilingual briefs do: it is what experts list.
            f"{business}. In developing and producing {t.subject.en} ({t.subject.zh})"
            f"{f' for {t.product.en}' if t.product != t.subject else ''} we face "
            f"{t.problem.en}, {rng.choice(impacts)}. We are looking for researchers "
            f"experienced in {t.method.en} and {t.method2.en} to {rng.choice(goals)}."
        )
    business = (
        f"{organization}主要从事{trade.industry}"
        if trade
        else f"{organization}长期关注{t.domain.name.zh}领域的临床与产业需求"
    )
    scale = rng.choice(
        [
            f"现有员工{rng.randrange(30, 600)}人，年产值约{rng.randrange(800, 30000)}万元",
            f"拥有生产线{rng.randrange(2, 12)}条",
            f"是本地{t.domain.name.zh}领域的骨干单位",
        ]
    )
    impacts = [
        f"影响了产品在{t.application.zh}领域的推广",
        f"导致产品难以满足{t.application.zh}的实际需求",
        "制约了产能和效益的提升",
        "使产品在招投标中缺乏竞争力",
    ]
    goals = [
        f"将{t.measure.zh}提升{n // 5}%以上",
        f"形成可量产的{t.subject.zh}工艺方案",
        "在一年内完成中试验证",
        "获得具有自主知识产权的技术方案",
        "使产品满足相关国家标准和行业标准要求",
    ]
    product = f"{t.product.zh}用" if t.product != t.subject else ""
    return (
        f"{business}，{scale}。目前在{product}{t.subject.zh}的研发和生产中遇到"
        f"{t.problem.zh}的难题，{rng.choice(impacts)}。希望借助研究院在{t.domain.name.zh}"
        f"领域的科研力量，通过{t.method.zh}、{t.method2.zh}等技术手段，{rng.choice(goals)}。"
    )


def solution_summary(
    rng: random.Random, t: Topic, *, english: bool, center: Term, person: Term
) -> str:
    gain = rng.randrange(12, 80)
    if english:
        outcome = rng.choice(
            [
                "the company has started small-batch production",
                "the process now runs on the company's line",
                "the company rated the result excellent at acceptance",
                "both parties filed a joint invention patent",
            ]
        )
        return (
            f"The team of {person.en} at the {center.en} applied {t.method.en} together with "
            f"{t.method2.en} to the {t.subject.en}; the {t.measure.en} improved by {gain}% and "
            f"{outcome}."
        )
    outcome = rng.choice(
        [
            "企业已完成小批量试产",
            "相关工艺已在企业生产线应用",
            "企业验收评价为优秀",
            "双方联合申请发明专利1项",
        ]
    )
    return (
        f"{center.zh}{person.zh}团队采用{t.method.zh}结合{t.method2.zh}，针对{t.subject.zh}"
        f"{t.problem.zh}的问题优化了材料与工艺，{t.measure.zh}提升{gain}%，{outcome}。"
    )


# Technical services ------------------------------------------------------------------------


def service_text(rng: random.Random, t: Topic, *, kind: str, english: bool) -> tuple[str, str]:
    """A service record's title and description for a service of `kind` about topic `t`."""
    test = rng.choice(t.domain.tests)
    instrument = rng.choice(t.domain.instruments)
    reports = rng.randrange(1, 6)
    people = rng.randrange(8, 60)
    hours = rng.randrange(4, 80)
    if english:
        texts = {
            "testing": (
                f"{_cap(test.en)} of {t.subject.en}",
                f"{_cap(test.en)} of the company's {t.subject.en} samples to the applicable "
                f"standards; {reports} test report(s) issued.",
            ),
            "consulting": (
                f"Consulting on {t.problem.en} of {t.subject.en}",
                f"Technical consulting on {t.problem.en} of {t.subject.en}, with an improvement "
                f"plan based on {t.method.en}.",
            ),
            "joint_rd": (
                f"Joint R&D on {t.method.en} for {t.subject.en}",
                f"Joint research with the company's engineers on {t.method.en} for "
                f"{t.subject.en}, through {reports} rounds of process validation.",
            ),
            "training": (
                f"Training: {t.subject.en} and {t.method.en}",
                f"Training for {people} of the company's technical staff on {t.subject.en} "
                f"and {t.method.en}.",
            ),
            "equipment": (
                f"Shared use of the {instrument.en} ({t.subject.en})",
                f"{hours} hours on the {instrument.en} to characterize {t.subject.en} samples.",
            ),
        }
        return texts[kind]
    texts = {
        "testing": (
            f"{t.subject.zh}{test.zh}",
            f"依据相关标准对送检的{t.subject.zh}样品开展{test.zh}，出具检测报告{reports}份。",
        ),
        "consulting": (
            f"{t.subject.zh}{t.problem.zh}技术咨询",
            f"针对{t.subject.zh}{t.problem.zh}的问题开展技术咨询，提出基于{t.method.zh}的改进方案。",
        ),
        "joint_rd": (
            f"{t.subject.zh}{t.method.zh}联合研发",
            f"与企业技术团队联合开展{t.subject.zh}{t.method.zh}研究，完成{reports}轮工艺验证。",
        ),
        "training": (
            f"{t.domain.name.zh}技术培训：{t.subject.zh}与{t.method.zh}",
            f"为技术人员{people}人次开展{t.subject.zh}及{t.method.zh}专题培训。",
        ),
        "equipment": (
            f"{instrument.zh}共享使用（{t.subject.zh}）",
            f"开放共享{instrument.zh}{hours}机时，用于{t.subject.zh}样品表征。",
        ),
    }
    return texts[kind]


# Achievements ------------------------------------------------------------------------------


def achievement_titles(rng: random.Random, t: Topic, *, kind: str) -> tuple[str, str]:
    s, m, a = t.subject, t.method, t.application
    version = rng.randrange(1, 4)
    options: dict[str, list[tuple[str, str]]] = {
        "patent": [
            (f"一种{s.zh}及其制备方法", f"{_cap(s.en)} and a method of preparing it"),
            (f"一种基于{m.zh}的{s.zh}制备方法", f"Method of preparing {s.en} by {m.en}"),
            (f"一种用于{a.zh}的{s.zh}", f"{_cap(s.en)} for {a.en}"),
        ],
        "material": [(f"{a.zh}用{s.zh}", f"{_cap(s.en)} for {a.en}")],
        "medical_device": [(f"用于{a.zh}的{s.zh}", f"{_cap(s.en)} for {a.en}")],
        "drug": [(f"基于{s.zh}的{a.zh}候选药物", f"{_cap(s.en)}-based drug candidate for {a.en}")],
        "process": [(f"{s.zh}{m.zh}生产工艺", f"{_cap(m.en)} production process for {s.en}")],
        "software": [
            (
                f"{s.zh}智能分析软件V{version}.0",
                f"Intelligent analysis software for {s.en} V{version}.0",
            )
        ],
        "standard": [
            (f"《{s.zh}技术规范》团体标准", f"Group standard: technical specification for {s.en}")
        ],
    }
    return rng.choice(options[kind])


def achievement_description(rng: random.Random, t: Topic, *, english: bool) -> str:
    gain = rng.randrange(15, 90)
    if english:
        return (
            f"Aimed at {t.application.en}, this work addresses {t.problem.en} of {t.subject.en} "
            f"with {t.method.en} and {t.method2.en}; the {t.measure.en} improved by {gain}%."
        )
    closing = rng.choice(
        [f"已申请发明专利{rng.randrange(1, 6)}项。", "已完成中试验证。", "已与企业开展转化合作。"]
    )
    return (
        f"本成果面向{t.application.zh}需求，针对{t.subject.zh}{t.problem.zh}的问题，"
        f"采用{t.method.zh}与{t.method2.zh}技术，使{t.measure.zh}提升{gain}%。{closing}"
    )


STAGE_EVIDENCE: dict[str, tuple[str, ...]] = {
    "research": ("完成原理验证实验。", "立项并完成文献与专利检索。"),
    "prototype": ("完成样品试制并通过内部测试。", "完成原型样机研制。"),
    "pilot": ("完成中试生产（3批次），工艺稳定。", "在合作企业生产线完成中试验证。"),
    "clinical_trial": ("获伦理委员会批准，启动临床试验。", "完成首例受试者入组。"),
    "registration": ("提交产品注册申请并获受理。", "完成注册检验，进入技术审评。"),
    "market": ("取得注册证，产品上市销售。", "实现规模化生产并上市销售。"),
}


# People ------------------------------------------------------------------------------------


def researcher_profile(
    rng: random.Random,
    *,
    name: Term,
    title: Term,
    university: Term,
    center: Term,
    expertise: list[Term],
    applications: list[Term],
    english: bool,
) -> str:
    projects, papers, patents = rng.randrange(2, 12), rng.randrange(10, 90), rng.randrange(1, 25)
    e = expertise + expertise[:3]
    if english:
        return (
            f"{name.en} is {_article(title.en)} {title.en} at the {center.en} of the Wenzhou "
            f"Institute, University of Chinese Academy of Sciences, with a PhD from "
            f"{university.en}. Research interests: {e[0].en}, {e[1].en} and {e[2].en}, for "
            f"{applications[0].en} and {applications[-1].en}. Has led {projects} funded "
            f"projects, published {papers} SCI papers and holds {patents} invention patents."
        )
    return (
        f"{name.zh}，{title.zh}，博士毕业于{university.zh}。现任国科温州研究院{center.zh}"
        f"课题组长，主要从事{e[0].zh}、{e[1].zh}和{e[2].zh}研究，聚焦{applications[0].zh}"
        f"与{applications[-1].zh}等应用方向。主持国家自然科学基金等科研项目{projects}项，"
        f"发表SCI论文{papers}篇，授权发明专利{patents}项。"
    )


def expert_profile(
    rng: random.Random,
    *,
    name: Term,
    title: Term,
    organization: Term,
    expertise: list[Term],
    applications: list[Term],
    clinical: bool,
    english: bool,
) -> str:
    e = expertise + expertise[:2]
    if english:
        if clinical:
            return (
                f"{name.en}, {title.en} at {organization.en}, treats patients in "
                f"{applications[0].en} and works on the clinical translation of {e[0].en} and "
                f"{e[1].en}."
            )
        return (
            f"{name.en}, {title.en} at {organization.en}, works on {e[0].en} and {e[1].en}, "
            f"with long experience in {applications[0].en}."
        )
    if clinical:
        return (
            f"{name.zh}，{organization.zh}{title.zh}，从事{applications[0].zh}相关临床工作"
            f"{rng.randrange(10, 30)}年，参与{e[0].zh}、{e[1].zh}等临床转化研究。"
        )
    return (
        f"{name.zh}，{organization.zh}{title.zh}，长期从事{e[0].zh}、{e[1].zh}研究，"
        f"在{applications[0].zh}领域具有丰富经验。"
    )


def contact_profile(*, name: str, title: str, organization: str, subjects: list[Term]) -> str:
    products = "、".join(s.zh for s in subjects)
    return f"{name}，{organization}{title}，负责{products}等产品的研发与质量管理。"


# Organizations and centers ------------------------------------------------------------------


def enterprise_description(
    rng: random.Random,
    *,
    name: str,
    founded_year: int,
    place: str,
    subjects: list[Term],
    application: Term,
) -> str:
    products = "、".join(s.zh for s in subjects)
    extra = rng.choice(["，是国家高新技术企业", "，是省级科技型中小企业", "，设有企业研发中心", ""])
    return (
        f"{name}成立于{founded_year}年，位于{place}，主要从事{products}等产品的研发、生产和"
        f"销售，产品应用于{application.zh}领域{extra}。"
    )


def foreign_enterprise_description(*, name: str, subjects: list[Term], application: Term) -> str:
    products = ", ".join(s.en for s in subjects)
    return f"{name} develops and makes {products} for {application.en}."


def center_description(*, name: str, focus: list[Term], application: Term) -> str:
    areas = "、".join(f.zh for f in focus)
    return f"{name}聚焦{areas}等方向，面向{application.zh}开展联合攻关、人才培养与成果转化。"


def agreement_description(*, partner: str, focus: list[Term]) -> str:
    areas = "、".join(f.zh for f in focus)
    return f"研究院与{partner}围绕{areas}等方向开展合作，共同推进关键技术攻关与成果转化。"


def contract_obligations(rng: random.Random, t: Topic) -> str:
    months = rng.randrange(6, 25)
    return (
        f"研究院负责{t.subject.zh}{t.method.zh}技术研究并在{months}个月内提交技术成果；"
        f"委托方负责提供样品、应用场景和约定经费，并协助开展{t.application.zh}应用验证。"
    )
