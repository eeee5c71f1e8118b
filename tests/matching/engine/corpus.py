"""A small hand-made corpus whose right answers a person can check by reading it."""

from liaison.matching.engine import Document


def expert(pk: int, name: str, text: str, **attributes: str) -> Document:
    return Document(id=f"person:{pk}", kind="expert", title=name, text=text, attributes=attributes)


def center(pk: int, name: str, text: str, **attributes: str) -> Document:
    return Document(id=f"center:{pk}", kind="center", title=name, text=text, attributes=attributes)


def institute_documents() -> list[Document]:
    return [
        expert(
            1,
            "张伟",
            "长期研究锂离子电池正极材料与固态电解质，主持省重点研发项目。",
            org_kind="university",
            local="1",
            available="1",
            center="center:1",
        ),
        expert(
            2,
            "Li Ming",
            "Wind tunnel testing and the aerodynamics of aircraft wings; 负责风洞试验平台。",
            org_kind="institute",
            local="0",
            available="1",
            center="center:2",
        ),
        expert(
            3,
            "王芳",
            "中药复方治疗高血压的药理研究，抗高血压药的临床评价。",
            org_kind="hospital",
            local="1",
            available="0",
        ),
        expert(
            4,
            "Chen Jie",
            "Machine learning for estimating the state of health of batteries.",
            org_kind="university",
            local="1",
            available="1",
        ),
        center(1, "新能源材料研究中心", "储能与动力电池材料的研发和中试。", local="1"),
        center(2, "Aerodynamics Laboratory", "Wind tunnel facilities for industry.", local="0"),
        Document(
            id="achievement:1",
            kind="achievement",
            title="一种硫化物固态电解质的制备方法",
            text="提出硫化物固态电解质的低温合成工艺，提高固态电池的离子电导率。",
            keywords=("固态电池", "电解质"),
            entities=("person:1", "center:1"),
        ),
        Document(
            id="achievement:2",
            kind="achievement",
            title="Low-noise wing design",
            text="A wing planform that lowers the noise of regional aircraft at take-off.",
            keywords=("aeroacoustics",),
            entities=("person:2", "center:2"),
        ),
        Document(
            id="need:1",
            kind="need",
            title="动力电池剩余寿命预测",
            text="某车企需要预测动力电池的剩余寿命，已由合作专家解决。",
            entities=("person:4",),
        ),
    ]
