"""What the Markdown and HTML reports show, computed once from the JSON report data."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rashomon.report.lazy import LazyList

RTL_LANGUAGES = {"fa", "ar", "he", "ur", "ps", "yi", "ku"}
STATUS_LABELS = {"all": "Reported by every outlet", "several": "Reported by several outlets", "single": "Single-source"}


@dataclass
class MentionView:
    article_id: str
    outlet: str
    language: str
    direction: str
    text: str
    anchor: str  # id of the sentence element in the article view


@dataclass
class FactView:
    id: str
    number: int
    status: str
    outlets: list[str]
    headline: str
    mentions: list[MentionView]


@dataclass
class SentenceView:
    anchor: str
    text: str
    facts: list[str]  # fact ids
    status: str  # best status among its facts, or "" for unaligned
    paragraph_break: bool  # a paragraph starts after this sentence


@dataclass
class ArticleView:
    id: str
    source: str
    outlet: str
    outlet_from: str
    language: str
    direction: str
    title: str | None
    published: str | None
    url: str | None
    removed_lines: list[str]
    sentences: list[SentenceView]


@dataclass
class EdgeView:
    source: str  # display name
    target: str
    kind: str
    label: str
    evidence: list[MentionView]


@dataclass
class GraphNode:
    name: str
    x: float
    y: float
    external: bool  # a cited source that is not in the corpus

    @property
    def side(self) -> int:
        """-1 left of centre, 1 right of it, 0 near the vertical axis (labels go beside or above/below)."""
        offset = self.x - GRAPH_WIDTH / 2
        return 0 if abs(offset) < 40 else (1 if offset > 0 else -1)

    @property
    def label_x(self) -> float:
        return self.x + 10 * self.side

    @property
    def label_y(self) -> float:
        if self.side:
            return self.y + 4
        return self.y - 10 if self.y <= GRAPH_HEIGHT / 2 else self.y + 20

    @property
    def anchor(self) -> str:
        return {-1: "end", 0: "middle", 1: "start"}[self.side]


@dataclass
class GraphLine:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str


@dataclass
class EntityView:
    name: str
    type: str
    aliases: list[str]
    mentions: int
    outlets: int


@dataclass
class VariantView:
    outlet: str
    language: str
    direction: str
    direct: bool
    anchor: str
    pieces: list[tuple[str, bool]]  # (text, differs from the group's reference rendering)
    attribution: str = ""  # where this outlet's own attribution differs from the group's speaker


@dataclass
class QuoteView:
    speaker: str
    variants: list[VariantView]


@dataclass
class ReadingView:
    outlet: str
    language: str
    direction: str
    text: str
    anchor: str


@dataclass
class DivergenceView:
    kind: str
    topic: str
    note: str
    consistent: bool | None
    readings: list[ReadingView]


@dataclass
class SummaryView:
    text: str
    direction: str
    anchor: str
    outlets: list[str]
    single_source: bool


@dataclass
class StoryView:
    id: str
    title: str
    outlets: list[str]
    languages: list[str]
    articles: list[ArticleView]
    consensus: list[FactView] = field(default_factory=list)
    several: list[FactView] = field(default_factory=list)
    single_by_outlet: dict[str, list[FactView]] = field(default_factory=dict)
    edges: list[EdgeView] = field(default_factory=list)
    nodes: list[GraphNode] = field(default_factory=list)
    lines: list[GraphLine] = field(default_factory=list)
    entities: list[EntityView] = field(default_factory=list)
    quotes: list[QuoteView] = field(default_factory=list)
    conflicts: list[DivergenceView] = field(default_factory=list)
    framing: list[DivergenceView] = field(default_factory=list)
    timing: list[DivergenceView] = field(default_factory=list)
    outlet_terms: list[tuple[str, list[tuple[str, float]]]] = field(default_factory=list)
    summary: list[SummaryView] = field(default_factory=list)
    not_compared: list[dict[str, Any]] = field(default_factory=list)  # what was not looked for, by section

    def unchecked(self, section: str) -> str:
        """The notes of what a section did not look for ('quotes not read in ru (no quote reader)'), or ''."""
        return "; ".join(str(line["note"]) for line in self.not_compared if line["section"] == section)

    def unchecked_everywhere(self, section: str) -> bool:
        """True when no language of the story was checked for this section."""
        lacking = {lang for line in self.not_compared if line["section"] == section for lang in line["languages"]}
        return bool(lacking) and lacking >= set(self.languages)

    @property
    def disagreements(self) -> int:
        """Conflicting figures and days outlets give differently: their facts are left out of the summary."""
        return len(self.conflicts) + sum(1 for d in self.timing if d.consistent is False)

    @property
    def fact_count(self) -> int:
        return len(self.consensus) + len(self.several) + sum(len(v) for v in self.single_by_outlet.values())


def direction_of(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def build_views(data: dict[str, Any]) -> LazyList[dict[str, Any], StoryView]:
    """The views of `data`'s stories (a list or a `LazyList` of story dicts), each built when read."""
    articles = {a["id"]: a for a in data["articles"]}
    return LazyList(data["stories"], lambda story: story_view(story, articles))


