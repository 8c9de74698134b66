"""Publication dates from metadata, URL or dateline: never a bare year, never an event date in running text."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from rashomon.documents.dating import date_article, date_from_text, date_from_url
from rashomon.documents.ingest import html_to_document
from tests.builders import article


def test_datelines_in_many_languages() -> None:
    cases = {
        ("4 сентября 2023 года Путин встретился с коллегой", "ru"): "2023-09-04",
        ("Il 4 settembre 2023 a Soči si sono incontrati", "it"): "2023-09-04",
        ("2023年9月4日，两国领导人在索契会见", "zh"): "2023-09-04",
        ("Pazartesi, 4 Eylül 2023\nSoçi'de görüşme yapıldı", "tr"): "2023-09-04",
        ("في 4 سبتمبر 2023 التقى الرئيسان", "ar"): "2023-09-04",
        ("Publié le 04/09/2023 à 10h12\nLe président est arrivé", "fr"): "2023-09-04",
        ("09/04/2023\nThe ferry ran aground", "en"): "2023-09-04",  # US month-first when both could be months
        ("Date: 2025-07\nLa cumbre terminó", "es"): "2025-07",
    }
    for (text, language), expected in cases.items():
        assert date_from_text(text, language) == (expected, "text"), text


def test_a_bare_year_or_an_event_date_in_running_text_is_not_a_publication_date() -> None:
    assert date_from_text("The ferry has served the island since 1998 and will run bis 2026.", "en") is None
    caption = "Le président est arrivé hier. Emmanuel Macron et Xi Jinping à Pékin, le 6 novembre 2019, lors de la dernière visite."
    assert date_from_text(caption, "fr") is None
    assert date_from_text("习近平2024年5月赴法国进行国事访问，马克龙曾邀请他前往比利牛斯山区。", "zh") is None


def test_url_dates() -> None:
    assert date_from_url("https://example.org/2023/09/04/ferry") == ("2023-09-04", "url")
    assert date_from_url("https://example.org/news-20230904-ferry") == ("2023-09-04", "url")
    assert date_from_url("https://example.org/pt/news/2022-11/por-044/x") == ("2022-11", "url")
    assert date_from_url("https://example.org/a/273930-ferry") is None
    assert date_from_url("https://2023.example.org/ferry") is None  # the host is not a path


def test_metadata_wins_and_the_source_is_kept() -> None:
    text = "The ferry ran aground near the harbour on Tuesday morning, the coast guard said."
    dated = article(text, "a", published="2023-03-13", url="https://x.org/2020/01/01/a")
    assert (dated.published, dated.published_from) == ("2023-03-13", "metadata")
    undated = date_article(article(text, "b", url="https://x.org/2020/01/02/a"))
    assert (undated.published, undated.published_from) == ("2020-01-02", "url")


def test_html_body_years_do_not_become_the_page_date() -> None:
    body = "<p>" + "The ferry that has served the island since 1998 ran aground on Tuesday, officials said. " * 5 + "</p>"
    page = html_to_document("p.html", f"<html><body><article><h1>Ferry aground</h1>{body}</article></body></html>", "h")
    assert page.published is None


@given(st.text(max_size=300), st.sampled_from(["en", "fr", "ru", "zh", "ar", "und"]))
def test_any_date_found_is_a_real_full_or_month_date(text: str, language: str) -> None:
    found = date_from_text(text, language)
    if found is not None:
        iso = found[0]
        assert re.fullmatch(r"\d{4}-\d\d(-\d\d)?", iso)
        date.fromisoformat(iso if len(iso) == 10 else iso + "-01")
        assert iso[:4] in text
