"""A candidate found by meaning says so, with its sentence, unless its text is hidden."""

from liaison.matching import pages

FOUND_BY_MEANING = {
    "terms": [],
    "supports": [
        {
            "id": "person:9",
            "kind": "expert",
            "title": "Jane Roe",
            "contribution": 0.016,
            "terms": [],
            "shares": [],
            "meaning": "Develops silver-releasing wound dressings.",
        }
    ],
}


def test_a_candidate_found_by_meaning_gives_its_sentence() -> None:
    explained = pages.explained(FOUND_BY_MEANING)

    assert explained.meaning == "Develops silver-releasing wound dressings."


def test_the_sentence_is_hidden_with_the_text_it_comes_from() -> None:
    explained = pages.explained(FOUND_BY_MEANING, terms_hidden=True)

    assert explained.meaning == ""
    assert explained.terms_hidden


def test_the_sentence_of_a_support_the_reader_may_not_see_is_not_shown() -> None:
    assert pages.explained(FOUND_BY_MEANING, visible=set()).meaning == ""


def test_a_candidate_matched_by_words_shows_its_words_not_a_sentence() -> None:
    by_words = {**FOUND_BY_MEANING, "terms": [{"term": "敷料", "weight": 1.0, "share": 1.0}]}

    assert pages.explained(by_words).meaning == ""
