"""The real vocabulary of the institute's five research domains, in Chinese and English.

Every synthetic text (needs, profiles, achievements, services, solutions) is built from the
terms of one domain, so that a need, the experts who solved it and their achievements share
words the matching engine can find.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Term(NamedTuple):
    zh: str
    en: str


def _terms(*pairs: tuple[str, str]) -> tuple[Term, ...]:
    return tuple(Term(zh, en) for zh, en in pairs)


class Problem(NamedTuple):
    zh: str
    en: str
    measure: Term  # what a solution to it improves


def _problems(*rows: tuple[str, str, str, str]) -> tuple[Problem, ...]:
    return tuple(Problem(zh, en, Term(mzh, men)) for zh, en, mzh, men in rows)


@dataclass(frozen=True)
class Trade:
    """A line of business: the word in a company's name and its industry."""

    zh: str
    en: str
    industry: str


@dataclass(frozen=True)
class DomainVocabulary:
    key: str
    name: Term
    subjects: tuple[Term, ...]  # materials, products, targets of work
    methods: tuple[Term, ...]
    problems: tuple[Problem, ...]  # what goes wrong, as noun phrases
    applications: tuple[Term, ...]
    tests: tuple[Term, ...]  # testing and analysis services
    instruments: tuple[Term, ...]
    trades: tuple[Trade, ...]
    achievement_kinds: tuple[str, ...]
    clinical: bool  # whether its achievements pass through clinical trial and registration


