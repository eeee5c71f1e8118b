from pathlib import Path

from liaison.matching.engine import Analyzer
from liaison.matching.engine.analysis import marked_spans, query_text


def test_a_chinese_word_inside_a_long_sentence_is_a_term() -> None:
    terms = Analyzer().terms("本项目研究锂离子电池正极材料的高温稳定性")

    assert "锂离子电池" in terms
    assert "正极" in terms
    assert "稳定性" in terms


def test_search_mode_adds_the_words_inside_a_long_word() -> None:
    terms = Analyzer().terms("转动惯量")

    assert {"转动", "惯量", "转动惯量"} <= set(terms)


def test_character_bigrams_find_a_term_the_segmenter_cut_another_way() -> None:
    # jieba cuts 纯棉织物 as 纯棉/织物; the query 棉织 still meets it through a bigram.
    document = set(Analyzer().terms("纯棉织物的染色工艺"))

    assert "棉织" in document


def test_chinese_stopwords_are_dropped_but_bigrams_across_them_stay() -> None:
    terms = Analyzer().terms("材料的制备")

    assert "的" not in terms
    assert "材料" in terms
    assert "制备" in terms


def test_english_is_lowercased_stemmed_and_stopped() -> None:
    terms = Analyzer().terms("The Experiments tested boundary-layer flows")

    assert terms == ["experi", "test", "boundari", "layer", "flow"]


def test_full_width_letters_fold_to_ascii() -> None:
    assert Analyzer().terms("ＣＮＣ Ｍachines") == ["cnc", "machin"]


def test_mixed_text_gives_chinese_and_english_terms_in_one_list() -> None:
    terms = Analyzer().terms("基于Transformer的机器翻译 with attention")

    assert "transform" in terms
    assert "机器翻译" in terms or {"机器", "翻译"} <= set(terms)
    assert "attent" in terms


def test_a_query_meets_the_document_terms_it_shares_words_with() -> None:
    analyzer = Analyzer()
    document = set(analyzer.terms("该中心长期从事石墨烯复合材料的制备与表征"))
    query = analyzer.query_terms("石墨烯 材料")

    assert set(query) <= document


def test_user_words_change_the_segmentation() -> None:
    plain = Analyzer().terms("氢燃料电堆")
    extended = Analyzer(user_words=["氢燃料电堆"]).terms("氢燃料电堆")

    assert "氢燃料电堆" not in plain
    assert "氢燃料电堆" in extended


def test_a_dictionary_file_extends_the_vocabulary(tmp_path: Path) -> None:
    dictionary = tmp_path / "words.txt"
    dictionary.write_text("# the institute's words\n钙钛矿叠层 100 n\n", encoding="utf-8")

    assert "钙钛矿叠层" in Analyzer(dictionary=dictionary).terms("钙钛矿叠层电池效率")
    assert "钙钛矿叠层" not in Analyzer().terms("钙钛矿叠层电池效率")


def test_surface_forms_give_the_written_word_of_a_stem() -> None:
    forms = Analyzer().surface_forms("Testing turbulent flows")

    assert forms["test"] == "testing"
    assert forms["flow"] == "flows"


def test_surface_forms_name_dictionary_bigrams_but_not_bigrams_across_words() -> None:
    forms = Analyzer().surface_forms("固态电池的电解质")

    assert "电池" in forms
    assert "池的" not in forms


def test_marked_spans_mark_whole_words_never_letters_inside_one() -> None:
    text = "Face recognition of coated Co. parts; 锂电池的电池壳"

    marked = [text[start:end] for start, end in marked_spans(text, ["co", "coating", "电池"])]

    assert marked == ["coated", "Co", "电池", "电池"]


def test_query_text_leaves_out_markup_and_legal_forms_but_not_words_that_hold_them() -> None:
    text = query_text("<script>alert(1)</script> 温州某某有限公司 Acme Co., Ltd. co-culture")

    assert "script" not in text
    assert "有限公司" not in text
    assert "Co." not in text
    assert "Ltd" not in text
    for kept in ("alert(1)", "co-culture", "温州某某"):
        assert kept in text
