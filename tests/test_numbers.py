"""Numbers and quantities in English and Persian."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rashomon.numbers import parse_number, quantities


def figures(text: str) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for q in quantities(text)]


def test_digits_words_scales_and_units() -> None:
    assert figures("seven memorandums of understanding") == [(7, "memorandum")]
    assert figures("7 MoUs were signed") == [(7, "mou")]
    assert figures("trade to $100 million") == [(100_000_000, "$")]
    assert figures("the past twelve years") == [(12, "year")]
    assert figures("در ۱۲ سال گذشته") == [(12, "سال")]
    assert figures("هفت تفاهم‌نامه") == [(7, "تفاهم‌نامه")]
    assert figures("1,500 people and 2.5 percent") == [(1500, "people"), (2.5, "%")]
    assert figures("one of the two") == [(2, "")]  # "one of" is a pronoun, not a count


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


@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.$%abcsyrtwonehی۱۲"))))
def test_quantities_are_spans_of_the_text(text: str) -> None:
    for q in quantities(text):
        assert text[q.start : q.end].strip() == q.text