BIOMATERIALS = DomainVocabulary(
    key="biomaterials",
    name=Term("生物材料", "biomaterials"),
    subjects=_terms(
        ("可降解镁合金", "biodegradable magnesium alloy"),
        ("水凝胶敷料", "hydrogel dressing"),
        ("胶原蛋白", "collagen"),
        ("组织工程支架", "tissue engineering scaffold"),
        ("抗菌涂层", "antibacterial coating"),
        ("骨修复材料", "bone repair material"),
        ("医用高分子", "medical polymer"),
        ("壳聚糖", "chitosan"),
        ("透明质酸", "hyaluronic acid"),
        ("丝素蛋白", "silk fibroin"),
        ("羟基磷灰石", "hydroxyapatite"),
        ("生物陶瓷", "bioceramic"),
        ("聚乳酸", "polylactic acid"),
        ("脱细胞基质", "decellularized matrix"),
        ("医用敷料", "medical dressing"),
        ("止血材料", "haemostatic material"),
        ("人工血管", "artificial blood vessel"),
        ("角膜修复材料", "corneal repair material"),
        ("牙科种植体", "dental implant"),
        ("可吸收缝合线", "absorbable suture"),
        ("医用粘合剂", "medical adhesive"),
        ("生物活性玻璃", "bioactive glass"),
        ("海藻酸盐", "alginate"),
        ("细胞外基质", "extracellular matrix"),
    ),
    methods=_terms(
        ("3D生物打印", "3D bioprinting"),
        ("静电纺丝", "electrospinning"),
        ("表面改性", "surface modification"),
        ("冷冻干燥", "freeze-drying"),
        ("化学交联", "chemical crosslinking"),
        ("等离子体处理", "plasma treatment"),
        ("溶胶-凝胶法", "sol-gel processing"),
        ("微弧氧化", "micro-arc oxidation"),
        ("层层自组装", "layer-by-layer self-assembly"),
        ("仿生矿化", "biomimetic mineralization"),
        ("细胞相容性评价", "cytocompatibility evaluation"),
        ("动物体内植入实验", "in vivo implantation studies"),
        ("体外降解实验", "in vitro degradation testing"),
        ("辐照灭菌", "radiation sterilization"),
    ),
    problems=_problems(
        (
            "降解速率过快",
            "degradation that is too fast",
            "降解周期可控性",
            "control of the degradation period",
        ),
        ("力学强度不足", "insufficient mechanical strength", "拉伸强度", "tensile strength"),
        (
            "抗菌性能不持久",
            "short-lived antibacterial performance",
            "抗菌持续时间",
            "duration of antibacterial action",
        ),
        ("细胞黏附性差", "poor cell adhesion", "细胞黏附率", "cell adhesion rate"),
        (
            "炎症反应明显",
            "a marked inflammatory response",
            "组织相容性评分",
            "tissue compatibility score",
        ),
        ("批次间差异大", "large batch-to-batch variation", "批次一致性", "batch consistency"),
        ("吸液性能不足", "insufficient fluid absorption", "吸液率", "fluid absorption"),
        (
            "灭菌后性能下降",
            "loss of performance after sterilization",
            "灭菌后性能保持率",
            "performance retained after sterilization",
        ),
        ("孔隙结构不均匀", "an uneven pore structure", "孔隙均匀度", "pore uniformity"),
        ("生产成本过高", "high production cost", "生产效率", "production efficiency"),
        ("与组织粘附不牢", "weak adhesion to tissue", "组织粘附强度", "tissue adhesion strength"),
        ("生物相容性检测不达标", "failed biocompatibility tests", "细胞存活率", "cell viability"),
    ),
    applications=_terms(
        ("慢性创面修复", "chronic wound healing"),
        ("骨缺损修复", "bone defect repair"),
        ("心血管介入", "cardiovascular intervention"),
        ("口腔修复", "dental restoration"),
        ("眼科治疗", "ophthalmic treatment"),
        ("术后防粘连", "post-operative anti-adhesion"),
        ("烧伤护理", "burn care"),
        ("软骨再生", "cartilage regeneration"),
        ("神经修复", "nerve repair"),
        ("医美填充", "aesthetic fillers"),
    ),
    tests=_terms(
        ("细胞毒性检测", "cytotoxicity testing"),
        ("溶血试验", "haemolysis testing"),
        ("降解性能评价", "degradation assessment"),
        ("力学性能测试", "mechanical testing"),
        ("孔隙率测定", "porosity measurement"),
        ("抗菌性能检测", "antibacterial testing"),
    ),
    instruments=_terms(
        ("场发射扫描电子显微镜", "field-emission scanning electron microscope"),
        ("3D生物打印机", "3D bioprinter"),
        ("万能材料试验机", "universal testing machine"),
        ("激光共聚焦显微镜", "confocal laser scanning microscope"),
    ),
    trades=(
        Trade("生物科技", "Biotechnology", "生物材料制造"),
        Trade("生物材料", "Biomaterials", "生物材料制造"),
        Trade("医用敷料", "Medical Dressing", "医用敷料制造"),
        Trade("再生医学科技", "Regenerative Medicine Technology", "再生医学"),
        Trade("医用材料", "Medical Materials", "医用材料制造"),
    ),
    achievement_kinds=("patent", "material", "medical_device", "process"),
    clinical=True,
)

