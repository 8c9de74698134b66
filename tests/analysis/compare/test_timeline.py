"""Relative dates resolved against publication days; outlets that disagree on when."""

from __future__ import annotations

from datetime import date

from rashomon.analysis.compare.timeline import agreement, time_expressions, timing_divergences
from rashomon.datamodel import Article, FactGroup, FactStatus, Mention, OffsetMap, Story


def article(article_id: str, text: str, language: str = "en", published: str | None = None) -> Article:
    return Article(article_id, f"{article_id}.txt", article_id, article_id.upper(), "metadata", None, published, text,
                   text, OffsetMap.from_segments([[0, 0, len(text)]], len(text), len(text)), language)  # fmt: skip


def test_weekdays_and_relative_days_without_a_publication_day() -> None:
    found = time_expressions(article("a", "This afternoon (Monday), the leader met him. He left on Sunday."))
    assert [(e.text, e.weekday, e.date) for e in found] == [
        ("This afternoon (Monday)", 0, None),
        ("on Sunday", 6, None),
    ]
    persian = time_expressions(article("b", "رهبر انقلاب عصر دیروز (دوشنبه) در دیدار گفت", "fa"))
    assert [(e.text, e.weekday, e.offset) for e in persian] == [("عصر دیروز (دوشنبه)", 0, -1)]


def test_resolution_against_the_publication_day() -> None:
    [monday] = time_expressions(article("a", "They met on Monday.", published="2023-03-14"))
    assert monday.date == date(2023, 3, 13)
    [same_day] = time_expressions(article("a", "They met on Monday.", published="2023-03-13T09:00:00"))
    assert same_day.date == date(2023, 3, 13)  # 'on Monday' in a Monday paper is that day
    [yesterday] = time_expressions(article("b", "دیروز دیدار کردند", "fa", published="2023-03-14"))
    assert yesterday.date == date(2023, 3, 13)
    [persian_month] = time_expressions(article("c", "در ۲۲ اسفند ۱۴۰۱ امضا شد", "fa"))
    assert persian_month.date == date(2023, 3, 13)
    [english_month] = time_expressions(article("d", "signed on March 13, 2023 in Tehran"))
    assert english_month.date == date(2023, 3, 13)


def test_outlets_that_disagree_on_the_day_are_flagged() -> None:
    first = article("a", "The leaders met on Monday in Tehran.", published="2023-03-14")
    second = article("b", "The leaders met yesterday in Tehran.", published="2023-03-16")
    group = FactGroup(
        "f1", FactStatus.ALL, [Mention("a", 0, len(first.text), first.text, 0), Mention("b", 0, len(second.text), second.text, 0)],
        ["A", "B"], 0.0,
    )  # fmt: skip
    [timing] = timing_divergences(Story("s", ["a", "b"], [group]), {"a": first, "b": second})
    assert timing.consistent is False
    assert "2023-03-13" in timing.note and "2023-03-15" in timing.note


def test_agreement_needs_something_to_compare() -> None:
    assert agreement([]) is None


def test_days_of_two_different_events_are_not_pitted_against_each_other() -> None:
    """A loosely aligned group: with the real embeddings only sentences about the same event are compared."""
    from rashomon.embed import encode

    meeting = article(
        "a", "The two presidents met on Monday in Tehran to sign trade agreements.", published="2023-03-14"
    )
    floods = article(
        "b", "Floods destroyed hundreds of homes in the northern province on Thursday.", published="2023-03-17"
    )
    again = article(
        "c", "The two presidents met yesterday in Tehran and signed trade agreements.", published="2023-03-16"
    )
    group = FactGroup(
        "f1", FactStatus.ALL, [Mention(x.id, 0, len(x.text), x.text, 0) for x in (meeting, floods, again)],
        ["A", "B", "C"], 0.0,
    )  # fmt: skip
    story = Story("s", ["a", "b", "c"], [group])
    [timing] = timing_divergences(story, {"a": meeting, "b": floods, "c": again}, encode)
    assert {r.article_id for r in timing.readings} == {"a", "c"}
    assert timing.consistent is False  # Monday 13 March vs yesterday = Wednesday 15 March
