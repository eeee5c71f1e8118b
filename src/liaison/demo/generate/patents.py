"""The patent portfolio: the applications filed for the achievements, their fees and agents."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from liaison.core.choices import Currency
from liaison.core.money import CENT
from liaison.disclosures.choices import DisclosureDecision, DisclosureEventKind
from liaison.patents import docket, rules
from liaison.patents.choices import (
    FeeKind,
    Jurisdiction,
    OfficeActionKind,
    PatentKind,
    PatentStatus,
)
from liaison.patents.models import FeePayment, OfficeAction, Patent
from liaison.patents.numbers import cn_check_character, cn_patent_number
from liaison.patents.periods import add_months, next_working_day
from liaison.people.models import Person
from liaison.transfer.choices import CostKind
from liaison.transfer.models import Cost

from ..names import OTHER_CITIES, WENZHOU
from ..writer import Change
from .disclosures import DisclosurePlan, DisclosuresGenerator
from .organizations import OrganizationsGenerator
from .story import DAY, AchievementRecord, Org

TYPE_DIGITS: dict[str, str] = {
    PatentKind.INVENTION: "1",
    PatentKind.UTILITY_MODEL: "2",
    PatentKind.DESIGN: "3",
}
# The patent agencies the office files through (names of the demo's own invention).
AGENCIES = (
    ("温州瓯越专利代理事务所（普通合伙）", "Wenzhou Ouyue Patent Agency", "Wenzhou", "330302"),
    ("杭州知新专利代理有限公司", "Hangzhou Zhixin Patent Agency Co., Ltd.", "Hangzhou", ""),
    (
        "浙江鹿城知识产权代理有限公司",
        "Zhejiang Lucheng Intellectual Property Agency Co., Ltd.",
        "Wenzhou",
        "330302",
    ),
)
INVENTION_TITLES = (
    "一种{s}及其制备方法",
    "一种{s}的制备方法",
    "一种改性{s}及其应用",
    "{s}的制备装置及方法",
)
UTILITY_TITLES = ("一种{s}成型装置", "一种用于{s}的检测装置")
OPINIONS = (
    "审查员认为权利要求1-3相对于对比文件1和公知常识的结合不具备创造性，需修改权利要求并陈述意见。",
    "说明书对关键工艺参数公开不充分，权利要求4的技术特征缺乏说明书支持。",
    "权利要求1与对比文件1的区别技术特征未产生预料不到的技术效果，建议补充实验数据。",
)
PATENTS_APPLIED = re.compile(r"已申请发明专利(\d)项")
# What an agency charges for an application, in yuan (hundreds).
AGENT_FEES = {
    (Jurisdiction.CN, PatentKind.INVENTION): (40, 80),
    (Jurisdiction.CN, PatentKind.UTILITY_MODEL): (20, 35),
    (Jurisdiction.PCT, PatentKind.INVENTION): (120, 250),
    (Jurisdiction.US, PatentKind.INVENTION): (400, 800),
    (Jurisdiction.EP, PatentKind.INVENTION): (450, 900),
}
PATENT_CREATED: dict[str, Any] = {
    "status": PatentStatus.PENDING,
    "published_on": None,
    "examination_requested_on": None,
    "granted_on": None,
    "patent_number": "",
    "lapsed_on": None,
    "ended_on": None,
    "end_reason": "",
}


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(eq=False)
class PatentRecord:
    obj: Patent
    owners: list[Org]
    inventors: list[Person]
    payments: list[FeePayment] = field(default_factory=list)
    actions: list[OfficeAction] = field(default_factory=list)


class PatentsGenerator(DisclosuresGenerator, OrganizationsGenerator):
    """Generates the patents of the achievements the office decided to patent, their fees
    (paid as the docket's rules say, on their days) and what the agencies charged."""

    agencies: list[Org]
    application_numbers: set[str]
    patents: dict[int, list[PatentRecord]]  # by id() of the achievement
    costs: dict[int, list[Cost]]  # what was spent on each achievement, by its id()

    def _patent_agencies(self) -> None:
        self.agencies = []
        hangzhou = next(c for c in OTHER_CITIES if c.en == "Hangzhou")
        for name_zh, name_en, city_name, _code in AGENCIES:
            city = WENZHOU if city_name == "Wenzhou" else hangzhou
            district = city.districts[0]
            self.agencies.append(
                self._add_org(
                    name_zh=name_zh,
                    name_en=name_en,
                    kind="service_provider",
                    city=city,
                    district=district,
                    founded_on=datetime.date(self.rng.randrange(2005, 2016), 1, 1)
                    + self.rng.randrange(365) * DAY,
                    description="专利代理、专利检索分析与知识产权咨询服务。",
                )
            )

    def _cn_number(self, kind: str, filed_on: datetime.date, *, fixed: str = "") -> str:
        """A CN application number of the filing's year with its check character: the digits
        `fixed` (an achievement's own number, kept aside), or new ones no other patent has."""
        if fixed:
            return f"{fixed}.{cn_check_character(fixed)}"
        while True:
            serial = self.rng.randrange(100000, 1600000)
            digits = f"{filed_on.year}{TYPE_DIGITS[kind]}{serial:07d}"
            number = f"{digits}.{cn_check_character(digits)}"
            if number not in self.application_numbers:
                self.application_numbers.add(number)
                return number

    def _pct_number(self, filed_on: datetime.date) -> str:
        """A PCT application number of the filing's year that no other patent has: at large
        scales (thousands of PCT filings a year) a serial drawn once repeats one."""
        while True:
            serial = self.rng.randrange(70000, 150000)
            number = f"PCT/CN{filed_on.year}/{serial:06d}"
            if number not in self.application_numbers:
                self.application_numbers.add(number)
                return number

    def _national_number(self, jurisdiction: str, entered_on: datetime.date) -> str:
        """A US or EP application number of a national phase that no other patent has."""
        while True:
            if jurisdiction == Jurisdiction.US:
                digits = f"{self.rng.randrange(100, 999)},{self.rng.randrange(100, 999)}"
                number = f"{17 + max(0, entered_on.year - 2021)}/{digits}"
            else:
                digits = f"{entered_on.year % 100}{self.rng.randrange(700000, 999999)}"
                number = f"EP{digits}.{self.rng.randrange(10)}"
            if number not in self.application_numbers:
                self.application_numbers.add(number)
                return number

    def _one_off(
        self, patent: Patent, kind: str, on: datetime.date, owners: int
    ) -> tuple[Decimal, datetime.date | None, str]:
        """The application or examination fee paid on `on`, its due date and the rules'
        version, as `docket.one_off_fee` computes them for the patent once it is saved."""
        schedule = rules.fee_schedule(on)
        if kind == FeeKind.APPLICATION:
            full = schedule.application[patent.kind]
            due_on: datetime.date | None = patent.filed_on
        else:
            full = schedule.examination
            deadline = docket.examination_deadline(patent)
            due_on = deadline.due_on if deadline else None
        reduction = docket.reduction_rate(patent, schedule, owners)
        return _money(full * (1 - reduction)), due_on, schedule.version

    def _payment(
        self,
        record: PatentRecord,
        kind: str,
        paid_on: datetime.date,
        amount: Decimal,
        *,
        due_on: datetime.date | None,
        rule_version: str,
        fee_year: int | None = None,
        surcharge: Decimal = Decimal(0),
    ) -> None:
        payment = FeePayment(
            patent=record.obj,
            kind=kind,
            fee_year=fee_year,
            due_on=due_on,
            paid_on=paid_on,
            amount=amount,
            surcharge=surcharge,
            currency=Currency.CNY,
            rule_version=rule_version,
        )
        record.payments.append(payment)  # written once the patent is

    def _agent_cost(self, record: PatentRecord, achievement: Any) -> None:
        patent = record.obj
        low, high = AGENT_FEES[(Jurisdiction(patent.jurisdiction), PatentKind(patent.kind))]
        amount = Decimal(self.rng.randrange(low, high + 1) * 100).quantize(CENT)
        label = {
            Jurisdiction.CN: "专利申请代理费",
            Jurisdiction.PCT: "PCT国际申请代理费",
        }.get(Jurisdiction(patent.jurisdiction), "国外专利申请代理费及官费")
        on = patent.national_phase_on or patent.filed_on
        cost = Cost(
            achievement=achievement,
            kind=CostKind.AGENT,
            incurred_on=on,
            amount=amount,
            currency=Currency.CNY,
            payee=patent.agent,
            description=f"{patent.title}：{label}",
        )
        self.writer.add(cost, self._at(on))
        self.costs[id(achievement)].append(cost)

    def _patent(
        self,
        record: AchievementRecord,
        *,
        title: str,
        kind: str,
        filed_on: datetime.date,
        jurisdiction: str = Jurisdiction.CN,
        number: str = "",
        priority_on: datetime.date | None = None,
        national_phase_on: datetime.date | None = None,
        agent: Org | None = None,
    ) -> PatentRecord:
        owners = record.owners
        patent = Patent(
            achievement=record.obj,
            title=title,
            jurisdiction=jurisdiction,
            kind=kind,
            application_number=number,
            filed_on=filed_on,
            priority_on=priority_on,
            national_phase_on=national_phase_on,
            fee_reduction=jurisdiction == Jurisdiction.CN and self.rng.random() < 0.85,
            agent=(agent or self.rng.choice(self.agencies)).obj,
        )
        patent.expires_on = docket.expiry(patent)
        return PatentRecord(patent, owners, [e.obj for e in record.inventors])

    def _cn_life(
        self, patent_record: PatentRecord, *, grant_months: tuple[int, int]
    ) -> list[Change]:
        """Examination, publication, grant, fees and perhaps a lapse of a Chinese patent, up to
        today: the lifecycle's dated changes, with its payments written."""
        patent = patent_record.obj
        owners = len(patent_record.owners)
        filed_on = patent.filed_on
        changes: list[tuple[datetime.date, dict[str, Any]]] = []
        amount, due_on, version = self._one_off(patent, FeeKind.APPLICATION, filed_on, owners)
        self._payment(
            patent_record,
            FeeKind.APPLICATION,
            filed_on,
            amount,
            due_on=due_on,
            rule_version=version,
        )
        examined_on = None
        if patent.kind == PatentKind.INVENTION:
            examined_on = filed_on
            if self.rng.random() < 0.3:
                examined_on = filed_on + self.rng.randrange(60, 540) * DAY
            if examined_on <= self.today:
                patent.examination_requested_on = examined_on
                changes.append((examined_on, {"examination_requested_on": examined_on}))
                amount, due_on, version = self._one_off(
                    patent, FeeKind.EXAMINATION, examined_on, owners
                )
                self._payment(
                    patent_record,
                    FeeKind.EXAMINATION,
                    examined_on,
                    amount,
                    due_on=due_on,
                    rule_version=version,
                )
            else:
                examined_on = None
            early = self.rng.random() < 0.4
            published_on = add_months(filed_on, self.rng.randrange(3, 10) if early else 18)
            published_on = next_working_day(published_on)
            if published_on <= self.today:
                changes.append((published_on, {"published_on": published_on}))
        else:
            published_on = None  # published with its grant
        granted_on = None
        if patent.kind != PatentKind.INVENTION or examined_on is not None:
            start = examined_on or filed_on
            granted_on = (
                add_months(start, self.rng.randrange(*grant_months))
                + self.rng.randrange(0, 28) * DAY
            )
            if published_on is not None:  # an invention is published before it is granted
                granted_on = max(granted_on, published_on + 30 * DAY)
            if granted_on >= self.today:
                granted_on = None
        if granted_on is not None and examined_on is not None:
            self._first_opinion(
                patent_record, examined_on, until=granted_on - 60 * DAY, answered_by=granted_on
            )
        if granted_on is None:
            if (
                patent.kind == PatentKind.INVENTION
                and (self.today - filed_on).days > 1000
                and self.rng.random() < 0.3
            ):  # no grant in sight: given up after the examiner's opinions
                ended_on = self._day(filed_on + 800 * DAY, self.today - DAY)
                if examined_on is not None:
                    self._first_opinion(
                        patent_record, examined_on, until=ended_on - 60 * DAY, answered_by=ended_on
                    )
                changes.append(
                    (
                        ended_on,
                        {
                            "status": PatentStatus.WITHDRAWN,
                            "ended_on": ended_on,
                            "end_reason": "审查意见答复后仍不具备授权前景，主动撤回申请。",
                        },
                    )
                )
            elif examined_on is not None:  # under examination: its opinion open or answered
                self._first_opinion(patent_record, examined_on, until=self.today - 5 * DAY)
            return self._dated(patent, changes)
        number = cn_patent_number(patent.application_number)
        patent.status = PatentStatus.GRANTED
        patent.granted_on = granted_on
        patent.patent_number = number
        changes.append(
            (
                granted_on,
                {"status": PatentStatus.GRANTED, "granted_on": granted_on, "patent_number": number},
            )
        )
        changes += self._annual_fees(patent_record)
        return self._dated(patent, changes)

    def _first_opinion(
        self,
        patent_record: PatentRecord,
        examined_on: datetime.date,
        *,
        until: datetime.date,
        answered_by: datetime.date | None = None,
    ) -> None:
        """The examiner's first opinion some months into the examination, answered within its
        term before `answered_by` (the grant, the withdrawal); one issued lately may still be
        open, its answer on the docket."""
        patent = patent_record.obj
        issued_on = min(add_months(examined_on, self.rng.randrange(6, 15)), until)
        if issued_on <= examined_on + 30 * DAY:
            return
        deadline = docket.response_deadline(
            issued_on=issued_on, kind=OfficeActionKind.FIRST_OPINION, patent_kind=patent.kind
        )
        assert deadline is not None
        received_on = min(issued_on + self.rng.randrange(3, 12) * DAY, self.today)
        responded_on = None
        last = min(deadline.due_on, (answered_by or self.today + DAY) - DAY, self.today)
        if answered_by is not None or deadline.due_on < self.today or self.rng.random() < 0.5:
            responded_on = self._day(min(received_on + 20 * DAY, last), last)
        patent_record.actions.append(
            OfficeAction(
                patent=patent,
                kind=OfficeActionKind.FIRST_OPINION,
                issued_on=issued_on,
                received_on=received_on,
                response_due_on=deadline.due_on,
                responded_on=responded_on,
                rule_version=deadline.rule_version,
                summary=self.rng.choice(OPINIONS),
            )
        )

    def _annual_fees(
        self, patent_record: PatentRecord
    ) -> list[tuple[datetime.date, dict[str, Any]]]:
        """The annual fees of a granted patent paid up to today: on time mostly, a few late
        with their surcharge, the latest sometimes still unpaid in its late window; and now and
        then one never paid, so that the patent lapsed."""
        patent = patent_record.obj
        owners = len(patent_record.owners)
        lapses = self.rng.random() < 0.06
        for fee in docket.annual_fees(patent, owner_count=owners):
            if fee.at_grant:
                assert patent.granted_on is not None
                self._payment(
                    patent_record,
                    FeeKind.ANNUAL,
                    patent.granted_on,
                    fee.amount,
                    due_on=fee.due_on,
                    rule_version=fee.rule_version,
                    fee_year=fee.fee_year,
                )
                continue
            if fee.due_on > self.today:
                break  # due in the coming months: on the fee calendar
            assert fee.late_until is not None
            if fee.late_until < self.today and lapses:
                lapsed_on = fee.year_starts
                noted_on = min(fee.late_until + self.rng.randrange(5, 60) * DAY, self.today)
                reason = (
                    f"第{fee.fee_year}年度年费（应缴日{fee.due_on.isoformat()}）至"
                    f"{fee.late_until.isoformat()}仍未缴纳，专利权终止。"
                )
                return [
                    (
                        noted_on,
                        {
                            "status": PatentStatus.LAPSED,
                            "lapsed_on": lapsed_on,
                            "ended_on": lapsed_on,
                            "end_reason": reason,
                        },
                    )
                ]
            if fee.late_until >= self.today and self.rng.random() < 0.15:
                break  # overdue, in its late window: the calendar shows the surcharge
            if self.rng.random() < 0.08:  # paid late, in month 2 to 4 of the window
                month = self.rng.randrange(2, 5)
                band, previous = fee.bands[month], fee.bands[month - 1]
                paid_on = min(self._day(previous.ends_on + DAY, band.ends_on), self.today)
                band = fee.band_on(paid_on) or band
            else:
                paid_on = min(fee.due_on - self.rng.randrange(3, 60) * DAY, self.today)
                paid_on = max(paid_on, patent.granted_on or paid_on)
                band = fee.bands[0]
            self._payment(
                patent_record,
                FeeKind.ANNUAL,
                paid_on,
                fee.amount + band.amount,
                due_on=fee.due_on,
                rule_version=fee.rule_version,
                fee_year=fee.fee_year,
                surcharge=band.amount,
            )
        return []

    def _dated(
        self, patent: Patent, changes: list[tuple[datetime.date, dict[str, Any]]]
    ) -> list[Change]:
        """The changes in date order, applied to the patent, as the history's steps."""
        ordered = sorted(changes, key=lambda change: change[0])
        for _day, values in ordered:
            for name, value in values.items():
                setattr(patent, name, value)
        return [(self._at(day), values) for day, values in ordered]

    def _write_patent(self, patent_record: PatentRecord, changes: list[Change]) -> None:
        patent = patent_record.obj
        created = self._at(
            patent.filed_on if patent.national_phase_on is None else patent.national_phase_on
        )
        self.writer.add(patent, created, before=PATENT_CREATED, changes=changes)
        for owner in patent_record.owners:
            self.writer.add(Patent.owners.through(patent=patent, organization=owner.obj), created)
        for person in patent_record.inventors:
            self.writer.add(Patent.inventors.through(patent=patent, person=person), created)
        for payment in patent_record.payments:
            self.writer.add(payment, self._at(payment.paid_on))
        for action in patent_record.actions:
            answered: list[Change] = []
            if action.responded_on is not None:
                answered.append(
                    (self._at(action.responded_on), {"responded_on": action.responded_on})
                )
            self.writer.add(
                action,
                self._at(action.received_on or action.issued_on),
                before={"responded_on": None},
                changes=answered,
            )

    def _patents_for(self, plan: DisclosurePlan) -> None:
        """The applications filed for the achievement of an accepted disclosure to patent."""
        record = plan.record
        if record is None or plan.obj.decision != DisclosureDecision.FILE_PATENT:
            return
        decided_on = plan.day_of(DisclosureEventKind.DECIDED)
        assert decided_on is not None
        achievement = record.obj
        subject = record.subject.zh
        fixed = ""
        if achievement.patent_number:  # the achievement names its granted invention patent
            fixed = achievement.patent_number.removeprefix("ZL").split(".")[0]
            year = int(fixed[:4])
            filed_on = min(
                max(decided_on + self.rng.randrange(7, 60) * DAY, datetime.date(year, 1, 1)),
                datetime.date(year, 12, 31),
            )
            filed_on = max(filed_on, min(decided_on, datetime.date(year, 12, 31)))
        else:
            filed_on = decided_on + self.rng.randrange(10, 75) * DAY
        if filed_on >= self.today:
            return
        described = PATENTS_APPLIED.search(achievement.description)
        count = int(described.group(1)) if described else 1
        if not described and record.domain == "biomaterials" and self.rng.random() < 0.4:
            count = 2
        found: list[PatentRecord] = []
        agent = self.rng.choice(self.agencies)
        for number in range(count):
            if number:
                filed_on = filed_on + self.rng.randrange(30, 300) * DAY
                if filed_on >= self.today:
                    break
            title = (
                achievement.title_zh
                if number == 0 and achievement.kind == "patent"
                else self.rng.choice(INVENTION_TITLES).format(s=subject)
            )
            patent_record = self._patent(
                record,
                title=title,
                kind=PatentKind.INVENTION,
                filed_on=filed_on,
                number=self._cn_number(
                    PatentKind.INVENTION, filed_on, fixed=fixed if number == 0 else ""
                ),
                agent=agent,
            )
            changes = self._cn_life(patent_record, grant_months=(12, 30))
            self._write_patent(patent_record, changes)
            self._agent_cost(patent_record, achievement)
            found.append(patent_record)
        first = found[0] if found else None
        if first is not None and achievement.kind == "medical_device" and self.rng.random() < 0.5:
            # Filed the same day as a utility model, granted within the year (一案双申).
            patent_record = self._patent(
                record,
                title=self.rng.choice(UTILITY_TITLES).format(s=subject),
                kind=PatentKind.UTILITY_MODEL,
                filed_on=first.obj.filed_on,
                number=self._cn_number(PatentKind.UTILITY_MODEL, first.obj.filed_on),
                agent=agent,
            )
            changes = self._cn_life(patent_record, grant_months=(5, 11))
            self._write_patent(patent_record, changes)
            self._agent_cost(patent_record, achievement)
            found.append(patent_record)
        international = 0.4 if record.domain == "biomaterials" else 0.1
        if first is not None and self.rng.random() < international:
            found += self._pct(record, first)
        self.patents[id(achievement)] = found
        if found and plan.obj.planned_publication_on is not None:
            # The paper waits for the application: publishing first would bar novelty.
            first_filed = min(p.obj.filed_on for p in found)
            if plan.obj.planned_publication_on <= first_filed:
                plan.obj.planned_publication_on = first_filed + self.rng.randrange(20, 150) * DAY

    def _pct(self, record: AchievementRecord, first: PatentRecord) -> list[PatentRecord]:
        """An international application claiming the first Chinese filing's priority, and
        once its 30 months are over, the national phase it entered abroad."""
        priority_on = first.obj.filed_on
        filed_on = priority_on + self.rng.randrange(300, 360) * DAY
        if filed_on >= self.today:
            return []
        pct_number = self._pct_number(filed_on)
        pct = self._patent(
            record,
            title=first.obj.title,
            kind=PatentKind.INVENTION,
            filed_on=filed_on,
            jurisdiction=Jurisdiction.PCT,
            number=pct_number,
            priority_on=priority_on,
        )
        changes: list[tuple[datetime.date, dict[str, Any]]] = []
        published_on = add_months(priority_on, 18)
        if published_on <= self.today:
            changes.append((published_on, {"published_on": published_on}))
        deadline = docket.national_phase_deadline(pct.obj)
        found = [pct]
        national: PatentRecord | None = None
        if deadline is not None and deadline.due_on < self.today:
            entered_on = deadline.due_on - self.rng.randrange(5, 60) * DAY
            jurisdiction = self.rng.choice((Jurisdiction.US, Jurisdiction.EP))
            number = self._national_number(jurisdiction, entered_on)
            where = "美国" if jurisdiction == Jurisdiction.US else "欧洲"
            national = self._patent(
                record,
                title=first.obj.title,
                kind=PatentKind.INVENTION,
                filed_on=filed_on,
                jurisdiction=jurisdiction,
                number=number,
                priority_on=priority_on,
                national_phase_on=entered_on,
                agent=self.agencies[1],
            )
            changes.append(
                (
                    deadline.due_on,
                    {
                        "status": PatentStatus.WITHDRAWN,
                        "ended_on": deadline.due_on,
                        "end_reason": f"国际阶段届满，已进入{where}国家阶段（{number}）。",
                    },
                )
            )
        self._write_patent(pct, self._dated(pct.obj, changes))
        self._agent_cost(pct, record.obj)
        if national is not None:
            national_changes: list[tuple[datetime.date, dict[str, Any]]] = []
            if national.obj.jurisdiction == Jurisdiction.EP:
                assert national.obj.national_phase_on is not None
                published_on = national.obj.national_phase_on + 60 * DAY
                if published_on <= self.today:
                    national_changes.append((published_on, {"published_on": published_on}))
            self._write_patent(national, self._dated(national.obj, national_changes))
            self._agent_cost(national, record.obj)
            found.append(national)
        return found