MEDICAL_ENGINEERING = DomainVocabulary(
    key="medical_engineering",
    name=Term("医学工程", "medical engineering"),
    subjects=_terms(
        ("可穿戴监测设备", "wearable monitoring device"),
        ("医用传感器", "medical sensor"),
        ("体外诊断试剂", "in vitro diagnostic reagent"),
        ("微流控芯片", "microfluidic chip"),
        ("医学影像设备", "medical imaging equipment"),
        ("手术机器人", "surgical robot"),
        ("康复外骨骼", "rehabilitation exoskeleton"),
        ("呼吸机", "ventilator"),
        ("输液泵", "infusion pump"),
        ("人工耳蜗", "cochlear implant"),
        ("血糖仪", "blood glucose meter"),
        ("心电监护仪", "ECG monitor"),
        ("超声探头", "ultrasound probe"),
        ("内窥镜", "endoscope"),
        ("智能假肢", "smart prosthesis"),
        ("即时检测设备", "point-of-care testing device"),
        ("医用导管", "medical catheter"),
        ("激光治疗仪", "laser therapy device"),
        ("眼科光学器械", "ophthalmic optical instrument"),
        ("血液净化设备", "blood purification equipment"),
    ),
    methods=_terms(
        ("柔性电子", "flexible electronics"),
        ("深度学习图像分析", "deep-learning image analysis"),
        ("生理信号处理", "physiological signal processing"),
        ("精密注塑", "precision injection moulding"),
        ("有限元仿真", "finite element simulation"),
        ("嵌入式系统设计", "embedded system design"),
        ("光学相干断层成像", "optical coherence tomography"),
        ("电化学检测", "electrochemical detection"),
        ("免疫层析", "immunochromatography"),
        ("微纳加工", "micro- and nanofabrication"),
        ("多模态数据融合", "multimodal data fusion"),
        ("电磁兼容设计", "electromagnetic compatibility design"),
        ("可靠性测试", "reliability testing"),
        ("人因工程", "human factors engineering"),
    ),
    problems=_problems(
        ("检测灵敏度低", "low detection sensitivity", "检测灵敏度", "detection sensitivity"),
        ("信号噪声干扰大", "strong signal noise", "信噪比", "signal-to-noise ratio"),
        ("续航时间短", "short battery life", "续航时间", "battery life"),
        ("设备体积过大", "bulky equipment", "集成度", "level of integration"),
        ("图像分辨率不足", "insufficient image resolution", "图像分辨率", "image resolution"),
        (
            "注册检验周期长",
            "a long registration testing cycle",
            "检验一次通过率",
            "first-pass test rate",
        ),
        (
            "核心部件依赖进口",
            "reliance on imported core components",
            "核心部件国产化率",
            "share of home-made core components",
        ),
        ("长期佩戴舒适性差", "poor comfort in long-term wear", "佩戴舒适度", "wearing comfort"),
        ("数据准确性不稳定", "unstable data accuracy", "测量准确率", "measurement accuracy"),
        ("生产良率低", "low production yield", "生产良率", "production yield"),
        ("电磁兼容测试不通过", "failed EMC tests", "抗干扰能力", "immunity to interference"),
        ("算法泛化能力差", "poor algorithm generalization", "识别准确率", "recognition accuracy"),
    ),
    applications=_terms(
        ("慢病管理", "chronic disease management"),
        ("重症监护", "intensive care"),
        ("基层医疗", "primary care"),
        ("居家康复", "home rehabilitation"),
        ("早期癌症筛查", "early cancer screening"),
        ("眼健康", "eye health"),
        ("心血管疾病诊断", "cardiovascular diagnosis"),
        ("微创手术", "minimally invasive surgery"),
        ("老年护理", "elderly care"),
        ("传染病快速检测", "rapid infectious disease testing"),
    ),
    tests=_terms(
        ("电气安全测试", "electrical safety testing"),
        ("电磁兼容预测试", "EMC pre-compliance testing"),
        ("精度校准", "accuracy calibration"),
        ("可靠性测试", "reliability testing"),
        ("生物相容性检测", "biocompatibility testing"),
        ("临床性能评价", "clinical performance evaluation"),
    ),
    instruments=_terms(
        ("光学相干断层扫描系统", "optical coherence tomography system"),
        ("小动物活体成像系统", "small-animal in vivo imaging system"),
        ("电化学工作站", "electrochemical workstation"),
        ("微纳加工平台", "micro-nano fabrication platform"),
    ),
    trades=(
        Trade("医疗器械", "Medical Devices", "医疗器械制造"),
        Trade("医疗科技", "Medical Technology", "医疗器械制造"),
        Trade("智能医疗", "Smart Medical", "医疗设备研发"),
        Trade("康复设备", "Rehabilitation Equipment", "康复器械制造"),
        Trade("诊断技术", "Diagnostics", "体外诊断"),
    ),
    achievement_kinds=("patent", "medical_device", "software", "standard"),
    clinical=True,
)

