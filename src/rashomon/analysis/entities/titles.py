"""Titles ('the Belarusian president', 'رئیس‌جمهور بلاروس') resolved to the person the story's own
appositions give that title, only when exactly one person fits."""

from __future__ import annotations

import re
from collections import defaultdict

from rashomon.analysis.entities.index import Candidate
from rashomon.analysis.entities.persian import PERSIAN_STOP_WORDS, PERSIAN_WORD
from rashomon.datamodel import Article
from rashomon.text.countries import persian_names
from rashomon.text.names import common_prefix_length, content_tokens
from rashomon.text.parsing import parse_english
from rashomon.text.transliterate import latin_skeleton, persian_skeleton

ENGLISH_ROLES = {
    "supreme leader": "leader", "leader": "leader", "president": "president", "prime minister": "prime minister",
    "foreign minister": "foreign minister", "minister": "minister", "king": "king", "queen": "queen",
    "chancellor": "chancellor", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson", "ambassador": "ambassador", "secretary-general": "secretary-general",
    "secretary general": "secretary-general", "premier": "prime minister", "governor": "governor", "mayor": "mayor",
}  # fmt: skip
ROLE_ALTERNATION = "|".join(sorted((re.escape(r) for r in ENGLISH_ROLES), key=len, reverse=True))
ENGLISH_ROLE = re.compile(
    rf"(?P<det>\b[Tt]he\s+)?(?:(?P<adj>[A-Z][a-z]+)\s+)?(?P<role>(?i:{ROLE_ALTERNATION}))\b"
    r"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}))?"
)
ZWNJ_OR_SPACE = "[\u200c ]?"
PERSIAN_ROLES = {
    f"رئیس{ZWNJ_OR_SPACE}جمهور": "president", f"رییس{ZWNJ_OR_SPACE}جمهور": "president", "رهبر": "leader",
    f"نخست{ZWNJ_OR_SPACE}وزیر": "prime minister", "وزیر امور خارجه": "foreign minister",
    "وزیر خارجه": "foreign minister", "وزیر": "minister", "سفیر": "ambassador", "سخنگوی": "spokesperson",
    "پادشاه": "king", "دبیرکل": "secretary-general", "صدراعظم": "chancellor",
}  # fmt: skip
PERSIAN_ROLE = re.compile(
    "(?<![\u0600-\u06ff])(?P<role>" + "|".join(sorted(PERSIAN_ROLES, key=len, reverse=True)) + ")(?![\u0600-\u06ff])"
    r"(?P<rest>(?:\s+(?:[^\W\d_a-zA-Z]|\u200c)+){0,3})"
)


def role_candidates(article: Article, keys: dict[str, str], names: list[Candidate]) -> list[Candidate]:
    if article.language == "fa":
        return persian_roles(article, keys)
    if article.language != "en":
        return []
    name_starts = sorted(c.start for c in names if c.article_id == article.id and c.label == "PERSON")
    found = []
    for match in map(lambda m: trimmed_at_names(m, name_starts, article.text), ENGLISH_ROLE.finditer(article.text)):
        if match is None:
            continue
        role = ENGLISH_ROLES[match.group("role").casefold()]
        adjective = match.group("adj") or ""
        if f"{adjective} {match.group('role')}".casefold() in ENGLISH_ROLES:  # 'Foreign Minister', 'Prime Minister'
            role, adjective = ENGLISH_ROLES[f"{adjective} {match.group('role')}".casefold()], ""
        modifier_text = match.group("of") or adjective
        if not (match.group("det") or match.group("of") or match.group("adj")) and not match.group("role")[0].isupper():
            continue
        modifier = modifier_key(modifier_text, keys) if modifier_text else ""
        if adjective and not modifier and not match.group("det"):
            continue  # 'Iranian top diplomat' is not a title we can resolve; 'Some leader' neither
        start = match.end("det") if match.group("det") else match.start()
        found.append(
            Candidate(article.id, start, match.end(), article.text[start : match.end()], "ROLE", role=(role, modifier))
        )
    return found


def trimmed_at_names(match: re.Match[str], name_starts: list[int], text: str) -> re.Match[str] | None:
    """A title's 'of ...' part stops where a name begins: 'President of Belarus | Alexander Lukashenko'."""
    inside = [start for start in name_starts if match.end("role") < start < match.end()]
    if not inside:
        return match
    return ENGLISH_ROLE.match(text[: inside[0]].rstrip(), match.start())


