"""Words every document of a kind is written with do not make a match, nor name one."""

from pathlib import Path

import pytest

from liaison.matching.engine import Document, Index, Matcher, Ranking
from liaison.matching.engine.matcher import _Query

# How the office's needs are written, whatever they are about.
TEMPLATE = (
    "我公司希望借助研究院的科研力量，解决生产中遇到的技术问题。"
    "We are looking for researchers experienced in this to help us face the problem."
)
TOPICS = [
    "锂电池隔膜 battery separators",
    "乳制品发酵 dairy fermentation",
    "阀门密封 valve sealing",
    "纺织印染 textile dyeing",
    "茶叶加工 tea processing",
    "光伏组件 photovoltaic modules",
    "汽车涂装 automotive painting",
    "中药提取 herbal extraction",
    "钛合金焊接 titanium welding",
    "水处理膜 water treatment membranes",
    "食品包装 food packaging",
    "皮革鞣制 leather tanning",
    "陶瓷釉料 ceramic glazes",
    "鞋材发泡 shoe foams",
    "电机绕组 motor windings",
    "塑料回收 plastic recycling",
    "眼镜镀膜 eyewear coatings",
    "泵体铸造 pump casting",
    "饲料配方 feed formulation",
    "轴承润滑 bearing lubrication",
    "家具板材 furniture boards",
    "锅炉节能 boiler efficiency",
    "电缆绝缘 cable insulation",
    "农药残留 pesticide residues",
    "酿酒工艺 brewing processes",
]
OTHER_EXPERTS = [
    "玻璃纤维 glass fibres",
    "数控机床 machine tools",
    "聚合物流变 polymer rheology",
    "发酵工程 fermentation engineering",
    "材料腐蚀 corrosion of materials",
    "图像识别 image recognition",
    "储能系统 energy storage systems",
    "水稻育种 rice breeding",
    "海洋生物 marine biology",
    "建筑结构 building structures",
    "激光加工 laser machining",
    "催化剂 catalysts",
    "传感器 sensors",
    "药物制剂 drug formulation",
    "控制算法 control algorithms",
    "植物保护 plant protection",
    "纳米材料 nanomaterials",
    "流体力学 fluid mechanics",
    "食品营养 food nutrition",
    "医学影像 medical imaging",
    "机器人 robotics",
    "高分子合成 polymer synthesis",
    "热处理 heat treatment",
    "环境监测 environmental monitoring",
    "电力电子 power electronics",
]
WEARABLE_NEED = "可穿戴监护设备的电磁干扰 EMC interference of wearable monitors. " + TEMPLATE


def documents() -> list[Document]:
    needs = [
        Document(
            id=f"need:{n}",
            kind="need",
            title=topic,
            text=f"{topic}。{TEMPLATE}",
            entities=(f"organization:{n}",),
        )
        for n, topic in enumerate(TOPICS, 10)
    ]
    # A ventilator need solved by Dr. Vent, written like every other need: it shares with
    # the wearable need its template and one word (设备), Dr. Wear's profile the topic.
    needs.append(
        Document(
            id="need:1",
            kind="need",
            title="医疗设备呼吸机气流噪声",
            text=f"医疗设备呼吸机气流噪声。{TEMPLATE}",
            entities=("organization:1", "person:2"),
        )
    )
    experts = [
        Document(
            id="person:1",
            kind="expert",
            title="Dr. Wear",
            text="EMC of wearable monitoring devices.",
        ),
        Document(id="person:2", kind="expert", title="Dr. Vent", text="呼吸机设计 ventilators."),
    ]
    experts += [
        Document(id=f"person:{n}", kind="expert", title=f"Expert {n}", text=topic)
        for n, topic in enumerate(OTHER_EXPERTS * 3, 10)
    ]
    return needs + experts


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    index = Index.create(tmp_path_factory.mktemp("templates") / "index")
    index.upsert(documents())
    index.commit()
    return index


