"""Reports: the JSON contract, Markdown and self-contained HTML, and escaping of untrusted text."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from rashomon.report import render_html, render_markdown, report_to_dict, write_reports
from rashomon.report.json import json_text, write_json_to
from rashomon.report.lazy import LazyList
from rashomon.store import open_store
from tests.conftest import run_cli


def test_json_contract_offsets_slice_the_cleaned_text(example_report: dict[str, Any]) -> None:
    assert example_report["schema_version"]
    articles = {a["id"]: a for a in example_report["articles"]}
    for article in example_report["articles"]:
        for key in ("id", "source", "outlet", "language", "title", "published", "text"):
            assert key in article
    for story in example_report["stories"]:
        assert set(story["article_ids"]) <= set(articles)
        for group in story["fact_groups"]:
            assert group["status"] in {"all", "several", "single"}
            for mention in group["mentions"]:
                text = articles[mention["article_id"]]["text"]
                assert text[mention["start"] : mention["end"]] == mention["text"]


def test_raw_offsets_point_into_the_original_file(example_report: dict[str, Any]) -> None:
    for article in example_report["articles"]:
        raw = Path(article["source"]).read_text(encoding="utf-8")
        for group in example_report["stories"][0]["fact_groups"]:
            for mention in group["mentions"]:
                if mention["article_id"] == article["id"]:
                    raw_span = raw[mention["raw_start"] : mention["raw_end"]]
                    strip = re.compile(r"[\s\u200c]")
                    assert (
                        strip.sub("", raw_span)[:12] == strip.sub("", mention["text"])[:12]
                        or article["language"] == "fa"
                    )


def test_markdown_and_html_show_consensus_single_source_and_rtl(example_out: Path) -> None:
    markdown = (example_out / "report.md").read_text(encoding="utf-8")
    assert "### What every outlet reports" in markdown and "### What only one outlet reports" in markdown
    assert "seven memorandums of understanding" in markdown
    html = (example_out / "report.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and 'lang="fa"' in html
    assert "What every outlet reports" in html and "What only one outlet reports" in html


def test_html_is_self_contained(example_out: Path) -> None:
    html = (example_out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html


def test_untrusted_article_text_is_escaped(tmp_path: Path) -> None:
    corpus = tmp_path / "evil"
    corpus.mkdir()
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    for n, outlet in enumerate(("One", "Two")):
        (corpus / f"{n}.txt").write_text(
            f"{payload} Ministers meet in Geneva\n\n"
            f"GENEVA ({outlet} News) – The foreign ministers met in Geneva on Friday {payload} and agreed a ceasefire.\n\n"
            "The ceasefire will start at midnight and last for three days, the ministers said in a statement.\n",
            encoding="utf-8",
        )
    out = tmp_path / "out"
    result = run_cli("analyze", str(corpus), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html
    assert html.count("<script") == 1  # the report's own script only, which carries the page's nonce
    nonce = re.search(r'<script nonce="([^"]+)">', html)
    assert nonce and f"script-src 'nonce-{nonce.group(1)}'" in html and "script-src 'unsafe-inline'" not in html
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "<img" not in markdown


def test_a_rendering_that_names_no_one_or_someone_else_is_not_shown_under_the_groups_speaker() -> None:
    from rashomon.report.view import quote_view

    def rendering(article_id: str, speaker_name: str | None) -> dict[str, Any]:
        text = "the agreements will be implemented"
        return {"article_id": article_id, "start": 0, "end": len(text), "text": text, "direct": True,
                "sentence_index": 0, "speaker": speaker_name and speaker_name.lower(), "speaker_name": speaker_name}

    articles = {a: {"id": a, "outlet": f"{a}.example", "language": "en"} for a in ("a", "b", "c", "d")}
    quote = {"speaker": "minister", "speaker_name": "Minister Okafor",
             "variants": [rendering("a", "Minister Okafor"), rendering("b", None), rendering("c", "Ministry")]}
    quote["variants"].append({k: v for k, v in rendering("d", None).items() if k not in ("speaker", "speaker_name")})
    view = quote_view(quote, articles, "en")
    assert view.speaker == "Minister Okafor"
    assert [v.attribution for v in view.variants] == [
        "", "no speaker named in this outlet", "attributed here to Ministry", ""  # d: an older report, no claim
    ]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=5))
def test_the_streamed_json_writer_writes_what_json_dumps_would(data: dict[str, Any]) -> None:
    """Top-level lists, plain or lazy (empty ones too), are written item by item as json.dumps writes them."""
    lazy = {key: LazyList(value, lambda item: item) if isinstance(value, list) else value for key, value in data.items()}
    for written in (data, lazy):
        handle = io.StringIO()
        write_json_to(written, handle)
        assert handle.getvalue() == json_text(data)


def test_the_written_report_is_the_rendering_of_the_whole_report(example_out: Path, tmp_path: Path) -> None:
    """Written story by story (lazy dicts and views), the files are what rendering the whole report gives."""
    with open_store(example_out / "rashomon.db") as store:
        report = store.load_report()
    data = report_to_dict(report)
    write_reports(report, tmp_path)
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == json_text(data)
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == render_markdown(data)
    nonce = re.compile(r'nonce[-=]"?[\w-]+')  # a fresh random nonce per rendering
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert nonce.sub("", html) == nonce.sub("", render_html(data))


def test_every_fact_group_names_its_languages_and_the_outlets_that_omit_it(example_report, example_out) -> None:  # type: ignore[no-untyped-def]
    story = example_report["stories"][0]
    for group in story["fact_groups"]:
        assert sorted(set(group["omitted_by"]) | set(group["outlets"])) == story["outlets"]
        assert not set(group["omitted_by"]) & set(group["outlets"])
        assert group["languages"]
    several = next(g for g in story["fact_groups"] if g["status"] == "several")
    markdown = (example_out / "report.md").read_text(encoding="utf-8")
    assert f"not in: {', '.join(several['omitted_by'])}" in markdown.replace("\\", "")


def test_the_summary_says_when_contested_facts_were_left_out(synthetic_report) -> None:  # type: ignore[no-untyped-def]
    """The planted 40-vs-45 buoys conflict is not stated as agreed in the summary, and the summary says so."""
    from rashomon.report import render_html, render_markdown

    harbour = next(s for s in synthetic_report["stories"] if any(d["kind"] == "conflict" for d in s["divergences"]))
    assert not any("buoys" in line["text"] and ("40" in line["text"] or "45" in line["text"]) for line in harbour["summary"])
    assert "are left out of the summary" in render_markdown(synthetic_report)
    assert "are left out of the summary" in render_html(synthetic_report)