LIFE_HEALTH = DomainVocabulary(
    key="life_health",
    name=Term("生命健康", "life and health"),
    subjects=_terms(
        ("药物缓释", "sustained drug release"),
        ("干细胞", "stem cells"),
        ("外泌体", "exosomes"),
        ("基因检测", "genetic testing"),
        ("抗体药物", "antibody drugs"),
        ("疫苗佐剂", "vaccine adjuvant"),
        ("中药活性成分", "active ingredients of traditional Chinese medicine"),
        ("纳米药物载体", "nanomedicine carrier"),
        ("肿瘤免疫治疗", "tumour immunotherapy"),
        ("类器官", "organoids"),
        ("肠道菌群", "gut microbiota"),
        ("mRNA递送", "mRNA delivery"),
        ("小分子抑制剂", "small-molecule inhibitor"),
        ("靶向给药系统", "targeted drug delivery system"),
        ("生物标志物", "biomarkers"),
        ("细胞治疗", "cell therapy"),
        ("眼科药物", "ophthalmic drugs"),
        ("抗衰老活性物", "anti-ageing actives"),
        ("多肽药物", "peptide drugs"),
        ("化妆品功效评价", "cosmetic efficacy evaluation"),
    ),
    methods=_terms(
        ("高通量筛选", "high-throughput screening"),
        ("单细胞测序", "single-cell sequencing"),
        ("质谱分析", "mass spectrometry"),
        ("三维细胞培养", "3D cell culture"),
        ("动物模型构建", "animal model construction"),
        ("分子对接", "molecular docking"),
        ("药代动力学研究", "pharmacokinetic studies"),
        ("基因编辑", "gene editing"),
        ("脂质纳米粒制备", "lipid nanoparticle preparation"),
        ("流式细胞分析", "flow cytometry"),
        ("生物信息学分析", "bioinformatics analysis"),
        ("微球制备", "microsphere preparation"),
        ("体外释放度测定", "in vitro release testing"),
        ("GMP工艺放大", "GMP process scale-up"),
    ),
    problems=_problems(
        ("生物利用度低", "low bioavailability", "生物利用度", "bioavailability"),
        ("药物突释", "burst drug release", "释药平稳性", "steadiness of release"),
        ("制剂稳定性差", "poor formulation stability", "制剂稳定性", "formulation stability"),
        ("细胞存活率低", "low cell viability", "细胞存活率", "cell viability"),
        ("靶向性不足", "insufficient targeting", "靶向富集率", "target enrichment"),
        ("毒副作用大", "significant side effects", "安全窗口", "safety margin"),
        ("工艺放大困难", "difficult process scale-up", "放大批次收率", "scale-up yield"),
        (
            "质量标准不完善",
            "incomplete quality standards",
            "质量可控性",
            "quality control coverage",
        ),
        (
            "临床前数据不足",
            "insufficient preclinical data",
            "临床前数据完整性",
            "completeness of preclinical data",
        ),
        ("检测周期长", "a long testing cycle", "检测效率", "testing throughput"),
        ("提取得率低", "low extraction yield", "提取得率", "extraction yield"),
        ("功效缺乏验证", "unverified efficacy", "功效评价通过率", "efficacy test pass rate"),
    ),
    applications=_terms(
        ("肿瘤治疗", "cancer treatment"),
        ("眼底疾病治疗", "fundus disease treatment"),
        ("糖尿病管理", "diabetes management"),
        ("创面愈合", "wound healing"),
        ("抗衰老", "anti-ageing"),
        ("免疫调节", "immune regulation"),
        ("神经退行性疾病", "neurodegenerative disease"),
        ("精准医疗", "precision medicine"),
        ("健康养老", "healthy ageing"),
        ("功能性护肤", "functional skin care"),
    ),
    tests=_terms(
        ("细胞活性检测", "cell viability assay"),
        ("质谱鉴定", "mass spectrometric identification"),
        ("体外释放度测定", "in vitro release testing"),
        ("稳定性考察", "stability study"),
        ("内毒素检测", "endotoxin testing"),
        ("功效评价", "efficacy evaluation"),
    ),
    instruments=_terms(
        ("流式细胞仪", "flow cytometer"),
        ("液相色谱-质谱联用仪", "liquid chromatography-mass spectrometer"),
        ("高内涵细胞成像系统", "high-content cell imaging system"),
        ("实时荧光定量PCR仪", "real-time quantitative PCR system"),
    ),
    trades=(
        Trade("生物医药", "Biopharmaceutical", "生物药品制造"),
        Trade("药业", "Pharmaceutical", "化学药品制剂制造"),
        Trade("健康科技", "Health Technology", "健康服务"),
        Trade("基因科技", "Gene Technology", "医学检验"),
        Trade("化妆品", "Cosmetics", "化妆品制造"),
    ),
    achievement_kinds=("patent", "drug", "process"),
    clinical=True,
)

