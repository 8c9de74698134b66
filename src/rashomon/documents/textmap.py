"""Text that remembers where each of its characters came from in the raw input.

Every cleaning and normalisation step edits a TrackedText, so any offset in the
final text can be traced back to the raw document.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

import regex

from rashomon.datamodel import OffsetMap


@dataclass
class TrackedText:
    """A string plus, for each character, its offset in the raw text."""

    text: str
    origins: list[int]

    @classmethod
    def from_raw(cls, raw: str, start: int = 0, end: int | None = None) -> TrackedText:
        end = len(raw) if end is None else end
        return cls(raw[start:end], list(range(start, end)))

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> TrackedText:
        return TrackedText(self.text[start:end], self.origins[start:end])

    def origin_at(self, index: int) -> int:
        """Raw offset for an inserted character at `index`: its left neighbour's, else its right one's."""
        if index > 0 and self.origins:
            return self.origins[min(index, len(self.origins)) - 1]
        return self.origins[0] if self.origins else 0

    def sub(self, pattern: str | re.Pattern[str], replacement: str | Callable[[re.Match[str]], str]) -> TrackedText:
        """re.sub that keeps origins: equal-length replacements map 1:1, others map to the match's start."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        pieces: list[str] = []
        origins: list[int] = []
        last = 0
        for match in regex.finditer(self.text):
            pieces.append(self.text[last : match.start()])
            origins.extend(self.origins[last : match.start()])
            new = replacement(match) if callable(replacement) else match.expand(replacement)
            pieces.append(new)
            origins.extend(self.map_replacement(match.start(), match.end(), new))
            last = match.end()
        pieces.append(self.text[last:])
        origins.extend(self.origins[last:])
        return TrackedText("".join(pieces), origins)

    def map_replacement(self, start: int, end: int, new: str) -> list[int]:
        """Origins for `new` replacing text[start:end], aligned character by character where possible."""
        old = self.text[start:end]
        if len(old) == len(new):
            return self.origins[start:end]
        if not new:
            return []
        return aligned_origins(old, self.origins[start:end], new, fallback=self.origin_at(start))

    def transform(self, function: Callable[[str], str]) -> TrackedText:
        """Apply an opaque string function (ftfy, hazm) and recover origins by aligning before and after."""
        new = function(self.text)
        if new == self.text:
            return self
        return TrackedText(new, aligned_origins(self.text, self.origins, new, fallback=self.origin_at(0)))

    def strip(self) -> TrackedText:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self.slice(left, max(left, right))

    @staticmethod
    def join(separator: str, parts: list[TrackedText]) -> TrackedText:
        """Join parts; separator characters take the origin of the end of the part before them."""
        text: list[str] = []
        origins: list[int] = []
        for number, part in enumerate(parts):
            if number:
                text.append(separator)
                origins.extend([origins[-1] if origins else 0] * len(separator))
            text.append(part.text)
            origins.extend(part.origins)
        return TrackedText("".join(text), origins)

    def offset_map(self, raw_length: int) -> OffsetMap:
        return OffsetMap(list(self.origins), raw_length)


LONG_TEXT = 2000  # characters: above this, difflib's quadratic worst case (repetitive text) is avoided
SPACES = regex.compile(r"(\s+)")
GRAPHEME = regex.compile(r"\X")


def aligned_origins(old: str, old_origins: list[int], new: str, fallback: int) -> list[int]:
    """Origins for `new` given `old` and its origins, via a character alignment of the two strings.

    difflib's alignment is quadratic on repetitive text (4,500 characters of stacked combining marks
    took 45 s), so a long text is aligned piece by piece where its pieces line up one to one: grapheme
    clusters (Unicode normalisation composes and reorders inside a cluster), else words and spaces.
    """
    if len(old) <= LONG_TEXT:
        return character_alignment(old, old_origins, new, fallback)
    for pieces_of in (GRAPHEME.findall, SPACES.split):
        old_pieces, new_pieces = pieces_of(old), pieces_of(new)
        if len(old_pieces) == len(new_pieces):
            return piecewise_alignment(old_pieces, old_origins, new_pieces, fallback)
    return character_alignment(old, old_origins, new, fallback)


def piecewise_alignment(
    old_pieces: list[str], old_origins: list[int], new_pieces: list[str], fallback: int
) -> list[int]:
    """Origins piece by piece; a changed piece is aligned by difflib, or spread evenly when it is long."""
    origins: list[int] = []
    offset = 0
    for old_piece, new_piece in zip(old_pieces, new_pieces, strict=True):
        piece_origins = old_origins[offset : offset + len(old_piece)]
        anchor = piece_origins[0] if piece_origins else (origins[-1] if origins else fallback)
        if old_piece == new_piece:
            origins += piece_origins
        elif len(old_piece) <= LONG_TEXT and piece_origins:
            origins += character_alignment(old_piece, piece_origins, new_piece, anchor)
        else:
            width = len(piece_origins)
            spread = len(new_piece)
            origins += [piece_origins[(k * width) // spread] if width else anchor for k in range(spread)]
        offset += len(old_piece)
    return origins


def character_alignment(old: str, old_origins: list[int], new: str, fallback: int) -> list[int]:
    """difflib's alignment of two strings, origins carried over equal runs and spread over replaced ones."""
    origins: list[int] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            origins.extend(old_origins[i1:i2])
        elif tag == "replace":
            width = i2 - i1
            origins.extend(old_origins[i1 + (k * width) // (j2 - j1)] for k in range(j2 - j1))
        elif tag == "insert":
            anchor = old_origins[i1 - 1] if i1 > 0 else (old_origins[0] if old_origins else fallback)
            origins.extend([anchor] * (j2 - j1))
    return origins