def test_a_need_matched_as_a_need_ranks_the_expert_of_its_topic_over_a_template_twin(
    index: Index,
) -> None:
    matches = Matcher(index).match(WEARABLE_NEED, kind="expert", like="need")

    assert matches[0].entity_id == "person:1"


def test_without_its_kind_the_same_text_rides_on_the_template(index: Index) -> None:
    # What Find experts did before needs were matched as needs: the ventilator need's
    # template words, shared with the wearable need, put Dr. Vent first. (With all the
    # query's bigrams in the first pass, as then: its four rarest leave out the template's
    # common ones, and the feedback documents are the wearable expert's.)
    ranking = Ranking(first_pass_bigrams=0)
    matches = Matcher(index, ranking=ranking).match(WEARABLE_NEED, kind="expert")

    assert matches[0].entity_id == "person:2"


def test_template_words_are_left_out_of_a_need_query_and_topic_words_keep_their_weight(
    index: Index,
) -> None:
    plain = _Query.of(WEARABLE_NEED, index)
    as_need = _Query.of(WEARABLE_NEED, index, like="need")

    for template_word in ("look", "research", "face", "希望", "遇到"):
        assert template_word in plain.weights or template_word in plain.bigrams
        assert template_word not in as_need.weights
        assert template_word not in as_need.bigrams
    for topic_word in ("emc", "wearabl", "monitor"):
        assert as_need.weights[topic_word] == plain.weights[topic_word]


def test_an_explanation_names_only_terms_that_carry_a_share_of_the_score(index: Index) -> None:
    matches = Matcher(index).match(WEARABLE_NEED, kind="expert", like="need")

    assert matches[0].terms
    for match in matches:
        for term in match.terms:
            assert term.weight >= 0.05 * match.score
            assert term.term not in {"looking", "researchers", "face", "希望", "遇到", "技术"}, term
        for support in match.supports:
            for term in support.terms:
                assert term.weight >= 0.05 * support.contribution


def test_a_query_of_template_words_only_is_still_searched_with_them(index: Index) -> None:
    matches = Matcher(index).search("希望解决技术问题", like="need")

    assert matches


def test_a_kind_too_small_to_count_gives_no_discount(tmp_path: Path) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert(documents()[20:])  # a few needs only
    index.commit()

    plain = _Query.of(WEARABLE_NEED, index)
    as_need = _Query.of(WEARABLE_NEED, index, like="need")

    assert as_need.weights == plain.weights


def test_markup_numbers_and_single_letters_match_nothing(tmp_path: Path) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert(
        [
            Document(id="person:1", kind="expert", title="One", text="获得专利1项 script x 2023"),
            Document(id="person:2", kind="expert", title="Two", text="alarms and sirens"),
        ]
    )
    index.commit()
    matcher = Matcher(index)

    assert matcher.match("<script>alert(1)</script>", kind="expert") == []
    assert matcher.match("1 x 2023", kind="expert") == []
    assert not matcher.has_terms("<b>1</b> x 2023")
    assert matcher.has_terms("<b>alert</b>")
    assert matcher.has_terms("钛")


def test_legal_forms_of_company_names_are_not_searched(tmp_path: Path) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert(
        [
            Document(id="person:1", kind="expert", title="A", text="温州某某有限公司 Co., Ltd."),
            Document(id="person:2", kind="expert", title="B", text="有限元分析 co-culture"),
        ]
    )
    index.commit()
    matcher = Matcher(index)

    assert matcher.match("Wenzhou Co., Ltd. 有限公司", kind="expert") == []
    assert matcher.match("有限元 co-culture", kind="expert")[0].entity_id == "person:2"


def test_a_typed_number_rides_along_with_a_word(tmp_path: Path) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert(
        [
            Document(id="person:1", kind="expert", title="A", text="米曲霉3042菌株的发酵"),
            Document(id="person:2", kind="expert", title="B", text="米曲霉3043菌株的发酵"),
        ]
    )
    index.commit()

    assert Matcher(index).match("米曲霉3042", kind="expert")[0].entity_id == "person:1"
