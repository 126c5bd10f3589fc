"""Reading sector news: an article's main text, whether it matters, and what it says.

A news item matters to an authority only when one of its sentences reports an Ofsted
finding about that authority's children's services (see findings). Its summary quotes the
article's own sentences about the authority.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from config import Authority
from reader.neutral import neutral
from reader.summary import sentences
from vocabulary import PublicationType

logger = logging.getLogger(__name__)

# Relevance is decided sentence by sentence, for each authority: a story matters to an
# authority when one of its sentences names the authority (or, straight after a sentence
# that did, calls it "the council") and carries an Ofsted finding about its children's
# services: the inspectorate or a kind of visit, and a judgement or a finding; and that
# sentence is not about a school, a nursery, a children's home, adult care, probation or
# another nation's inspectorate.
_INSPECTORATE = re.compile(r"\b(?:Ofsted|inspectors?|inspections?|inspected|HMI)\b", re.I)
_GRADE = r"(?:good|outstanding|inadequate|requires? improvement(?: to be good)?)"
_JUDGEMENT = re.compile(
    rf"\b(?:rated|judged|graded)\b[^.;]{{0,40}}?\b{_GRADE}\b|"
    rf"\b(?:grade|branding it|found to be|remain(?:s|ed)?|retain(?:s|ed)?|as)\s+"
    rf"(?:as\s+|to be\s+)?[‘'\"“]?{_GRADE}\b|[‘'\"“]{_GRADE}[’'\"”]|\binadequate\b|\brequires? improvement\b|"
    r"\btop grade\b",
    re.I,
)
_FINDING = re.compile(
    r"\b(?:found|finds|find that|concluded|praised|criticised|criticized|highlighted|identified|"
    r"improv(?:ed|ements?|ing)|progress|failings|weakness(?:es)?|strengths?|concerns?|"
    r"(?:report|letter|inspectors?) (?:said|says|stated|noted|notes))\b",
    re.I,
)
_ELSEWHERE = re.compile(
    r"\b(?:primary|secondary|schools?|academ(?:y|ies)|nurser(?:y|ies)|pre-?school|childminders?|"
    r"children[’']s homes?|care homes?|colleges?|adult (?:social )?care|CQC|Care Quality Commission|"
    r"probation|youth (?:offending|justice)|Care Inspectorate|Estyn|Wales|Welsh|Scotland|Scottish)\b",
    re.I,
)
# A name said in passing: "aided by improvement partner Camden council".
_IN_PASSING = re.compile(
    r"\b(?:partners?|partnership with|aided by|supported by|helped by|with the help of|alongside|"
    r"such as|compared (?:with|to)|neighbouring|like)\s+(?:the\s+)?(?:London Borough of\s+)?$",
    re.I,
)
# An old judgement told as background, in a clause of its own: ", rated inadequate by
# Ofsted in 2017, has won ...".
_BACKGROUND = re.compile(
    r",\s*(?:which|who)?\s*(?:was|were|had been|has been)?\s*(?:rated|judged|graded)\b[^,.;]*?"
    r"\b(?:in|since)\s+(?:19|20)\d\d\s*,",
    re.I,
)
# "the council" in the sentence after one that named the authority.
_ANAPHORA = re.compile(
    r"\b(?:the (?:council|local authority|authority|borough|county|city council)"
    r"|its children[’']s services)\b",
    re.I,
)
# Words that are names too: "Continue reading", "Keep reading".
_WORD_NOT_NAME = re.compile(r"(?:Continue|Keep|Start|Further)\s+$", re.I)
# A mention of another visit in passing: "during a focused visit last year".
_PASSING_VISIT = re.compile(
    r"\bas with (?:a|an|the|its) (?:[a-z]+\s+){0,3}?visits?\b"
    r"|\b(?:previous|last|earlier|prior) (?:[a-z]+\s+){0,2}?visits?\b"
    r"|\b[a-z]+ visits? (?:last year|in 20\d\d|previously)\b",
    re.I,
)
# Words that say which kind of publication an article reports on.
TYPE_WORDS = {
    PublicationType.MONITORING_VISIT: re.compile(
        r"\bmonitoring visit|\b(?:second|third|fourth|review) visit", re.I
    ),
    PublicationType.FOCUSED_VISIT: re.compile(r"\bfocus+ed visit", re.I),
    PublicationType.JTAI: re.compile(r"\bjoint targeted area inspection|\bJTAI\b", re.I),
    PublicationType.AREA_SEND: re.compile(
        r"\b(?:area )?SEND inspection|local area partnership|joint local area (?:SEND )?inspection", re.I
    ),
    PublicationType.ILACS: re.compile(
        rf"\binspection of local authority children|\bILACS\b|"
        rf"\b(?:rated|judged)\s+(?:as\s+)?[‘'\"“]?{_GRADE}",
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


def _named(name: str) -> re.Pattern:
    """The name as a name: its capitals as written (so "Reading" is not "reading")."""
    return re.compile(rf"\b{re.escape(name)}\b")


def authority_mentioned(text: str, authorities: Sequence[Authority]) -> Authority | None:
    """The watched authority the text names most often, if any (any case: a listing's
    teaser is cheap to read in full later)."""
    counts = [(sum(len(_name(n).findall(text)) for n in a.names), i, a) for i, a in enumerate(authorities)]
    best = max(counts, key=lambda c: (c[0], -c[1]), default=(0, 0, None))
    return best[2] if best[0] else None


def _names(sentence: str, authority: Authority) -> bool:
    """Whether the sentence names the authority, as a name and not in passing."""
    for name in authority.names:
        for hit in _named(name).finditer(sentence):
            before = sentence[: hit.start()]
            if not _IN_PASSING.search(before) and not _WORD_NOT_NAME.search(before):
                return True
    return False


def _inspection(sentence: str) -> bool:
    """Whether the sentence speaks of Ofsted or of a kind of visit or inspection."""
    return bool(_INSPECTORATE.search(sentence)) or any(p.search(sentence) for p in TYPE_WORDS.values())


def _carries_finding(sentence: str, *, inspection_said: bool) -> bool:
    """An Ofsted finding on children's services (the inspection may have been named in
    the sentence before), and nothing else's inspection."""
    sentence = _BACKGROUND.sub(",", sentence)
    found = _JUDGEMENT.search(sentence) or _FINDING.search(sentence)
    return bool((inspection_said or _inspection(sentence)) and found) and not _ELSEWHERE.search(sentence)