FOOD = DomainVocabulary(
    key="food",
    name=Term("食品", "food"),
    subjects=_terms(
        ("乳清蛋白", "whey protein"),
        ("益生菌发酵", "probiotic fermentation"),
        ("婴幼儿配方奶粉", "infant formula"),
        ("功能性低聚糖", "functional oligosaccharides"),
        ("植物基蛋白", "plant-based protein"),
        ("膳食纤维", "dietary fibre"),
        ("发酵乳", "fermented milk"),
        ("乳铁蛋白", "lactoferrin"),
        ("胶原蛋白肽", "collagen peptides"),
        ("特医食品", "food for special medical purposes"),
        ("食品包装材料", "food packaging material"),
        ("天然色素", "natural pigments"),
        ("保健食品", "health food"),
        ("酶制剂", "enzyme preparations"),
        ("茶多酚", "tea polyphenols"),
        ("食用菌多糖", "edible fungus polysaccharides"),
        ("功能微胶囊", "functional microcapsules"),
        ("代糖", "sugar substitutes"),
        ("水产品保鲜", "aquatic product preservation"),
        ("功能饮料", "functional beverages"),
    ),
    methods=_terms(
        ("膜分离", "membrane separation"),
        ("喷雾干燥", "spray drying"),
        ("微胶囊包埋", "microencapsulation"),
        ("酶解", "enzymatic hydrolysis"),
        ("超高压杀菌", "high-pressure sterilization"),
        ("发酵工艺优化", "fermentation process optimization"),
        ("菌种筛选", "strain screening"),
        ("冷链保鲜", "cold-chain preservation"),
        ("感官评价", "sensory evaluation"),
        ("超临界萃取", "supercritical extraction"),
        ("风味物质分析", "flavour compound analysis"),
        ("营养成分检测", "nutrient analysis"),
        ("货架期预测", "shelf-life prediction"),
        ("低温干燥", "low-temperature drying"),
    ),
    problems=_problems(
        ("货架期短", "a short shelf life", "货架期", "shelf life"),
        (
            "活菌数下降快",
            "a rapid loss of viable bacteria",
            "活菌存活率",
            "survival of viable bacteria",
        ),
        ("口感风味不佳", "poor taste and flavour", "感官评分", "sensory score"),
        ("蛋白质变性", "protein denaturation", "蛋白保留率", "protein retention"),
        ("营养成分损失", "nutrient loss", "营养保留率", "nutrient retention"),
        ("批次稳定性差", "poor batch stability", "批次稳定性", "batch stability"),
        ("添加剂超标风险", "a risk of excessive additives", "标准合规率", "compliance rate"),
        ("溶解性差", "poor solubility", "溶解度", "solubility"),
        ("褐变严重", "severe browning", "色泽稳定性", "colour stability"),
        ("微生物污染", "microbial contamination", "微生物合格率", "microbiological pass rate"),
        ("生产能耗高", "high energy use in production", "能源利用效率", "energy efficiency"),
        (
            "功能声称缺乏依据",
            "unsupported functional claims",
            "功能评价通过率",
            "functional test pass rate",
        ),
    ),
    applications=_terms(
        ("婴幼儿营养", "infant nutrition"),
        ("运动营养", "sports nutrition"),
        ("老年膳食", "diets for the elderly"),
        ("肠道健康", "gut health"),
        ("体重管理", "weight management"),
        ("临床营养", "clinical nutrition"),
        ("乳制品加工", "dairy processing"),
        ("休闲食品", "snack foods"),
        ("预制菜", "prepared dishes"),
        ("食品安全检测", "food safety testing"),
    ),
    tests=_terms(
        ("营养成分检测", "nutrient analysis"),
        ("微生物检测", "microbiological testing"),
        ("重金属检测", "heavy metal testing"),
        ("风味物质分析", "flavour compound analysis"),
        ("货架期评估", "shelf-life assessment"),
        ("农药残留检测", "pesticide residue testing"),
    ),
    instruments=_terms(
        ("气相色谱-质谱联用仪", "gas chromatography-mass spectrometer"),
        ("电子鼻", "electronic nose"),
        ("喷雾干燥中试线", "pilot spray-drying line"),
        ("全自动发酵罐", "automated fermenter"),
    ),
    trades=(
        Trade("乳业", "Dairy", "乳制品制造"),
        Trade("食品", "Food", "食品制造"),
        Trade("生物发酵", "Bio-fermentation", "发酵制品制造"),
        Trade("营养科技", "Nutrition Technology", "营养食品制造"),
        Trade("茶业", "Tea", "茶饮料制造"),
    ),
    achievement_kinds=("patent", "process", "standard", "material"),
    clinical=False,
)

