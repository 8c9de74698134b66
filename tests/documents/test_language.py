"""Language detection per article and per sentence."""

from __future__ import annotations

from rashomon.documents.language import detect_article_language, detect_sentence_languages


def test_article_languages() -> None:
    assert detect_article_language("The two presidents met in Tehran on Monday and signed seven agreements.") == "en"
    assert detect_article_language("رهبر معظم انقلاب عصر دیروز در دیدار رئیس‌جمهور بلاروس سخن گفتند.") == "fa"
    assert detect_article_language("O presidente da China almoçou hoje com o presidente Lula em Brasília.") == "pt"


def test_sentence_languages_fall_back_to_the_article_for_short_or_unclear_text() -> None:
    sentences = [
        "Lukashenko.",
        "The minister said the talks were useful and constructive.",
        "وزیر گفت این گفتگوها سازنده بود.",
    ]
    assert detect_sentence_languages(sentences, "en", {"en", "fa"}) == ["en", "en", "fa"]


def test_names_do_not_decide_the_language_of_a_short_text() -> None:
    assert detect_article_language("Nordwing CEO Lars Eid quits. Board names CFO Ane Moe interim chief.") == "en"
    assert detect_article_language("Der Vorstand von Nordwing ernennt Ane Moe zur Chefin.") == "de"
    assert detect_article_language("Hoy el presidente Vargas cerró la frontera con Perú.") == "es"
