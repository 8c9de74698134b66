"""Boilerplate removal: general rules checked on the real example corpus and on made-up pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.datamodel import RawDocument
from rashomon.documents.clean import clean_batch, line_key, split_lines
from rashomon.documents.ingest import ingest
from tests.conftest import EXAMPLES


def cleaned_examples() -> dict[str, Any]:
    documents, _ = ingest([EXAMPLES])
    return {Path(c.raw.source).name: c for c in clean_batch(documents)}


def kept_lines(document: Any) -> list[str]:
    return [document.raw.text[s:e].strip() for paragraph in document.paragraphs for s, e in paragraph]


def test_gold_boilerplate_and_repeated_headlines_are_removed(gold: dict[str, Any]) -> None:
    cleaned = cleaned_examples()
    for name, annotation in gold["articles"].items():
        kept = kept_lines(cleaned[name])
        for line in annotation["boilerplate"]:
            assert line not in kept, f"{name}: boilerplate kept: {line}"
        if annotation["title"]:
            assert cleaned[name].title == annotation["title"]
            assert annotation["title"] not in kept, f"{name}: headline repeated in the body"
        else:
            assert cleaned[name].title is None


def test_no_article_sentence_is_lost(gold: dict[str, Any]) -> None:
    """Every gold fact fragment survives cleaning."""
    cleaned = cleaned_examples()
    by_prefix = {name[:3]: document for name, document in cleaned.items()}
    for fact in gold["facts"]:
        for prefix, fragment in fact["reported_by"].items():
            body = " ".join(kept_lines(by_prefix[prefix]))
            assert " ".join(fragment.split()) in " ".join(body.split()), (fact["id"], prefix)


def test_outlet_comes_from_dateline_footer_or_masthead() -> None:
    cleaned = cleaned_examples()
    found = {name[:3]: (document.outlet, document.outlet_source) for name, document in cleaned.items()}
    assert found["000"] == ("Tasnim", "dateline")
    assert found["001"] == ("Financialtribune.com", "footer")
    assert found["002"] == ("The Office of the Supreme Leader", "masthead")
    assert found["003"] == (None, "unknown")


def page(body: str, source: str = "page.txt", outlet: str | None = None) -> RawDocument:
    return RawDocument(source=source, content_hash=source, text=body, outlet=outlet)


def test_lines_repeated_across_an_outlets_pages_are_furniture() -> None:
    story = "The council approved the new budget on Friday after a long debate about school funding."
    documents = [
        page(
            f"Headline {n}\n\n{story} Item {n}.\n\nSubscribe to our daily briefing\n\nMore from Metro",
            f"{n}.txt",
            "Metro",
        )
        for n in range(2)
    ]
    for document in clean_batch(documents):
        kept = kept_lines(document)
        assert not any("Subscribe" in line or "More from" in line for line in kept)
        assert any("council approved" in line for line in kept)


def test_short_lines_before_the_headline_are_dropped_and_wrapped_lines_joined() -> None:
    text = (
        "Home\nWorld\n\nFloods close roads across the valley\n\n"
        "Heavy rain closed dozens of roads across the valley on Sunday and forced the evacuation of two villages near\n"
        "the river, officials said in a statement.\n\n"
        "Related\nShare\n"
    )
    [document] = clean_batch([page(text)])
    assert document.title == "Floods close roads across the valley"
    assert document.removed_lines == ["Home", "World", "Related", "Share"]
    assert len(document.paragraphs) == 1 and len(document.paragraphs[0]) == 2


def test_counters_and_lines_without_letters_are_removed() -> None:
    text = "Mayor opens bridge\n\n12\n\nThe mayor opened the new bridge on Monday morning, a year late.\n\n* * *\n\n700 /\n"
    [document] = clean_batch([page(text)])
    assert kept_lines(document) == ["The mayor opened the new bridge on Monday morning, a year late."]


@given(st.lists(st.text(alphabet=st.sampled_from("ab .\n\t"), max_size=40), max_size=12))
def test_kept_spans_are_inside_the_text_and_in_order(lines: list[str]) -> None:
    text = "\n".join(lines)
    [document] = clean_batch([page(text)])
    previous_end = -1
    for paragraph in document.paragraphs:
        for start, end in paragraph:
            assert 0 <= start < end <= len(text)
            assert start > previous_end
            previous_end = end


@given(st.text(max_size=200))
def test_every_nonblank_line_is_split_out_exactly(text: str) -> None:
    for line in split_lines(text):
        assert text[line.start : line.end] == line.text
        assert line.text == line.text.strip() and line.text


def test_line_key_ignores_case_space_and_edge_punctuation() -> None:
    assert line_key("  Top  Stories: ") == line_key("top stories")


def test_access_walls_are_removed_and_a_page_that_is_only_a_wall_is_flagged() -> None:
    from rashomon.documents.stages import DocumentContext, normalise_checked

    body = (
        "The harbour authority of Valdoria agreed on Sunday to hire 120 new crane operators, ending a strike.\n\n"
        "Union leader Marta Quispe said the deal protected every family that lives from the port.\n\n"
        "Subscribe to continue reading.\n\nAlready a subscriber? Sign in to read the full story.\n\n"
        "Digital access from $1 a week.\n\n"
        "Readers who subscribe to the port newsletter get the schedule of ships, the authority said in a long "
        "statement that also listed every berth, every crane and every shift of the coming month for the workers."
    )
    [walled] = clean_batch([RawDocument("walled.txt", "h1", body, title="Strike ends", title_in_text=False)])
    assert walled.access_wall
    article = normalise_checked(walled, DocumentContext())
    assert "Subscribe to continue" not in article.text and "$1 a week" not in article.text
    assert "Readers who subscribe to the port newsletter" in article.text  # prose, not a wall
    assert {"Subscribe to continue reading.", "Digital access from $1 a week."} <= set(walled.removed_lines)
    wall_only = "Suscríbete para seguir leyendo.\n\nYa eres suscriptor? Inicia sesión.\n\n9,99 € al mes"
    [page] = clean_batch([RawDocument("muro.txt", "h2", wall_only, title="Noticia", title_in_text=False)])
    with pytest.raises(ValueError, match="only an access wall"):
        normalise_checked(page, DocumentContext())


def test_a_masthead_sharing_one_word_with_the_body_is_not_the_headline() -> None:
    text = (
        "Valley Post\n\nFlood waters close the old valley bridge\n\n"
        "Flood waters rose two metres overnight and the council closed the old bridge across the valley. "
        "Engineers will inspect the pillars on Monday, the council said.\n"
    )
    [document] = clean_batch([RawDocument("post.txt", "h3", text)])
    assert document.title == "Flood waters close the old valley bridge"
    assert document.outlet == "Valley Post" and document.outlet_source == "masthead"


CREDIT = "This report was produced with the support of the Coastal Journalism Fund, which had no say over its content."


def test_a_credit_line_shared_by_reports_that_share_nothing_else_is_furniture() -> None:
    reports = [
        "The council closed the old bridge after the river rose two metres overnight, the mayor said on Monday.",
        "Engineers found cracks in two pillars of the bridge and asked for a full inspection before it reopens.",
        "Residents of the lower town spent the night in the school gym, where volunteers served soup until late.",
    ]
    documents = [
        RawDocument(f"r{i}.txt", f"c{i}", f"{text}\n\n{CREDIT}\n", title=f"Report {i}", outlet=f"Outlet {i}",
                    title_in_text=False)
        for i, text in enumerate(reports)
    ]  # fmt: skip
    cleaned = clean_batch(documents)
    for document, text in zip(cleaned, reports, strict=True):
        assert CREDIT in document.removed_lines
        assert [document.raw.text[a:b] for paragraph in document.paragraphs for a, b in paragraph] == [text]


def test_copied_reports_keep_their_shared_paragraphs() -> None:
    story = [
        "The council closed the old bridge after the river rose two metres overnight, the mayor said on Monday.",
        "Engineers found cracks in two pillars of the bridge and asked for a full inspection before it reopens.",
    ]
    own = "Our correspondent saw queues of cars on the ring road as drivers looked for another way across the river."
    texts = ["\n\n".join(story), "\n\n".join([*story, own])]
    documents = [
        RawDocument(f"c{i}.txt", f"k{i}", text, title="Bridge", outlet=f"Outlet {i}", title_in_text=False)
        for i, text in enumerate(texts)
    ]
    for document in clean_batch(documents):
        assert not set(story) & set(document.removed_lines)


def test_a_headline_that_paraphrases_its_body_is_still_the_headline() -> None:
    text = (
        "Valley Post\n\nWater shuts crossing as town sleeps in gym\n\n"
        "The river rose two metres overnight and the council closed the old bridge to traffic. "
        "Residents of the lower town were moved to the school, where volunteers served soup until late.\n"
    )
    [document] = clean_batch([RawDocument("post.txt", "h4", text)])
    assert document.title == "Water shuts crossing as town sleeps in gym"
    assert {"Valley Post"} <= set(document.removed_lines)
    kept = [document.raw.text[a:b] for paragraph in document.paragraphs for a, b in paragraph]
    assert all("Valley Post" not in k and "shuts crossing" not in k for k in kept)


def test_pages_without_spaces_keep_their_text() -> None:
    """Chinese and Japanese prose has no spaces and ends with 。: it is prose, not boilerplate."""
    pages = {
        "zh": "首页 | 新闻\n\n渔船在青岛港外搁浅\n\n一艘渔船周二清晨在青岛港外搁浅，船上十二名船员全部获救。海事部门表示，事故原因正在调查。\n\n当地渔民说，那片海域的暗礁多年来一直没有标志。",
        "ja": "ホーム\n\n漁船が函館沖で座礁\n\n函館沖で火曜日の朝、漁船が座礁し、乗組員十二人全員が救助された。海上保安部によると、原因を調べている。",
    }
    documents = [RawDocument(source=f"{code}.txt", content_hash=code, text=text) for code, text in pages.items()]
    for document in clean_batch(documents):
        kept = " ".join(kept_lines(document))
        assert "船员全部获救" in kept or "全員が救助された" in kept, document.raw.source
        assert document.title in {"渔船在青岛港外搁浅", "漁船が函館沖で座礁"}


def test_urls_and_date_lines_are_never_titles() -> None:
    body = "The ferry ran aground near the harbour on Tuesday morning, and all 40 passengers were rescued by the coast guard."
    for first in (
        "https://news.example.org/ferry-aground",
        "date 2025-08-21 Via Harbour Wire",
        "www.harbour-wire.example",
    ):
        text = f"{first}\n\nFerry aground near harbour\n\n{body}"
        [document] = clean_batch([RawDocument(source="a.txt", content_hash=first, text=text)])
        assert document.title == "Ferry aground near harbour", first


def test_photo_captions_and_credits_are_removed_in_every_script() -> None:
    """Captions place people in the picture, credits open with the word for photo: neither is article text."""
    from rashomon.documents.clean import is_caption_or_credit, split_lines

    furniture = [
        "Russian President Vladimir Putin (left) and his Turkish counterpart meet in Sochi on September 29.",
        "Фото, видео: ТАСС / Михаил Метцель",
        "EFE/EPA/VATICAN MEDIA HANDOUT EDITORIAL USE ONLY/NO SALES",
        "习近平（左）与马克龙在北京会谈",
        "Die Präsidenten (links) trafen sich in Sotschi.",
        "Fotoğraf: AA",
        "Turkish President Recep Tayyip Erdogan (L) meets Russian President Vladimir Putin in Sochi.",
    ]
    prose = [
        "The leaders met on Monday (local time) in Sochi.",
        "Photography is an art, he said.",
        "He turned left and right before the cameras.",
        "Senator Jane Roe (R) voted against the bill.",
        "Options (l) and (c) were dropped from the draft.",
    ]
    for line in furniture:
        assert is_caption_or_credit(split_lines(line)[0]), line
    for line in prose:
        assert not is_caption_or_credit(split_lines(line)[0]), line