MATERIALS = DomainVocabulary(
    key="materials",
    name=Term("材料", "materials"),
    subjects=_terms(
        ("纳米纤维", "nanofibres"),
        ("石墨烯", "graphene"),
        ("碳纤维复合材料", "carbon fibre composites"),
        ("合成革", "synthetic leather"),
        ("鞋材", "footwear materials"),
        ("阀门密封材料", "valve sealing materials"),
        ("电气绝缘材料", "electrical insulation materials"),
        ("锂电池隔膜", "lithium battery separators"),
        ("稀土发光材料", "rare-earth luminescent materials"),
        ("水性聚氨酯", "waterborne polyurethane"),
        ("导热界面材料", "thermal interface materials"),
        ("功能涂层", "functional coatings"),
        ("气凝胶", "aerogels"),
        ("光催化材料", "photocatalytic materials"),
        ("生物基材料", "bio-based materials"),
        ("形状记忆合金", "shape memory alloys"),
        ("陶瓷基复合材料", "ceramic matrix composites"),
        ("阻燃材料", "flame-retardant materials"),
        ("柔性电极", "flexible electrodes"),
        ("钙钛矿材料", "perovskite materials"),
    ),
    methods=_terms(
        ("原子层沉积", "atomic layer deposition"),
        ("熔融共混", "melt blending"),
        ("化学气相沉积", "chemical vapour deposition"),
        ("热压成型", "hot-press moulding"),
        ("表面功能化", "surface functionalization"),
        ("X射线衍射表征", "X-ray diffraction characterization"),
        ("分子动力学模拟", "molecular dynamics simulation"),
        ("溶液纺丝", "solution spinning"),
        ("粉末冶金", "powder metallurgy"),
        ("激光增材制造", "laser additive manufacturing"),
        ("水热合成", "hydrothermal synthesis"),
        ("加速老化试验", "accelerated ageing tests"),
        ("流变学分析", "rheological analysis"),
        ("界面改性", "interface modification"),
    ),
    problems=_problems(
        ("耐磨性不足", "insufficient wear resistance", "耐磨性", "wear resistance"),
        ("耐老化性能差", "poor ageing resistance", "耐老化时间", "ageing resistance"),
        ("VOC排放超标", "excessive VOC emissions", "VOC减排率", "VOC reduction"),
        ("导热效率低", "low thermal conductivity", "导热系数", "thermal conductivity"),
        ("界面结合力弱", "weak interfacial bonding", "界面结合强度", "interfacial bond strength"),
        (
            "加工温度过高",
            "an excessive processing temperature",
            "加工效率",
            "processing efficiency",
        ),
        (
            "原材料依赖进口",
            "reliance on imported raw materials",
            "原材料国产化率",
            "share of domestic raw materials",
        ),
        ("产品一致性差", "poor product consistency", "产品合格率", "product pass rate"),
        ("耐腐蚀性不足", "insufficient corrosion resistance", "耐腐蚀性", "corrosion resistance"),
        ("回收利用困难", "difficult recycling", "回收利用率", "recycling rate"),
        (
            "环保指标不达标",
            "failing environmental standards",
            "环保合规率",
            "environmental compliance rate",
        ),
        ("阻燃性能不足", "insufficient flame retardancy", "阻燃等级", "flame-retardant rating"),
    ),
    applications=_terms(
        ("鞋服制造", "footwear and apparel manufacturing"),
        ("新能源汽车", "new-energy vehicles"),
        ("电气设备", "electrical equipment"),
        ("泵阀制造", "pump and valve manufacturing"),
        ("柔性显示", "flexible displays"),
        ("建筑节能", "energy-efficient buildings"),
        ("环境治理", "environmental remediation"),
        ("储能器件", "energy storage devices"),
        ("航空航天", "aerospace"),
        ("智能穿戴", "smart wearables"),
    ),
    tests=_terms(
        ("X射线衍射分析", "X-ray diffraction analysis"),
        ("扫描电镜表征", "SEM characterization"),
        ("热重分析", "thermogravimetric analysis"),
        ("拉伸性能测试", "tensile testing"),
        ("耐老化测试", "ageing testing"),
        ("VOC检测", "VOC testing"),
    ),
    instruments=_terms(
        ("X射线衍射仪", "X-ray diffractometer"),
        ("透射电子显微镜", "transmission electron microscope"),
        ("动态热机械分析仪", "dynamic mechanical analyser"),
        ("同步热分析仪", "simultaneous thermal analyser"),
    ),
    trades=(
        Trade("新材料", "New Materials", "新材料制造"),
        Trade("合成革", "Synthetic Leather", "合成革制造"),
        Trade("鞋业", "Footwear", "鞋类制造"),
        Trade("电气", "Electric", "电气设备制造"),
        Trade("阀门", "Valve", "泵阀制造"),
        Trade("高分子材料", "Polymer Materials", "塑料制品制造"),
        Trade("纳米科技", "Nanotechnology", "纳米材料制造"),
    ),
    achievement_kinds=("patent", "material", "process", "standard"),
    clinical=False,
)

