"""The region's industry chains (issue 19) with the demo's records placed on them, from random
streams of their own.

The five chains of the issue — life and health (生命健康), biomedical materials (生物医用材料),
medical devices (医疗器械), food (食品) and new materials (新材料) — each with its segments from
upstream to downstream. On each segment the office placed (accepted) enterprises, needs,
achievements, the institute's centers and researchers and agreements of the chain's domain,
each on the segment whose keywords its text names (else one of the chain's segments); a few
placements the matching engine suggested wait for a person's decision, explained by the
segment's words found in the record. Two segments are gaps: open needs placed and neither an
achievement nor an expert of the institute (clinical use of biomedical materials, and cold
chain and retail of food).

Placements are dated after 2023-05-08 and nothing else is written, so the report's six
figures stay as they are; records and history come from streams of their own.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import models

from liaison.chains.choices import PlacedKind, PlacementSource, PlacementStatus, Position
from liaison.chains.models import ChainSegment, IndustryChain, SegmentPlacement
from liaison.needs.choices import OPEN_NEED_STATUSES
from liaison.needs.models import TechnicalNeed

from .story import AS_OF, DAY, Story


@dataclass(frozen=True)
class SegmentSpec:
    code: str
    name_zh: str
    name_en: str
    position: str
    keywords: tuple[str, ...]
    description: str = ""
    gap: bool = False


@dataclass(frozen=True)
class ChainSpec:
    code: str
    name_zh: str
    name_en: str
    domain: str
    description: str
    segments: tuple[SegmentSpec, ...]


UP, MID, DOWN = Position.UPSTREAM, Position.MIDSTREAM, Position.DOWNSTREAM
REGION = "温州市"

CHAINS: tuple[ChainSpec, ...] = (
    ChainSpec(
        "LIFE",
        "生命健康",
        "Life and health",
        "life_health",
        "从生物样本、原料与试剂，到药物研发、生物制药，再到精准医疗与健康养老。",
        (
            SegmentSpec(
                "SAMPLES",
                "生物样本与检测",
                "Biosamples and testing",
                UP,
                ("基因检测", "生物标志物", "类器官", "肠道菌群"),
            ),
            SegmentSpec(
                "APIS",
                "原料与活性成分",
                "Raw materials and active ingredients",
                UP,
                ("中药活性成分", "抗衰老活性物", "多肽药物", "小分子抑制剂"),
            ),
            SegmentSpec(
                "RND",
                "药物研发",
                "Drug research and development",
                MID,
                ("药物缓释", "纳米药物载体", "靶向给药系统", "mRNA递送", "疫苗佐剂"),
            ),
            SegmentSpec(
                "BIOPHARMA",
                "生物制药与细胞治疗",
                "Biopharmaceuticals and cell therapy",
                MID,
                ("抗体药物", "干细胞", "外泌体", "细胞治疗", "肿瘤免疫治疗"),
            ),
            SegmentSpec(
                "CARE",
                "精准医疗与健康养老",
                "Precision medicine and elderly care",
                DOWN,
                ("精准医疗", "健康养老", "糖尿病管理", "功能性护肤", "化妆品功效评价"),
            ),
        ),
    ),
    ChainSpec(
        "BIOMAT",
        "生物医用材料",
        "Biomedical materials",
        "biomaterials",
        "从原材料与医用高分子，经医用级加工，到敷料与植入物，直至临床应用。",
        (
            SegmentSpec(
                "RAW",
                "原材料与高分子",
                "Raw materials and polymers",
                UP,
                ("医用高分子", "壳聚糖", "透明质酸", "胶原蛋白", "海藻酸盐", "聚乳酸", "丝素蛋白"),
            ),
            SegmentSpec(
                "PROCESS",
                "医用级加工",
                "Medical-grade processing",
                MID,
                (
                    "抗菌涂层",
                    "组织工程支架",
                    "生物陶瓷",
                    "羟基磷灰石",
                    "脱细胞基质",
                    "生物活性玻璃",
                ),
            ),
            SegmentSpec(
                "PRODUCTS",
                "敷料与植入物",
                "Dressings and implants",
                DOWN,
                (
                    "医用敷料",
                    "水凝胶敷料",
                    "骨修复材料",
                    "牙科种植体",
                    "人工血管",
                    "可吸收缝合线",
                    "止血材料",
                ),
            ),
            SegmentSpec(
                "CLINICAL",
                "临床应用",
                "Clinical use",
                DOWN,
                ("慢性创面修复", "骨缺损修复", "烧伤护理", "口腔修复", "术后防粘连"),
                "医院与诊所在创面、骨科、口腔等临床场景中的使用与评价。",
                gap=True,
            ),
        ),
    ),
    ChainSpec(
        "MEDDEV",
        "医疗器械",
        "Medical devices",
        "medical_engineering",
        "从传感器与核心部件，经器械设计制造与检测注册，到医院、基层与居家使用。",
        (
            SegmentSpec(
                "PARTS",
                "传感器与核心部件",
                "Sensors and core parts",
                UP,
                ("医用传感器", "微流控芯片", "超声探头", "医用导管"),
            ),
            SegmentSpec(
                "DEVICES",
                "器械设计与制造",
                "Device design and manufacturing",
                MID,
                (
                    "医学影像设备",
                    "手术机器人",
                    "内窥镜",
                    "呼吸机",
                    "输液泵",
                    "激光治疗仪",
                    "血液净化设备",
                ),
            ),
            SegmentSpec(
                "DIAGNOSTICS",
                "诊断试剂与即时检测",
                "Diagnostics and point-of-care testing",
                MID,
                ("体外诊断试剂", "即时检测设备", "传染病快速检测", "早期癌症筛查"),
            ),
            SegmentSpec(
                "HOME",
                "居家与康复",
                "Home care and rehabilitation",
                DOWN,
                ("可穿戴监测设备", "康复外骨骼", "智能假肢", "居家康复", "慢病管理", "血糖仪"),
            ),
        ),
    ),
    ChainSpec(
        "FOOD",
        "食品",
        "Food",
        "food",
        "从乳源与农产品原料，经加工发酵与质量检测，到功能食品、冷链与销售。",
        (
            SegmentSpec(
                "SOURCES",
                "乳源与原料",
                "Dairy and raw materials",
                UP,
                ("乳清蛋白", "乳铁蛋白", "植物基蛋白", "膳食纤维", "茶多酚", "食用菌多糖"),
            ),
            SegmentSpec(
                "PROCESSING",
                "加工与发酵",
                "Processing and fermentation",
                MID,
                ("益生菌发酵", "发酵乳", "酶制剂", "乳制品加工", "功能微胶囊"),
            ),
            SegmentSpec(
                "FUNCTIONAL",
                "功能与特医食品",
                "Functional and medical foods",
                DOWN,
                (
                    "婴幼儿配方奶粉",
                    "特医食品",
                    "保健食品",
                    "胶原蛋白肽",
                    "功能性低聚糖",
                    "运动营养",
                ),
            ),
            SegmentSpec(
                "COLDCHAIN",
                "冷链与销售",
                "Cold chain and retail",
                DOWN,
                ("水产品保鲜", "食品包装材料", "预制菜", "休闲食品"),
                "保鲜、包装、冷链物流与零售渠道。",
                gap=True,
            ),
        ),
    ),
    ChainSpec(
        "NEWMAT",
        "新材料",
        "New materials",
        "materials",
        "从基础原料，经新型材料制备与表面处理，到鞋服、电气、泵阀与新能源等应用。",
        (
            SegmentSpec(
                "FEEDSTOCK",
                "基础原料",
                "Feedstock",
                UP,
                ("生物基材料", "水性聚氨酯", "稀土发光材料", "钙钛矿材料"),
            ),
            SegmentSpec(
                "MAKING",
                "新型材料制备",
                "Advanced materials",
                MID,
                (
                    "纳米纤维",
                    "石墨烯",
                    "碳纤维复合材料",
                    "气凝胶",
                    "陶瓷基复合材料",
                    "形状记忆合金",
                ),
            ),
            SegmentSpec(
                "SURFACES",
                "涂层与功能处理",
                "Coatings and functional treatment",
                MID,
                ("功能涂层", "阻燃材料", "导热界面材料", "光催化材料", "阀门密封材料"),
            ),
            SegmentSpec(
                "USES",
                "鞋服、电气与新能源应用",
                "Footwear, electrical and new-energy uses",
                DOWN,
                (
                    "合成革",
                    "鞋材",
                    "电气绝缘材料",
                    "锂电池隔膜",
                    "柔性电极",
                    "鞋服制造",
                    "新能源汽车",
                ),
            ),
        ),
    ),
)

# How many records of each kind the office placed on a segment, at most.
PER_SEGMENT: dict[str, int] = {
    PlacedKind.ORGANIZATION: 4,
    PlacedKind.NEED: 3,
    PlacedKind.ACHIEVEMENT: 3,
    PlacedKind.CENTER: 1,
    PlacedKind.AGREEMENT: 2,
    PlacedKind.PERSON: 2,
}
# Of what a gap segment may hold: enterprises and their needs, nothing that answers them.
GAP_KINDS = frozenset({PlacedKind.ORGANIZATION, PlacedKind.NEED})
# Suggestions waiting for a person's decision, per chain.
PENDING_PER_CHAIN = 2


@dataclass
class Candidate:
    kind: str
    record: models.Model
    text: str
    since: Any  # the day from which it may be placed


class ChainsGenerator(Story):
    """Generates the industry chains, their segments and the placements on them."""

    def _industry_chains(self) -> None:
        self._use_stream("chains")
        clock = self.clock
        self.clock = random.Random(f"liaison-demo:{self.seed}:chains-history")
        try:
            if self.today <= AS_OF + 30 * DAY:
                return
            # The records so far get their keys: the needs are read back from the database.
            self.writer.flush()
            open_needs = self._chain_needs_by_domain()
            for order, spec in enumerate(CHAINS, start=1):
                self._industry_chain(spec, order, open_needs.get(spec.domain, []))
        finally:
            self.clock = clock

    def _chain_needs_by_domain(self) -> dict[str, list[TechnicalNeed]]:
        found: dict[str, list[TechnicalNeed]] = defaultdict(list)
        needs = TechnicalNeed.objects.only("pk", "title", "domains", "status", "submitted_on")
        for need in needs.order_by("pk"):
            for domain in need.domains or ():
                found[str(domain)].append(need)
        return found

    def _industry_chain(self, spec: ChainSpec, order: int, needs: list[TechnicalNeed]) -> None:
        created = self._at(AS_OF + self.rng.randrange(20, 60) * DAY)
        chain = IndustryChain(
            code=spec.code,
            name_zh=spec.name_zh,
            name_en=spec.name_en,
            region=REGION,
            description=spec.description,
            order=order,
        )
        self.writer.add(chain, created)
        segments: list[tuple[SegmentSpec, ChainSegment]] = []
        for index, segment_spec in enumerate(spec.segments, start=1):
            segment = ChainSegment(
                chain=chain,
                code=segment_spec.code,
                name_zh=segment_spec.name_zh,
                name_en=segment_spec.name_en,
                position=segment_spec.position,
                order=index,
                description=segment_spec.description or "、".join(segment_spec.keywords),
                keywords=list(segment_spec.keywords),
            )
            self.writer.add(segment, created)
            segments.append((segment_spec, segment))
        placed: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        taken: set[tuple[int, str, int]] = set()
        candidates = self._chain_candidates(spec.domain, needs)
        pending = 0
        for candidate in candidates:
            home = self._chain_segment_for(candidate, segments)
            if home is None:
                continue
            segment_spec, segment, matched = home
            key = (id(segment), candidate.kind, id(candidate.record))
            if key in taken or placed[id(segment)][candidate.kind] >= PER_SEGMENT[candidate.kind]:
                continue
            if segment_spec.gap and candidate.kind not in GAP_KINDS:
                continue
            suggestion = bool(
                pending < PENDING_PER_CHAIN
                and matched
                and not segment_spec.gap
                and self.rng.random() < 0.15
            )
            taken.add(key)
            placed[id(segment)][candidate.kind] += 1
            pending += suggestion
            self._place_on_segment(segment, candidate, matched, suggested=suggestion)
        # A gap segment shows open needs, whatever their words: the office put them there.
        still_open = [c for c in candidates if c.kind == PlacedKind.NEED and _is_open(c.record)]
        for segment_spec, segment in segments:
            if not segment_spec.gap:
                continue
            fresh = [c for c in still_open if (id(segment), c.kind, id(c.record)) not in taken]
            for candidate in fresh[:2]:
                taken.add((id(segment), candidate.kind, id(candidate.record)))
                self._place_on_segment(segment, candidate, [], suggested=False)

    def _chain_candidates(self, domain: str, needs: list[TechnicalNeed]) -> list[Candidate]:
        """The records of `domain` the office may place, in a shuffled order of the stream."""
        first = AS_OF + DAY
        found: list[Candidate] = []
        for org in self.enterprises.get(domain, []):
            text = f"{org.obj.name_zh}{org.obj.industry}{' '.join(map(str, org.obj.tags or ()))}"
            found.append(Candidate(PlacedKind.ORGANIZATION, org.obj, text, first))
        for need in needs:
            if need.status in OPEN_NEED_STATUSES or self.rng.random() < 0.2:
                since = max(first, need.submitted_on)
                found.append(Candidate(PlacedKind.NEED, need, need.title, since))
        for achievement in self.achievements.get(domain, []):
            obj = achievement.obj
            text = f"{obj.title_zh}{'、'.join(map(str, obj.keywords or ()))}"
            found.append(Candidate(PlacedKind.ACHIEVEMENT, obj, text, first))
        for center in self.centers.get(domain, []):
            found.append(Candidate(PlacedKind.CENTER, center.obj, center.obj.name_zh, first))
        for expert in self.researchers.get(domain, []):
            text = "、".join(t.zh for t in expert.subjects)
            found.append(Candidate(PlacedKind.PERSON, expert.obj, text, first))
        for contract in self.contracts:
            if contract.domain == domain:
                agreement = contract.obj
                found.append(Candidate(PlacedKind.AGREEMENT, agreement, agreement.title_zh, first))
        self.rng.shuffle(found)
        return found

    def _chain_segment_for(
        self, candidate: Candidate, segments: list[tuple[SegmentSpec, ChainSegment]]
    ) -> tuple[SegmentSpec, ChainSegment, list[str]] | None:
        """The segment whose keywords the record's text names most, with the words; else, for
        one record in three, a segment of the chain (placed for what the office knows of it)."""
        scored = [
            (spec, segment, [k for k in spec.keywords if k in candidate.text])
            for spec, segment in segments
        ]
        best = max(scored, key=lambda s: len(s[2]))
        if best[2]:
            return best
        if self.rng.random() < 0.35:
            spec, segment = self.rng.choice([s for s in segments if not s[0].gap])
            return spec, segment, []
        return None

    def _place_on_segment(
        self, segment: ChainSegment, candidate: Candidate, matched: list[str], *, suggested: bool
    ) -> None:
        day = self._day(candidate.since, self.today) if candidate.since < self.today else self.today
        moment = self._at(day)
        fields: dict[str, Any] = {candidate.kind: candidate.record}
        if suggested:
            share = round(1 / len(matched), 3)
            placement = SegmentPlacement(
                segment=segment,
                kind=candidate.kind,
                source=PlacementSource.SUGGESTED,
                status=PlacementStatus.SUGGESTED,
                score=round(2.0 + self.rng.random() * 6, 4),
                explanation={
                    "query": segment.name_zh,
                    "terms": [{"term": k, "weight": share, "share": share} for k in matched],
                    "supports": [
                        {"title": str(candidate.record), "terms": matched, "contribution": 1.0}
                    ],
                },
                **fields,
            )
        else:
            placement = SegmentPlacement(
                segment=segment,
                kind=candidate.kind,
                source=PlacementSource.BY_HAND
                if self.rng.random() < 0.7
                else PlacementSource.IMPORT,
                status=PlacementStatus.ACCEPTED,
                decided_by=self.writer.by,
                decided_at=moment,
                **fields,
            )
        self.writer.add(placement, moment)


def _is_open(need: Any) -> bool:
    return str(need.status) in OPEN_NEED_STATUSES
