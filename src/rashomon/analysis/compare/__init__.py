"""Where outlets part ways: conflicting figures, differing wording (framing), and distinctive terms.

- Conflicts: within a fact group, two outlets give different numbers for the same kind of thing
  ("40 monitoring buoys" / "45 buoys"); across languages the unit words must embed close together.
- Framing, per fact group: the noun phrases outlets use for the same thing differ — the same head
  with other modifiers ("bullying sanctions" / "unilateral sanctions") or a phrase whose nearest
  counterpart in the other outlet's sentence (multilingual embeddings, mutual best) shares no word
  ("some Western countries" / "some European bullies").
- Framing, per outlet: words an outlet uses distinctively against the story's other same-language
  outlets, by weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).
No word lists: every rule reads the parse, the numbers or the embeddings.

Modules: `conflicts` (figures), `framing` (wording), `terms` (distinctive words), `numbers` (reading
quantities in any script), `timeline` (days resolved against publication dates).
"""

from __future__ import annotations

from rashomon.analysis.compare.conflicts import Embed, numeric_conflicts
from rashomon.analysis.compare.framing import framing_differences
from rashomon.datamodel import Article, Divergence, Story

__all__ = ["compare_story"]


def compare_story(story: Story, articles: dict[str, Article], embed: Embed) -> list[Divergence]:
    """Conflicts and framing differences of one story (timing is added by the timeline stage)."""
    framing = framing_differences(story, articles, embed)
    framing.sort(key=lambda d: (-len({r.article_id for r in d.readings}), d.topic))
    return numeric_conflicts(story, articles, embed) + framing