DOMAINS: dict[str, DomainVocabulary] = {
    vocabulary.key: vocabulary
    for vocabulary in (BIOMATERIALS, MEDICAL_ENGINEERING, LIFE_HEALTH, FOOD, MATERIALS)
}
DOMAIN_KEYS: tuple[str, ...] = tuple(DOMAINS)

# Where researchers took their degrees, by domain (well-known universities only).
DEGREE_UNIVERSITIES: dict[str, tuple[Term, ...]] = {
    "biomaterials": _terms(
        ("四川大学", "Sichuan University"),
        ("浙江大学", "Zhejiang University"),
        ("华南理工大学", "South China University of Technology"),
        ("东华大学", "Donghua University"),
        ("中国科学院大学", "University of Chinese Academy of Sciences"),
        ("上海交通大学", "Shanghai Jiao Tong University"),
    ),
    "medical_engineering": _terms(
        ("清华大学", "Tsinghua University"),
        ("浙江大学", "Zhejiang University"),
        ("哈尔滨工业大学", "Harbin Institute of Technology"),
        ("东南大学", "Southeast University"),
        ("中国科学技术大学", "University of Science and Technology of China"),
        ("华中科技大学", "Huazhong University of Science and Technology"),
    ),
    "life_health": _terms(
        ("北京大学", "Peking University"),
        ("复旦大学", "Fudan University"),
        ("中国药科大学", "China Pharmaceutical University"),
        ("中国科学院大学", "University of Chinese Academy of Sciences"),
        ("中山大学", "Sun Yat-sen University"),
        ("浙江大学", "Zhejiang University"),
    ),
    "food": _terms(
        ("江南大学", "Jiangnan University"),
        ("中国农业大学", "China Agricultural University"),
        ("浙江大学", "Zhejiang University"),
        ("南昌大学", "Nanchang University"),
        ("华南理工大学", "South China University of Technology"),
    ),
    "materials": _terms(
        ("中国科学院大学", "University of Chinese Academy of Sciences"),
        ("清华大学", "Tsinghua University"),
        ("北京化工大学", "Beijing University of Chemical Technology"),
        ("吉林大学", "Jilin University"),
        ("南京工业大学", "Nanjing Tech University"),
        ("浙江大学", "Zhejiang University"),
    ),
}

