"""Numbers and quantities in every language: digits, separators, number words, scale words, units."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rashomon.analysis.compare.numbers import parse_number, quantities


def figures(text: str, language: str = "en") -> list[tuple[float, str]]:
    return [(q.value, q.unit) for q in quantities(text, language)]


def test_digits_words_scales_and_units() -> None:
    assert figures("seven memorandums of understanding") == [(7, "memorandum")]
    assert figures("7 MoUs were signed") == [(7, "mou")]
    assert figures("trade to $100 million") == [(100_000_000, "$")]
    assert figures("the past twelve years") == [(12, "year")]
    assert figures("در ۱۲ سال گذشته") == [(12, "سال")]
    assert figures("هفت تفاهم‌نامه", "fa") == [(7, "تفاهم‌نامه")]
    assert figures("1,500 people and 2.5 percent") == [(1500, "people"), (2.5, "%")]
    assert figures("one of the two") == [(2, "")]  # "one of" is a pronoun, not a count


def test_number_and_scale_words_of_other_languages() -> None:
    assert figures("2,5 млн рублей", "ru") == [(2_500_000, "рублей")]
    assert figures("doce camiones de carga", "es") == [(12, "camione")]
    assert figures("17 mil personas", "es") == [(17_000, "persona")]
    assert figures("300 Mio. Euro", "de") == [(300_000_000, "euro")]
    assert figures("on iki kamyon", "tr") == [(12, "kamyon")]
    assert figures("5 BİN kişi", "tr") == [(5000, "kişi")]  # 'BİN' casefolds to 'bi̇n' (dotted i)
    assert figures("اثنا عشر شاحنة", "ar") == [(12, "شاحنة")]
    assert figures("1 200 товаров", "ru") == [(1200, "товаров")]


def test_a_number_word_is_a_whole_word() -> None:
    """Persian 'دو' (two) starts the Arabic 'دون' (without): never a figure."""
    assert figures("دون وقوع إصابات", "ar") == []
    assert figures("دون وقوع إصابات", "fa") == []


def test_a_unit_keeps_its_combining_marks() -> None:
    """Devanagari vowel signs and viramas, Arabic vowel marks are part of the word: '4 मार्च' (4 March) is
    not a count of 'म', which had met '3 metros' as a false conflict."""
    assert figures("पुल 10 दिनों तक बंद और 3 मीटर लंबी दरार", "hi") == [(10, "दिनों"), (3, "मीटर")]
    assert figures("قُتِلَ 12 شخصًا", "ar") == [(12, "شخصًا")]
    assert all(unit != "म" for _, unit in figures("वारेनहोल्ट, 4 मार्च 2026", "hi"))


def test_unspaced_scripts_attach_scale_and_unit_to_the_digits() -> None:
    assert figures("损失估计为250万欧元。", "zh") == [(2_500_000, "欧元")]
    assert figures("警方表示，12节货运车厢脱轨", "zh") == [(12, "节货运车厢")]
    assert figures("2025年9月4日に", "ja") == []  # a date, read by the timeline


def test_years_are_told_apart() -> None:
    [year] = quantities("in 2027, according to")
    assert year.is_year and year.text == "2027"


def test_a_unit_two_words_on_counts_as_the_same_kind() -> None:
    first, second = quantities("40 monitoring buoys")[0], quantities("45 buoys")[0]
    assert first.same_kind(second) and first.value != second.value


@given(st.integers(min_value=0, max_value=10**9))
def test_persian_and_latin_digits_parse_alike(number: int) -> None:
    persian = str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert parse_number(persian) == parse_number(str(number)) == number


@given(
    st.lists(st.sampled_from([*"0123456789 ,.$%abcsyrtwonehی۱۲万亿欧元年дваmilнтBİN", " bin", " Mio.", " MİLYON"])).map(
        "".join
    ),
    st.sampled_from(["en", "fa", "ru", "es", "zh", "ar", "tr", "de", "xx"]),
)
def test_quantities_are_spans_of_the_text(text: str, language: str) -> None:
    for q in quantities(text, language):
        assert text[q.start : q.end].strip() == q.text


def test_separators_in_either_convention() -> None:
    assert [parse_number(n) for n in ("1,500", "1.500.000", "2,5", "1.500,25", "1,500.25")] == [
        1500,
        1_500_000,
        2.5,
        1500.25,
        1500.25,
    ]


@given(st.text(alphabet=st.sampled_from(list("0123456789.,٫٬")), min_size=1))
def test_any_run_of_digits_and_separators_parses_or_is_refused(text: str) -> None:
    """Malformed groupings such as '3.200.00' (found in a real report) never raise."""
    value = parse_number(text)
    assert value is None or value >= 0