def story_view(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> StoryView:
    members = [articles[a] for a in story["article_ids"]]
    main_language = Counter(a["language"] for a in members).most_common(1)[0][0]
    facts = [fact_view(group, number, articles, main_language) for number, group in enumerate(story["fact_groups"], 1)]
    view = StoryView(
        id=story["id"],
        title=story.get("title") or story["id"],
        outlets=story.get("outlets", []),
        languages=story.get("languages", []),
        articles=[article_view(a, story["fact_groups"]) for a in members],
    )
    view.not_compared = story.get("not_compared", [])
    view.edges = [edge_view(edge, articles) for edge in story.get("provenance", [])]
    view.nodes, view.lines = layout_graph(view.edges, [a["outlet"] for a in members])
    view.entities = [entity_view(entity) for entity in story.get("entities", [])]
    view.quotes = [quote_view(quote, articles, main_language) for quote in story.get("quotes", [])]
    for divergence in story.get("divergences", []):
        getattr(view, {"conflict": "conflicts", "framing": "framing", "timing": "timing"}[divergence["kind"]]).append(
            divergence_view(divergence, articles)
        )
    view.outlet_terms = [(t["outlet"], [(w, z) for w, z in t["terms"]]) for t in story.get("outlet_terms", [])]
    view.summary = [
        SummaryView(
            s["text"],
            direction_of(articles[s["article_id"]]["language"]),
            sentence_anchor_at(articles[s["article_id"]], s["start"]),
            s["outlets"],
            s["single_source"],
        )
        for s in story.get("summary", [])
    ]
    for fact in facts:
        if fact.status == "all":
            view.consensus.append(fact)
        elif fact.status == "several":
            view.several.append(fact)
        else:
            view.single_by_outlet.setdefault(fact.outlets[0], []).append(fact)
    return view


def divergence_view(divergence: dict[str, Any], articles: dict[str, dict[str, Any]]) -> DivergenceView:
    readings = []
    for r in divergence["readings"]:
        article = articles[r["article_id"]]
        readings.append(
            ReadingView(
                article["outlet"],
                article["language"],
                direction_of(article["language"]),
                r["text"],
                sentence_anchor_at(article, r["start"]),
            )
        )
    return DivergenceView(
        divergence["kind"], divergence["topic"], divergence["note"], divergence.get("consistent"), readings
    )


def sentence_anchor_at(article: dict[str, Any], offset: int) -> str:
    for sentence in article["sentences"]:
        if sentence["start"] <= offset < sentence["end"]:
            return sentence_anchor(article["id"], sentence["index"])
    return sentence_anchor(article["id"], 0)


def entity_view(entity: dict[str, Any]) -> EntityView:
    articles = {m["article_id"] for m in entity["mentions"]}
    return EntityView(entity["name"], entity["type"], entity["aliases"], len(entity["mentions"]), len(articles))


def quote_view(quote: dict[str, Any], articles: dict[str, dict[str, Any]], main_language: str) -> QuoteView:
    """Each rendering beside the others; words that differ from the reference rendering are marked."""
    variants = quote["variants"]
    languages = {v["article_id"]: articles[v["article_id"]]["language"] for v in variants}
    same_language = [v for v in variants if languages[v["article_id"]] == main_language] or variants
    reference = max(same_language, key=lambda v: len(v["text"]))["text"]
    views = []
    for v in variants:
        article = articles[v["article_id"]]
        comparable = len(variants) > 1 and article["language"] == languages[same_language[0]["article_id"]]
        views.append(
            VariantView(
                outlet=article["outlet"],
                language=article["language"],
                direction=direction_of(article["language"]),
                direct=v["direct"],
                anchor=sentence_anchor(article["id"], v.get("sentence_index", 0)),
                pieces=word_differences(v["text"], reference) if comparable else [(v["text"], False)],
                attribution=own_attribution(v, quote.get("speaker_name")),
            )
        )
    return QuoteView(quote.get("speaker_name") or "unattributed", views)


def own_attribution(variant: dict[str, Any], group_speaker: str | None) -> str:
    """What one rendering itself says about the speaker, when it is not the group's speaker.

    A group is named after the speaker most of its renderings name; an outlet that names no one, or
    someone else, must not be shown as naming that speaker. Reports written before renderings kept
    their own speaker have no "speaker" key: nothing is claimed for them.
    """
    if "speaker" not in variant or not group_speaker:
        return ""
    own = variant.get("speaker_name")
    if own == group_speaker:
        return ""
    return f"attributed here to {own}" if own else "no speaker named in this outlet"


def word_differences(text: str, reference: str) -> list[tuple[str, bool]]:
    """Split text into runs of words shared with the reference and runs that differ (difflib on words)."""
    words = re.findall(r"\S+\s*", text)
    matcher = difflib.SequenceMatcher(
        a=[normal_word(w) for w in words], b=[normal_word(w) for w in re.findall(r"\S+", reference)], autojunk=False
    )
    shared = [False] * len(words)
    for block in matcher.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            shared[i] = True
    pieces: list[tuple[str, bool]] = []
    for word, same in zip(words, shared, strict=True):
        if pieces and pieces[-1][1] == (not same):
            pieces[-1] = (pieces[-1][0] + word, not same)
        else:
            pieces.append((word, not same))
    return pieces


def normal_word(word: str) -> str:
    return re.sub(r"\W+", "", word.casefold())


def fact_view(group: dict[str, Any], number: int, articles: dict[str, dict[str, Any]], main_language: str) -> FactView:
    mentions = []
    for mention in group["mentions"]:
        article = articles[mention["article_id"]]
        mentions.append(
            MentionView(
                article_id=article["id"],
                outlet=article["outlet"],
                language=article["language"],
                direction=direction_of(article["language"]),
                text=mention["text"],
                anchor=sentence_anchor(article["id"], mention["sentence_index"]),
            )
        )
    preferred = [m for m in mentions if m.language == main_language] or mentions
    headline = min(preferred, key=lambda m: len(m.text)).text
    return FactView(group["id"], number, group["status"], group["outlets"], headline, mentions)


def sentence_anchor(article_id: str, index: int) -> str:
    return f"{article_id}-s{index}"


def article_view(article: dict[str, Any], groups: list[dict[str, Any]]) -> ArticleView:
    facts_of: dict[int, list[tuple[str, str]]] = {}
    for group in groups:
        for mention in group["mentions"]:
            if mention["article_id"] == article["id"]:
                facts_of.setdefault(mention["sentence_index"], []).append((group["id"], group["status"]))
    text = article["text"]
    sentences = []
    for position, sentence in enumerate(article["sentences"]):
        following = article["sentences"][position + 1]["start"] if position + 1 < len(article["sentences"]) else None
        gap = text[sentence["end"] : following] if following is not None else ""
        facts = facts_of.get(sentence["index"], [])
        sentences.append(
            SentenceView(
                anchor=sentence_anchor(article["id"], sentence["index"]),
                text=text[sentence["start"] : sentence["end"]],
                facts=[fact_id for fact_id, _ in facts],
                status=best_status([status for _, status in facts]),
                paragraph_break="\n" in gap,
            )
        )
    return ArticleView(
        id=article["id"],
        source=article["source"],
        outlet=article["outlet"],
        outlet_from=article.get("outlet_from", ""),
        language=article["language"],
        direction=direction_of(article["language"]),
        title=article.get("title"),
        published=article.get("published"),
        url=article.get("url"),
        removed_lines=article.get("removed_lines", []),
        sentences=sentences,
    )


def best_status(statuses: list[str]) -> str:
    for status in ("all", "several", "single"):
        if status in statuses:
            return status
    return ""


def display_name(node: str, articles: dict[str, dict[str, Any]]) -> str:
    return str(articles[node]["outlet"]) if node in articles else node


def edge_view(edge: dict[str, Any], articles: dict[str, dict[str, Any]]) -> EdgeView:
    evidence = []
    for mention in edge["evidence"]:
        article = articles[mention["article_id"]]
        evidence.append(
            MentionView(
                article_id=article["id"],
                outlet=article["outlet"],
                language=article["language"],
                direction=direction_of(article["language"]),
                text=mention["text"],
                anchor=sentence_anchor(article["id"], mention["sentence_index"]),
            )
        )
    return EdgeView(
        display_name(edge["from"], articles), display_name(edge["to"], articles), edge["kind"], edge["label"], evidence
    )


GRAPH_WIDTH, GRAPH_HEIGHT, GRAPH_RADIUS = 1000.0, 380.0, 150.0


def layout_graph(edges: list[EdgeView], outlets: list[str]) -> tuple[list[GraphNode], list[GraphLine]]:
    """Nodes on a circle (corpus outlets first, then external sources), edges as straight lines."""
    import math

    names = list(dict.fromkeys(outlets + [e.source for e in edges] + [e.target for e in edges]))
    centre_x, centre_y = GRAPH_WIDTH / 2, GRAPH_HEIGHT / 2
    nodes = {}
    for index, name in enumerate(names):
        angle = 2 * math.pi * index / max(len(names), 1) - math.pi / 2
        x = centre_x + GRAPH_RADIUS * 1.3 * math.cos(angle)
        y = centre_y + GRAPH_RADIUS * math.sin(angle)
        nodes[name] = GraphNode(name, round(x, 1), round(y, 1), name not in outlets)
    lines = []
    for edge in edges:
        start, end = nodes[edge.source], nodes[edge.target]
        shrink = 0.82  # stop short of the target's label so the arrowhead shows
        lines.append(
            GraphLine(
                start.x,
                start.y,
                round(start.x + (end.x - start.x) * shrink, 1),
                round(start.y + (end.y - start.y) * shrink, 1),
                edge.kind,
            )
        )
    return list(nodes.values()), lines