RESEARCHER_TITLES = _terms(
    ("研究员", "Professor"),
    ("研究员", "Professor"),
    ("副研究员", "Associate Professor"),
    ("副研究员", "Associate Professor"),
    ("助理研究员", "Assistant Professor"),
    ("高级工程师", "Senior Engineer"),
    ("特聘研究员", "Distinguished Research Fellow"),
)
ACADEMIC_EXPERT_TITLES = _terms(
    ("教授", "Professor"),
    ("教授", "Professor"),
    ("副教授", "Associate Professor"),
    ("研究员", "Professor"),
)
CLINICAL_EXPERT_TITLES = _terms(
    ("主任医师", "Chief Physician"),
    ("主任医师", "Chief Physician"),
    ("副主任医师", "Associate Chief Physician"),
)
CONTACT_TITLES = _terms(
    ("总经理", "General Manager"),
    ("技术总监", "Technical Director"),
    ("研发经理", "R&D Manager"),
    ("质量负责人", "Head of Quality"),
    ("董事长", "Chairman"),
    ("研发中心主任", "Head of the R&D Center"),
)
INVESTOR_TITLES = _terms(
    ("投资总监", "Investment Director"),
    ("合伙人", "Partner"),
    ("投资经理", "Investment Manager"),
)
STAFF_TITLES = _terms(
    ("成果转化部主任", "Head of Technology Transfer"),
    ("合作发展部主管", "Cooperation Manager"),
    ("科技服务专员", "Technical Services Officer"),
    ("知识产权专员", "IP Officer"),
)

WITHDRAW_REASONS = _terms(
    ("企业调整研发方向，撤回该需求。", "The company changed its R&D priorities."),
    ("企业已自行解决该问题。", "The company solved the problem in-house."),
    ("项目预算未获企业批准。", "The company did not approve the budget."),
)
CLOSE_REASONS = _terms(
    ("企业未在约定期限内反馈，需求关闭。", "No reply from the company within the agreed time."),
    ("双方就知识产权归属未能达成一致。", "The parties could not agree on who owns the results."),
    ("需求与合作项目合并办理。", "Merged into a cooperation project."),
)
REJECT_REASONS = _terms(
    (
        "需求超出研究院现有研究方向，已推荐其他机构对接。",
        "Outside the institute's research areas; referred to another institution.",
    ),
    ("需求描述不完整，企业未补充材料。", "The description was incomplete and never completed."),
    ("所需设备条件研究院暂不具备。", "The institute lacks the equipment it requires."),
)
TERMINATION_REASONS = (
    "合作企业经营调整，经双方协商一致提前终止。",
    "项目技术路线变更，双方协商解除合同。",
    "合作方未按约定支付款项，依约解除合同。",
)
CANCEL_REASONS = (
    "领投方投资决策委员会未通过。",
    "企业调整融资计划。",
    "估值未能达成一致。",
)
