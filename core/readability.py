"""A plain-language hint for what the family will read (R13). A hint, never a block.

Flesch-Douma is Flesch's reading ease with Dutch weights (206.835 − 0.93 × words per sentence
− 77 × syllables per word); textstat computes it when its language is "nl". Roughly: 60 and up
is easy (B1), 30–60 is for school leavers, below 30 is for specialists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.utils.translation import gettext as _
from textstat.textstat import textstatistics

EASY_SCORE = 60
MAX_SENTENCE_WORDS = 20
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def word_count(sentence: str) -> int:
    return len(re.findall(r"\w+(?:[-']\w+)*", sentence))


def flesch_douma(text: str) -> float:
    # A fresh instance per call: textstat's module-level one keeps its language globally.
    stats = textstatistics()
    stats.set_lang("nl")
    return round(stats.flesch_reading_ease(text), 1)


@dataclass(frozen=True)
class Hint:
    score: float
    long_sentences: list[str] = field(default_factory=list)

    @property
    def is_easy(self) -> bool:
        return self.score >= EASY_SCORE and not self.long_sentences

    @property
    def level(self) -> str:
        if self.score >= EASY_SCORE:
            return "easy"
        return "medium" if self.score >= 30 else "hard"


def hint_for(text: str) -> Hint | None:
    """None for an empty text; otherwise the score and the sentences over 20 words."""
    if not text.strip():
        return None
    long = [s for s in sentences(text) if word_count(s) > MAX_SENTENCE_WORDS]
    return Hint(score=flesch_douma(text), long_sentences=long)


def message(request, text: str) -> None:
    """R13: a plain-language hint after saving family-visible text (without JavaScript too)."""
    hint = hint_for(text)
    if hint is None or hint.is_easy:
        return
    messages.info(
        request,
        _(
            "Tip: het gezin leest deze tekst. Leesbaarheid %(score)s (Flesch-Douma; "
            "%(easy)s of hoger is goed). Lange zinnen: %(long)s."
        )
        % {
            "score": hint.score,
            "easy": EASY_SCORE,
            "long": len(hint.long_sentences),
        },
    )
