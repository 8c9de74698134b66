"""Numbers and quantities in English and Persian."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rashomon.analysis.compare.numbers import parse_number, quantities


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