def persian_roles(article: Article, keys: dict[str, str]) -> list[Candidate]:
    found = []
    for match in PERSIAN_ROLE.finditer(article.text):
        role = next(name for pattern, name in PERSIAN_ROLES.items() if re.fullmatch(pattern, match.group("role")))
        end, modifier = match.end("role"), ""
        for count, word in enumerate(PERSIAN_WORD.finditer(match.group("rest"))):
            key = persian_word_key(word.group(0), keys)
            if word.group(0) in PERSIAN_STOP_WORDS or (count >= 2 and not key):
                break
            end = match.start("rest") + word.end()
            if key:
                modifier = key
                break
        if re.search(r"[،,:؛.]", article.text[match.end("role") : end]):
            end = match.end("role")
        found.append(
            Candidate(
                article.id, match.start(), end, article.text[match.start() : end], "ROLE", role=(role, modifier or "?")
            )
        )
    return found


def persian_word_key(word: str, keys: dict[str, str]) -> str:
    code = persian_names().get(word.replace("\u200c", ""))
    if code and f"country:{code}" in keys.values():
        return f"country:{code}"
    skeleton = persian_skeleton(word)
    matches = {key for alias, key in keys.items() if len(skeleton) >= 3 and latin_skeleton(alias) == skeleton}
    return matches.pop() if len(matches) == 1 else ""


def modifier_key(text: str, keys: dict[str, str]) -> str:
    """Entity key a title's modifier points to ('Belarusian', 'Belarus'), else its words."""
    if text in keys:
        return keys[text]
    for alias, key in keys.items():
        if not key.startswith("country:") or " " in alias:
            continue
        shared = common_prefix_length(alias.casefold(), text.casefold())
        if shared >= max(4, len(alias) - 2):
            return key
    return "words:" + " ".join(sorted(content_tokens(text)))


def resolve_roles(roles: list[Candidate], names: list[Candidate], articles: dict[str, Article]) -> list[Candidate]:
    """Titles become mentions of the person the story's appositions give that title."""
    people = [c for c in names if c.key.startswith("person:")]
    anchored, titles = title_anchors(roles, people, articles)
    resolved = []
    for role in roles:
        assert role.role is not None
        key = anchored.get((role.article_id, role.start)) or holder_of(role.role, titles)
        if key:
            subject = is_subject(articles[role.article_id], role.start, role.end)
            resolved.append(
                Candidate(role.article_id, role.start, role.end, role.text, "ROLE", key, role.role, subject)
            )
    return resolved


def title_anchors(
    roles: list[Candidate], people: list[Candidate], articles: dict[str, Article]
) -> tuple[dict[tuple[str, int], str], list[tuple[tuple[str, str], str]]]:
    """Titles standing next to a name: 'Belarusian President Alexander Lukashenko', 'Lukashenko, the president'."""
    by_article: dict[str, list[Candidate]] = defaultdict(list)
    for person in people:
        by_article[person.article_id].append(person)
    anchored: dict[tuple[str, int], str] = {}
    titles: list[tuple[tuple[str, str], str]] = []
    for role in roles:
        text = articles[role.article_id].text
        for person in by_article[role.article_id]:
            before_name = role.start <= person.start <= role.end + 2 and person.end > role.end
            before_name = before_name and not text[role.end : person.start].strip()
            apposition = 0 <= role.start - person.end <= 6 and re.fullmatch(r",\s*", text[person.end : role.start])
            if before_name or apposition:
                assert role.role is not None
                anchored[(role.article_id, role.start)] = person.key
                titles.append((role.role, person.key))
                break
    return anchored, titles


def is_subject(article: Article, start: int, end: int) -> bool:
    if article.language != "en":
        return False
    span = parse_english(article.text).char_span(start, end, alignment_mode="expand")
    return span is not None and any(token.dep_ in {"nsubj", "nsubjpass"} for token in span)


def holder_of(title: tuple[str, str], titles: list[tuple[tuple[str, str], str]]) -> str:
    """The one person holding this title in the story, or '' when none or several could."""
    role, modifier = title
    same_role = [(mod, person) for (r, mod), person in titles if r == role]
    exact = {person for mod, person in same_role if modifier and mod == modifier}
    if len(exact) == 1:
        return exact.pop()
    if modifier.startswith("words:"):
        words = set(modifier[6:].split())
        overlapping = {person for mod, person in same_role if mod.startswith("words:") and words & set(mod[6:].split())}
        if len(overlapping) == 1:
            return overlapping.pop()
    compatible = {person for mod, person in same_role if not modifier or modifier == "?" or not mod or mod == modifier}
    if modifier.startswith("country:"):
        compatible = {person for mod, person in same_role if mod in {"", modifier}}
    return compatible.pop() if len(compatible) == 1 else ""