def findings(text: str, authority: Authority) -> list[str]:
    """The sentences of the text that carry an Ofsted finding about the authority: those
    that name it, and one that calls it "the council" straight after a sentence that did."""
    found, named_before, inspection_before = [], False, False
    for paragraph in text.split("\n"):
        for sentence in sentences(paragraph) or [paragraph]:
            names = _names(sentence, authority)
            referred = named_before and bool(_ANAPHORA.search(sentence))
            if (names and _carries_finding(sentence, inspection_said=False)) or (
                referred and _carries_finding(sentence, inspection_said=inspection_before)
            ):
                found.append(sentence)
            named_before = names or referred
            inspection_before = named_before and _inspection(sentence)
    return found


def reported_on(text: str, authorities: Sequence[Authority]) -> list[Authority]:
    """Every watched authority whose Ofsted findings the text reports (a round-up reports
    on several), most reported first; each one's deciding sentence is in the debug log."""
    counted = []
    for at, authority in enumerate(authorities):
        if said := findings(text, authority):
            counted.append((-len(said), at, authority))
            logger.debug("news about %s, as said in: %.200s", authority.name, said[0])
    return [authority for *_, authority in sorted(counted, key=lambda c: c[:2])]


def types_named(text: str, authority: Authority) -> set[PublicationType]:
    """The kinds of publication the text reports on about the authority: from the
    sentences that carry the finding, a visit named in passing left out. A named visit
    outranks a judgement's words, which every monitoring letter's story repeats."""
    said = findings(text, authority)
    named = {
        kind
        for kind, pattern in TYPE_WORDS.items()
        for s in said
        if pattern.search(_PASSING_VISIT.sub(" ", s))
    }
    visits = named & {PublicationType.MONITORING_VISIT, PublicationType.FOCUSED_VISIT}
    if not named and any(_JUDGEMENT.search(sentence) for sentence in said):
        return {PublicationType.ILACS}  # a grade, and no visit named: only full inspections grade
    return visits or named


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
