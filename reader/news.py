"""Reading sector news: an article's main text, whether it matters, and what it says.

A news item matters only when it names a watched authority together with Ofsted or
inspection terms. Its summary quotes the article's own sentences about the authority.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from config import Authority
from reader.neutral import neutral
from reader.summary import sentences
from vocabulary import PublicationType

OFSTED_TERMS = re.compile(
    r"\b(Ofsted|inspect(?:ion|ions|ed|ors?)|monitoring visit|focused visit|JTAI|"
    r"judged (?:inadequate|good|outstanding)|requires improvement|SEND inspection)\b",
    re.I,
)
# Words that say which kind of publication an article reports on.
TYPE_WORDS = {
    PublicationType.MONITORING_VISIT: re.compile(r"\bmonitoring visit", re.I),
    PublicationType.FOCUSED_VISIT: re.compile(r"\bfocused visit", re.I),
    PublicationType.JTAI: re.compile(r"\bjoint targeted area inspection|\bJTAI\b", re.I),
    PublicationType.AREA_SEND: re.compile(r"\b(?:area )?SEND inspection|local area partnership", re.I),
    PublicationType.ILACS: re.compile(
        r"\binspection of local authority children|\bILACS\b|"
        r"\b(?:rated|judged) (?:as )?(?:good|outstanding|inadequate|requires improvement)",
        re.I,
    ),
}
SUMMARY_SENTENCES = 3


def article_text(html: str | None, url: str) -> str:
    """The article's main text, without navigation, sidebars and footers."""
    if not html:
        return ""
    text = _trafilatura().extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    return neutral(text or "")


def _trafilatura():
    """trafilatura, imported when the first article is read: a cycle with no news to read
    never pays for its import."""
    import trafilatura

    return trafilatura


def _name(name: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(name)}\b", re.I)


def authority_mentioned(text: str, authorities: Sequence[Authority]) -> Authority | None:
    """The watched authority the text names most often, if any."""
    counts = [(sum(len(_name(n).findall(text)) for n in a.names), i, a) for i, a in enumerate(authorities)]
    best = max(counts, key=lambda c: (c[0], -c[1]), default=(0, 0, None))
    return best[2] if best[0] else None


def relevant(text: str, authorities: Sequence[Authority]) -> Authority | None:
    """The authority this text reports Ofsted findings about, or None."""
    authority = authority_mentioned(text, authorities)
    return authority if authority and OFSTED_TERMS.search(text) else None


def summarise(text: str, authority: Authority) -> str:
    """Two or three of the article's sentences that name the authority."""
    pool = [
        s
        for paragraph in text.split("\n")
        for s in sentences(paragraph)
        if len(s) > 30 and s[-1] in ".!?\"'”’"
    ]  # sentences, not headings
    about = [s for s in pool if any(_name(n).search(s) for n in authority.names)]
    chosen = about[:SUMMARY_SENTENCES] or pool[:2]
    return " ".join(chosen)


def types_named(text: str) -> set[PublicationType]:
    """The kinds of publication the text names; a named visit outranks a passing mention
    of a judgement, which every monitoring letter's story repeats."""
    named = {kind for kind, pattern in TYPE_WORDS.items() if pattern.search(text)}
    visits = named & {PublicationType.MONITORING_VISIT, PublicationType.FOCUSED_VISIT}
    return visits or named
