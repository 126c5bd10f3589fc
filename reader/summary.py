"""An extractive summary: the document's own headline, strengths and concerns, word for word.

Nothing is paraphrased or generated, so nothing can be invented: every sentence returned
is a sentence of the document.
"""

from __future__ import annotations

import re

from reader.text import BULLET

MAX_POINTS = 4
HEADLINE_SENTENCES = 2
# Headings that open the document's own summary of what it found, most telling first.
HEADLINE_SECTIONS = ("headline findings", "overview", "inspection outcome", "overall",
                     "executive summary", "summary of findings")
CONCERN_SECTIONS = ("what needs to improve", "what needs to improve in this area of social work practice",
                    "areas for priority action", "areas for improvement", "recommendations")
FINDING_SECTIONS = ("main findings", "findings and evaluation of progress", "findings",
                    "what is it like to be a child or young person with send in this area")
KNOWN_HEADINGS = set(HEADLINE_SECTIONS + CONCERN_SECTIONS + FINDING_SECTIONS) | {
    "areas covered by the visit", "information about the local area partnership",
    "information about this inspection", "the inspection team", "inspection team",
    "case study: highly effective practice", "case study: area for improvement",
    "local area partnership details",
}
# A sentence ends at . ! or ? (perhaps with a footnote number) before a capital or a
# numbered paragraph.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\d{1,2})?\s+(?=[A-Z‘“(]|\d{1,3}\.\s)")
_NUMBERED = re.compile(r"^\d{1,3}\.\s+")
_BOILERPLATE = re.compile(
    r"This letter summarises|Chief Inspector|methodology|will be published|copying this letter|"
    r"Yours sincerely|was carried out|inspectors (?:were|was)|Inspectors for this visit|"
    r"framework|the findings from this|into account when planning",
    re.I,
)
_STRENGTH = re.compile(
    r"\b(strong|strength|effective(?:ly)?|good|improv(?:ed|ing)|well|positive(?:ly)?|"
    r"appropriate(?:ly)?|timely|robust|skilled|committed|clear|thorough|progress|"
    r"benefit|impressive|swift(?:ly)?|promptly|safe)\b", re.I)
_CONCERN = re.compile(
    r"\b(not|too|delay|delays|drift|weak|weakness(?:es)?|poor|inconsistent|variable|"
    r"insufficient(?:ly)?|lack|however|although|but|remains?|concern|inadequate|fail(?:s|ed|ing)?|"
    r"unacceptable|variability|limited|stretched)\b", re.I)


def _heading(line: str) -> str | None:
    key = line.strip().rstrip("?:").lower()
    if key in KNOWN_HEADINGS:
        return key
    if key.startswith("overall effectiveness"):
        return "overall"
    return None


def sections(text: str) -> list[tuple[str, list[str]]]:
    """The document as (heading, items) in order; an item is a paragraph run or a bullet."""
    found: list[tuple[str, list[str]]] = [("", [])]
    for line in text.split("\n"):
        heading = _heading(line)
        if heading:
            found.append((heading, []))
            continue
        items = found[-1][1]
        if line.startswith(f"{BULLET} "):
            items.append(line)
        elif items and not items[-1].startswith(BULLET) and line:
            items[-1] += f" {line}"
        elif items and items[-1].startswith(BULLET) and line and line[0].islower():
            items[-1] += f" {line}"  # a bullet's wrapped second line
        elif line:
            items.append(line)
    return found


def sentences(item: str) -> list[str]:
    item = item.removeprefix(f"{BULLET} ")
    parts = _SENTENCE_END.split(" ".join(item.split()))
    return [_NUMBERED.sub("", p).strip() for p in parts if len(p.strip()) > 1]


def _section_sentences(found, names) -> list[str]:
    out = []
    for heading, items in found:
        if heading in names:
            out += [s for item in items for s in sentences(item)]
    return out


def _useful(sentence: str) -> bool:
    return (40 <= len(sentence) <= 400 and sentence[-1] in ".!?"
            and not _BOILERPLATE.search(sentence))


def _headline(found) -> list[str]:
    for name in HEADLINE_SECTIONS:
        chosen = [s for s in _section_sentences(found, (name,)) if _useful(s)]
        if chosen:
            return chosen[:HEADLINE_SENTENCES]
    body = [s for heading, items in found[:1] for item in items for s in sentences(item)]
    return [s for s in body if _useful(s) and s.endswith(".")][:HEADLINE_SENTENCES]


def _ranked(candidates: list[str], score) -> list[str]:
    scored = [(score(s), i, s) for i, s in enumerate(candidates)]
    best = sorted((t for t in scored if t[0] > 0), key=lambda t: (-t[0], t[1]))[:MAX_POINTS]
    return [s for _, _, s in sorted(best, key=lambda t: t[1])]


def summarise(text: str) -> dict:
    """headline, up to four strengths and four concerns, each quoted from the document."""
    found = sections(text)
    headline = _headline(found)
    findings = [s for s in _section_sentences(found, HEADLINE_SECTIONS + FINDING_SECTIONS)
                if _useful(s)] or [s for _, items in found for i in items for s in sentences(i)
                                   if _useful(s)]
    # "What needs to improve" lists are short phrases, so they are not held to _useful's length.
    concerns = [s for s in _section_sentences(found, CONCERN_SECTIONS)
                if 25 <= len(s) <= 400 and s[-1] in ".!?" and not _BOILERPLATE.search(s)]
    concerns = concerns[:MAX_POINTS]
    if len(concerns) < MAX_POINTS:
        extra = _ranked([s for s in findings if s not in concerns],
                        lambda s: len(_CONCERN.findall(s)) - len(_STRENGTH.findall(s)) // 2)
        concerns += extra[: MAX_POINTS - len(concerns)]
    strengths = _ranked([s for s in findings if s not in concerns],
                        lambda s: 0 if _CONCERN.search(s) else len(_STRENGTH.findall(s)))
    summary = {"headline": " ".join(headline), "strengths": strengths, "concerns": concerns}
    if len(strengths) + len(concerns) < 2:
        overview = _section_sentences(found, HEADLINE_SECTIONS) or headline
        summary["overview"] = " ".join(overview[:5])
    return summary
