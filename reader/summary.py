"""An extractive summary: the document's own headline, strengths and concerns, word for word.

Nothing is paraphrased or generated, so nothing can be invented: every sentence returned is
a sentence of the document (or two adjacent ones, where the second answers the first).

The document is read as sections. Any heading ends the section before it, so a list of
what needs to improve never runs on into the next judgement and its praise. A heading is a
short line that ends no sentence, standing after a sentence's end, perhaps wrapped onto a
second line that starts in lower case.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from reader.improvement import Body, same_point
from reader.judgements import GRADE
from reader.text import BULLET

MAX_POINTS = 3
SHORTEST = 20  # the shortest sentence worth quoting: "The overall judgement is good."
HEADLINE_SENTENCES = 2
# How many of its first sentences a document without a summary is headed from.
_OPENING = 6
# Headings that open the document's own summary of what it found, most telling first.
HEADLINE_SECTIONS = (
    "headline findings",
    "overview",
    "inspection outcome",
    "overall",
    "executive summary",
    "summary of key findings",
    "summary of findings",
)
# The strongest thing a letter can say: what must be put right at once.
PRIORITY_ACTION = "areas for priority action"
# A letter's own summary, as against a report's.
LETTER_SUMMARIES = ("headline findings", "overview")
CONCERN_SECTIONS = (
    "what needs to improve",
    "what needs to improve in this area of social work practice",
    "what does the local authority need to improve",
    PRIORITY_ACTION,
    "areas for improvement",
    "recommendations",
    "priority and immediate action",
)
STRENGTH_SECTIONS = (
    "the local authority’s strengths",
    "the local authority's strengths",
    "strengths",
    "the local authority has the following strengths",
)
FINDING_SECTIONS = (
    "main findings",
    "findings and evaluation of progress",
    "findings",
    "judgement",
    "what is it like to be a child or young person with send in this area",
)
# Sections whose findings are weighed for concerns but whose praise is too mixed with
# background to quote as a strength: a report's findings under each judgement (2018), an
# area report's account of the partnership.
_FURTHER_FINDINGS = ("inspection findings", "information about the local area partnership")
_SKIPPED = ("contents",)
KNOWN_HEADINGS = set(
    HEADLINE_SECTIONS + CONCERN_SECTIONS + STRENGTH_SECTIONS + FINDING_SECTIONS + _FURTHER_FINDINGS + _SKIPPED
) | {
    "areas covered by the visit",
    "information about the local area partnership",
    "information about this inspection",
    "the inspection team",
    "inspection team",
    "case study: highly effective practice",
    "case study: area for improvement",
    "local area partnership details",
    "judgement grade",
}
_JUDGEMENT_HEADING = re.compile(
    r"^(?:The experiences and progress|The impact of leaders|Children who need|Children looked after|"
    r"Adoption performance|Experiences and progress|Leadership, management|Help and protection)"
    # "...: requires improvement to be good." may end in a full stop; a sentence that says
    # "... are good." is no heading.
    rf"[^.]*?(?::\s+(?i:{GRADE})\.?|:?\s+(?i:{GRADE}))$"
)
_VERDICT = re.compile(
    r"(?:^|\s)(?:The overall judgement is|Children[’']s services in .{1,80}? (?:are|is|requires?)\b|"
    r"(?:This|The) local authority (?:is|requires?)\b.{0,40}\bbecause\b)"
)
# A sentence ends at . ! or ? (perhaps with a footnote number) before a capital or a
# numbered paragraph.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\d{1,2})?\s+(?=[A-Z‘“(]|\d{1,3}\.\s?[A-Z])")
_NUMBERED = re.compile(r"^\d{1,3}\.\s*(?=[A-Z‘“(])")
_CONTENTS_LINE = re.compile(r"\s\d{1,3}$")
_BARE_GRADE = re.compile(rf"^(?:Grade\s+\d\s+\()?(?i:{GRADE})\)?(?:\s+Grade\s+\d)?$")
# Sentences about the inspection itself, not its findings: phrases (in lower case, matched
# as plain text, which is many times faster than one large case-blind pattern) and patterns.
_BOILERPLATE_PHRASES = (
    "this letter summarises",
    "chief inspector",
    "methodology",
    "will be published",
    "copying this letter",
    "yours sincerely",
    "was carried out",
    "inspectors were",
    "inspector was",
    "inspectors for this visit",
    "framework",
    "the findings from this",
    "into account when planning",
    "ofsted produces this report",
    "the purpose of the inspection",
    "is to evaluate the contribution",
    "no priority actions",
    "no areas for priority action",
    "did not find any areas",
    "did not identify any areas",
    "take the following action",
    "agreed arrangements to deliver this visit",
    "it is ofsted’s expectation that",
    "it is ofsted's expectation that",
    "video calls",  # how inspectors worked in the pandemic, and what they "also looked at"
    "also looked at",
    "included an evaluation of",  # a joint inspection's scope, and its local name
    "this is known as",
    # the grade's definition: "A local authority that is inadequate is providing ...", "In a
    # local authority that requires improvement, there are no widespread ..."
    "a local authority that is",
    "a local authority that requires",
    # a joint inspection's standard framing of its theme, the same in every letter
    "the inspectorates recognise the complexities",
    "is more likely to highlight",
    "we anticipate that",
    "outlines our findings",
)
_BOILERPLATE_PATTERNS = re.compile(
    r"under section \d|"
    # the judgement table's rows, run together: "Requires improvement 2. Adoption ..."
    r"\b(?:[Oo]utstanding|[Gg]ood|[Rr]equires? [Ii]mprovement(?: to be good)?|[Ii]nadequate|[Aa]dequate)"
    r"\s+\d(?:\.\d)?\.?(?:\s|$)"
)


_DIGIT = re.compile(r"\d")


_BOILERPLATE_PHRASE = re.compile("|".join(map(re.escape, _BOILERPLATE_PHRASES)))


def _boilerplate(sentence: str) -> bool:
    return _BOILERPLATE_PHRASE.search(sentence.lower()) is not None or (
        _DIGIT.search(sentence) is not None and _BOILERPLATE_PATTERNS.search(sentence) is not None
    )


# A sentence that opens with one of these answers the sentence before it.
_CONNECTIVE = re.compile(
    r"^(?:(?:When|Where|If|Because|Unless|Until|As|In|For|With|At|On|From|By|Of|Among|Given|Despite|"
    r"During|After|Following|Throughout|Within|Before|Between|Over|Under|In response to|As a result of|"
    r"Because of|Due to) "
    r"(?:this|these|that|those|they|it|such)\b|"
    r"However|Despite (?:this|these|that)|This|These|That|Those|They|Such|It (?:has|had) (?!been\b)|"
    # "It" that names something said before ("It features ...", "Its actions ..."), not the
    # "it" of "It is too soon to ...", "It is not clear that ..."
    r"Its|It (?!(?:is|was|has|had|remains|will|would|can|could|may|might|seems|appears|must|should)\b)|"
    r"It (?:is|was) (?!(?:\w+ ){0,3}?(?:to|that|whether|for|when|if|how)\b)|"
    r"Since (?:then|that time)|Their|"
    r"Nevertheless|Nonetheless|"
    r"In addition|Additionally|Also|As a result|Consequently|Furthermore|Moreover|But|Although this|"
    r"While this|Therefore|In contrast|Conversely|Similarly|Likewise|Instead|Even so|Yet|"
    r"For example|For instance|In particular|Equally"
    # a short opening phrase, then a word that points back: "In some cases, this is ..."
    r"|[A-Z][\w ]{0,30}, (?:this|these|they|such)\b(?! (?:year|month|week|time)\b))\b"
)
# A contrast that points back to nothing ("However, for a few children, ...") can stand
# alone where the sentence it answers cannot be quoted with it.
_CONTRAST_ONLY = re.compile(
    r"^(?:However|Nevertheless|Nonetheless|Yet|Even so|Conversely|In contrast), "
    r"(?!(?:this|these|that|those|they|it|its|their|such|he|she|there)\b)"
)
# What a sentence names only by pointing back: "... identifying these children", "this issue".
_REFERS_BACK = re.compile(
    r"\b(?:[Tt]hese|[Tt]hose|[Ss]uch|[Tt]his) (?:children|young people|families|cases|care leavers|issues?|"
    r"weaknesses|shortfalls|deficits|concerns|group|cohort|changes|improvements)\b"
)


def _alternatives(pattern: str) -> list[str]:
    """A pattern's alternatives: split at each "|" outside brackets ("vacanc(?:y|ies)")."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(pattern):
        if char == "(" and pattern[at - 1 : at] != "\\":
            depth += 1
        elif char == ")" and pattern[at - 1 : at] != "\\":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:at])
            start = at + 1
    return [*parts, pattern[start:]]


def _cues(alternatives: str) -> re.Pattern[str]:
    """Words (each a pattern, "|" between them) matched whole in a sentence in lower case,
    as one pattern whose alternatives are grouped by their first letter: the matcher then
    tries a few at each word instead of all of them, twice as fast or more."""
    by_letter: dict[str, list[str]] = {}
    others = []  # "\d+ children": not grouped
    for alternative in _alternatives(alternatives):
        if alternative[0].isalpha():
            by_letter.setdefault(alternative[0], []).append(alternative[1:])
        else:
            others.append(alternative)
    grouped = [f"{letter}(?:{'|'.join(rests)})" for letter, rests in by_letter.items()]
    return re.compile(rf"\b({'|'.join(others + grouped)})\b")


def _refers_back(sentence: str) -> bool:
    # the pattern only where its words may be: many times faster
    return ("hese " in sentence or "hose " in sentence or "his " in sentence or "uch " in sentence) and bool(
        _REFERS_BACK.search(sentence)
    )


# Cue words, matched against the sentence in lower case (faster than a case-blind pattern).
_STRENGTH = _cues(
    r"strong|strength|effective(?:ly)?|good|improv(?:ed|ing)|well|positive(?:ly)?|"
    r"appropriate(?:ly)?|timely|robust|skilled|committed|clear|thorough|progress|"
    r"benefit|impressive|swift(?:ly)?|promptly|safe|success(?:ful|fully)?|excellent|exceptional|"
    r"accurate(?:ly)?"
)
_CONCERN = _cues(
    r"not|aren[’']t|isn[’']t|don[’']t|doesn[’']t|didn[’']t|wasn[’']t|weren[’']t|haven[’']t|hasn[’']t|"
    r"hadn[’']t|couldn[’']t|wouldn[’']t|shouldn[’']t|won[’']t|can[’']t|too|delay|delays|delayed|drift|"
    r"weak|weakness(?:es)?|poor|inconsistent|variable|"
    r"insufficient(?:ly)?|lack|however|although|but|deficits?|inadequate|fail(?:s|ed|ing)?|"
    r"unacceptable|variability|limited|stretched|requires? improvement|never|no longer|unclear|"
    r"deteriorat\w*|slow|declin\w*|vulnerable to|barriers?|serious|gaps?|shortfalls?|backlogs?|"
    r"turnover|instability|unstable|vacanc(?:y|ies)|under-?developed|yet to|ineffective|"
    r"uncoordinated|imped(?:e|es|ing)|inaccurate|overdue|unallocated|"
    r"workloads?\b[^.]{0,40}?\bhigh|caseloads?\b[^.]{0,40}?\bhigh|var(?:y|ies)|superficial|weaker|absent|"
    r"absence|lacks?|lacking|unmet|advers\w*|shortages?|high(?:er)? (?:case|work)loads?|urgent(?:ly)?|missed|"
    r"struggl\w*|difficult(?:y|ies)?|harder|challenges|pressures|lengthy|reliance|unsuitable|"
    r"inappropriate(?:ly)?|overly|over-optimistic|fragil\w*|uneven|patchy|infrequent|irregular|"
    r"sporadic|outdated|incomplete|failings|deficien\w*|generic|unable|cannot"
)
# Praise said through a negated worry ("without delay", "no drift", "do not have to
# wait", "are not required to retell their stories"), and the even-handed "strengths and
# weaknesses": neither cue counts.
_AVOIDED = (
    r"\s+(?:(?:any|unnecessary|undue|further)\s+)*(?:delays?|drift|gaps?|backlogs?)"
    r"(?:\s+(?:or|and)\s+(?:delays?|drift))?"
)
_STEADY = r"\s+(?:is|are|has|have|remains?)\s+(?:\w+\s+)?(?:low|stable|reduced|manageable)"
_STEADY_WORKFORCE = r"\s+(?:staff\s+)?(?:turnover|caseloads?|workloads?)"
_NEGATED_CONCERN = _cues(
    rf"without{_AVOIDED}|no{_AVOIDED}|avoid(?:s|ing)?{_AVOIDED}|prevent(?:s|ing)?{_AVOIDED}|"
    rf"minimis(?:e|es|ing){_AVOIDED}|minimum{_AVOIDED}|minimal{_AVOIDED}|little{_AVOIDED}|"
    rf"reduc(?:e|es|ed|ing){_AVOIDED}|"
    # ... but "has not prevented delay" is a delay
    r"not\s+(?!(?:prevent|avoid|stop|reduc|minimis)\w*\b)(?:\w+\s+){0,3}?"
    r"(?:wait(?:s|ing)?|delay\w*|retell\w*|repeat\w*|judged|prematurely|unnecessarily|overlooked|lost)|"
    r"never\s+(?!(?:prevent|avoid|stop|reduc|minimis)\w*\b)(?:\w+\s+){0,3}?"
    r"(?:wait(?:s|ing)?|delay\w*|retell\w*|repeat\w*|judged|prematurely|unnecessarily|overlooked|lost)|"
    r"(?:not|never) inappropriately|"  # "children are not inappropriately seen before ..."
    r"strengths and (?:weakness(?:es)?|areas for (?:development|improvement))|"
    r"not (?:being )?in (?:education|employment)[^.]{0,30}?training|"  # a group, as in "NEET"
    r"minimis\w* (?:the )?(?:impact of )?(?:these |any |such )?delays?|"
    r"mitigat\w* (?:the )?(?:impact of )?(?:these |any |such )?delays?|"
    r"reduc\w* (?:the )?(?:impact of )?(?:these |any |such )?delays?|"
    # a workforce said to be steady: "low turnover", "caseloads are manageable"
    rf"low{_STEADY_WORKFORCE}|lower{_STEADY_WORKFORCE}|stable{_STEADY_WORKFORCE}|reduced{_STEADY_WORKFORCE}|"
    rf"reducing{_STEADY_WORKFORCE}|manageable{_STEADY_WORKFORCE}|"
    rf"turnover{_STEADY}|caseloads?{_STEADY}|workloads?{_STEADY}"
)
# How a recommendation reads: an instruction ("Ensure ...", "Urgently address ...", "The
# LSCB to ..."), a duty, or a suggestion.
_ASKS = re.compile(
    r"^(?:[A-Z][a-z]+ly )?(?i:accelerate|achieve|address|agree|analyse|apply|assure|audit|build|"
    r"challenge|clarify|collate|commission|complete|comply|consider|continue|deliver|develop|"
    r"devise|discontinue|embed|enable|engage|enhance|ensure|establish|evaluate|expand|expedite|"
    r"extend|focus|identify|implement|improve|include|increase|inform|introduce|involve|maintain|"
    r"make|monitor|offer|prioriti[sz]e|produce|progress|promote|provide|publish|put|raise|record|"
    r"recruit|reduce|report|resolve|review|revise|scrutini[sz]e|secure|seek|set|share|strengthen|"
    r"support|sustain|tackle|take|track|undertake|update|use|work)\b"
    r"|^The (?:[A-Z]{2,}\w*|council|partnership|board|trust|local authority) to [a-z]+\b|, ensure\b"
    r"|\b(?:should|must|needs? to|ought to|to be improved|(?:would|will) benefit from)\b"
)


@dataclass
class Section:
    name: str
    items: list[str] = field(default_factory=list)
    _quoted: list[str] | None = None

    def quotable(self, min_length: int = 40) -> list[str]:
        """The section's sentences fit to quote (worked out once, for any length)."""
        if self._quoted is None:
            self._quoted = _quotable(self.items, SHORTEST)
        return [s for s in self._quoted if len(s) >= min_length]


# A point's own list, within a bullet: "⎯ the child's written plan ⎯ the rationale ...".
_SUB_BULLET = re.compile(r"^[⎯−–▪◦-]\s")
# A line ending in one of these words runs on into the next: it is no heading ("This
# inspection included a" / "'deep dive' focus on ...").
_RUNS_ON = re.compile(
    r"\b(?:a|an|the|of|and|or|to|in|on|for|with|by|from|that|which|who|as|at|is|are|was|were|"
    r"their|its|this|these|including|into|about|between)$",
    re.I,
)


# A footnote's number printed against a heading: "What needs to improve?1".
_FOOTNOTE_MARK = re.compile(r"(?<=[?:a-z])[0-9¹²³]{1,2}$")
# The part a 2014-15 report names before a heading: "Section 1: The local authority - ".
_PART_PREFIX = re.compile(r"^section \d+: [^-–]{1,60} [-–] ")


def _key(line: str) -> str:
    return _PART_PREFIX.sub("", _FOOTNOTE_MARK.sub("", line.strip()).rstrip("?:").lower())


def _heading_name(heading: str) -> str:
    key = _key(heading)
    if key in KNOWN_HEADINGS:
        return key
    if key.startswith("overall effectiveness") or _VERDICT.match(heading):
        return "overall"
    if _JUDGEMENT_HEADING.match(heading):
        return "judgement"
    return f"other: {key}"


def _heading_at(lines: list[str], at: int, after_sentence: bool, width: int) -> tuple[str, int] | None:
    """The heading that starts at lines[at] and the index after it, or None. Headings are
    short: a line near the width of the page's prose is the start of a paragraph."""
    line = lines[at]
    if not line[:1].isupper():  # a heading is capitalised: most lines are cut short here
        return None
    if _key(line) in KNOWN_HEADINGS:
        return line, at + 1
    if _NUMBERED.match(line):
        return None
    end = at + 1
    while end < len(lines) and lines[end][:1].islower() and end - at < 3:
        end += 1  # a heading wrapped onto a second line
    heading = " ".join(lines[at:end])
    if _JUDGEMENT_HEADING.match(heading):  # "The experiences and progress of ...: good", however long
        return heading, end
    if (
        not after_sentence
        or len(line) > width
        or len(heading) > 160
        or _RUNS_ON.search(heading)
        or re.search(r"[.!?;,:]$|\.\s", heading)
        or _CONTENTS_LINE.search(heading)
        or heading.startswith(BULLET)
    ):
        return None
    following = lines[end] if end < len(lines) else ""
    if following and not (
        following[:1].isupper() or following[:1].isdigit() or following.startswith((BULLET, "‘", "“"))
    ):
        return None
    return heading, end


def sections(text: str) -> list[Section]:
    """The document as sections in order; an item is a paragraph run or a bullet."""
    # Each item is built as a list of its lines and joined once at the end: adding line by
    # line to a string would take time growing with the square of a paragraph's length.
    found: list[tuple[str, list[list[str]]]] = [("", [])]
    lines = [line for line in text.split("\n") if line]
    in_table = False  # under a "Judgement Grade" table: its rows, then the verdict paragraph
    prose = sorted(len(line) for line in lines if len(line) > 40) or [100]
    width = max(40, int(prose[len(prose) // 2] * 0.85))
    at = 0
    while at < len(lines):
        line = lines[at]
        name, items = found[-1]
        previous = items[-1] if items else None
        after_sentence = (
            previous is None
            or previous[0].startswith(BULLET)
            or previous[-1].rstrip(")’”'\"").endswith((".", "!", "?", ":"))
        )
        if heading := _heading_at(lines, at, after_sentence, width):
            found_name = _heading_name(heading[0])
            at = heading[1]
            if _BARE_GRADE.match(heading[0]) and not items:
                continue  # a grade printed under its judgement's heading
            if found_name == "judgement grade":
                in_table = True
            elif in_table:
                found_name = "overall"
            if not (in_table and name == "overall" and not items):
                found.append((found_name, []))
            continue
        in_table = False
        if previous is None or line.startswith(f"{BULLET} ") or _NUMBERED.match(line):
            items.append([line])
        elif (
            previous[0].startswith(BULLET)
            and not line[0].islower()
            and not line[0].isdigit()  # "16- and" / "17-year-olds" runs on
            and not _RUNS_ON.search(previous[-1])
            and not previous[-1].endswith(":")  # "..., including:" and its own list
            # A point cut by a page's end runs on: "... the Public" / "Law Outline ...".
            and previous[-1].rstrip(")’”'\"").endswith((".", "!", "?", ";"))
            and not _SUB_BULLET.match(line)
        ):
            items.append([line])  # a paragraph after a list
        else:
            previous.append(line)
        at += 1
    return [Section(name, [_unreferenced(" ".join(parts)) for parts in items]) for name, items in found]


# A point's reference to the framework it answers, printed after it: "(Outcome 1, national
# framework)", "(enabler 2)", "(Recommendation)". It says nothing to a director and hides
# the point's full stop.
_CROSS_REFERENCE = re.compile(r"\s*\((?i:outcome|enabler|principle|recommendation)s?\b[^()]{0,80}\)")


def _unreferenced(item: str) -> str:
    return _CROSS_REFERENCE.sub("", item) if "(" in item else item


def sentences(item: str) -> list[str]:
    item = _NUMBERED.sub("", item.removeprefix(f"{BULLET} "))
    parts = _SENTENCE_END.split(" ".join(item.split()))
    return [_NUMBERED.sub("", p).strip() for p in parts if len(p.strip()) > 1]


def _quotable(section_items: list[str], min_length: int = 40) -> list[str]:
    """Sentences fit to quote, each joined to the sentence it answers where it opens with
    "However", "This" or the like; one that answers nothing quoted is left out."""
    out: list[str] = []
    for item in section_items:
        said = sentences(item)
        for index, sentence in enumerate(said):
            if not (min_length <= len(sentence) <= 400 and sentence[-1] in ".!?") or _boilerplate(sentence):
                continue
            if _CONNECTIVE.match(sentence) or _refers_back(sentence):
                answered = said[index - 1] if index else ""
                if (
                    answered
                    and not _CONNECTIVE.match(answered)
                    and not _boilerplate(answered)
                    and len(answered) + len(sentence) <= 500
                ):
                    if out and out[-1] == answered:
                        out.pop()
                    sentence = f"{answered} {sentence}"
                elif not _CONTRAST_ONLY.match(sentence) or _refers_back(sentence):
                    continue
            out.append(sentence)
    return out


def _in(found: list[Section], names: tuple[str, ...], min_length: int = 40) -> list[str]:
    return [s for section in found if section.name in names for s in section.quotable(min_length)]


def _improvement_points(found: list[Section]) -> list[str]:
    """What the document's own improvement sections say: a listed point as it stands,
    and a paragraph's sentence unless it is praise that asks for nothing, as when a
    section runs on past a heading the document printed in a form not yet known."""
    return [
        sentence
        for section in found
        if section.name in CONCERN_SECTIONS
        for item in section.items
        for sentence in (_quotable([item], min_length=25) or _unstopped_point(item))
        if item.startswith(BULLET) or _ASKS.search(sentence) or _strength_score(sentence) == 0
    ]


# Words no complete point ends on: it runs on past a page's end ("..., but they do not").
_CUT_SHORT = re.compile(
    r"(?:[:;,]|\b(?:not|but|do|does|be|been|have|has|had|will|would|can|could|should|must|may|than|"
    r"when|where|while|because|if|such|so))$",
    re.I,
)


def _unstopped_point(item: str) -> list[str]:
    """A listed point printed without a full stop ("• The voice of the child in plans"),
    whole, when it is one complete phrase; else nothing."""
    point = " ".join(item.removeprefix(f"{BULLET} ").split())
    complete = (
        item.startswith(BULLET)
        and 25 <= len(point) <= 400
        and point[-1] not in ".!?"
        and not _SENTENCE_END.search(point)
        and not _RUNS_ON.search(point)
        and not _CUT_SHORT.search(point)
        and not _CONNECTIVE.match(point)  # "They have not yet been addressed" needs what it points to
        and not _boilerplate(point)
    )
    return [point] if complete else []


def _first_summary(found: list[Section], name: str) -> list[str]:
    """The first section of this name's sentences: a report's own summary, not a later
    part's of the same name (the safeguarding board's). A summary that only introduces
    lists ("... require improvement because:") under subheadings reads on into them."""
    at = next((i for i, section in enumerate(found) if section.name == name), None)
    if at is None:
        return []
    said = found[at].quotable()
    if not said and found[at].items and found[at].items[-1].endswith(":"):
        lists = itertools.takewhile(lambda section: section.name.startswith("other: "), found[at + 1 :])
        said = [s for section in lists for s in section.quotable()]
    return said


# What a summary says that is not how services are now: its history (a past judgement
# alone, with nothing said of since), background (the pandemic), and what leaders know or
# feel rather than what children get.
_PAST_ONLY = re.compile(
    r"\b(?:was|were) (?:last )?(?:inspected|judged|found to)\b|\btook place\b"
    r"|\binspection\b[^.]{0,40}?\bjudged\b"  # "The ... inspection, in October 2010, judged both ..."
)
_SINCE = re.compile(r"\b(?:since|now|has|have|continues?|remains?)\b", re.I)
_NOT_NOW = re.compile(
    r"\b[Pp]andemic\b|\bCOVID\b|\bcovid\b"
    # an authority's founding: "... unitary authorities came into being on 1 April 2023"
    r"|\bcame into being\b"
    r"|^(?:[A-Z]\w+ )?(?:[Ss]enior |[Ss]trategic )?(?:[Ll]eaders|[Mm]anagers)\b[^.]{0,60}?"
    r"\b(?:know|understand|understanding|recognise|aware|acknowledge|committed|accept)\b"
)
# A sentence about leaders (their oversight, ambition or support), not what children get.
# ... unless it also says what children get: "Leaders have ..., and most children receive ...".
_CHILDREN_RECEIVE = re.compile(
    r"\b(?:children|young people|families)\s+(?:\w+\s+){0,3}?(?:can\s+|are able to\s+)?(?:\w+ly\s+)?"
    r"(?:receive|benefit|get|live|are|make|experience|access)\b"
)
# Background conceded on the way to a verdict: "Despite the pandemic, leaders have ...".
_CONCEDED = re.compile(
    r"(?:^|, )(?:and )?(?:despite|although|while|during|throughout)\b[^,]*(?:,|\.?$)", re.I
)
# Not yet a verdict: "it is too soon to evaluate the impact".
_NOT_YET = ("too soon", "too early")
_LEADERS = re.compile(
    r"^(?:Since (?:then|that time), )?(?:\w+ ){0,3}(?:leaders?|managers|members|councillors|"
    r"(?:\w+ ){0,2}chief executive|director)\b",
    re.I,
)
_JUDGES = re.compile(r"\bimprove[sd]?\b|\bbenefit\b|\bstrengthen(?:ed|s)?\b|\btransformed\b|\bstable\b")


_CHILDREN_GET = re.compile(r"\b(?:children|young people|families|services?|practice|responses?|help)\b", re.I)


def _now_rank(sentence: str) -> int:
    """How plainly a summary's sentence says how services are now: 0 when it judges (in
    words of praise or worry) what children get, 1 when it is anything else but history
    or background, 2 when it is that."""
    if _NOT_NOW.search(_CONCEDED.sub(" ", sentence)) or (
        _PAST_ONLY.search(sentence) and not _SINCE.search(sentence)
    ):
        return 2
    lowered = sentence.lower()
    if any(hedge in lowered for hedge in _NOT_YET):
        return 1
    judges = _STRENGTH.search(lowered) or _JUDGES.search(lowered) or _worry(sentence)
    about_leaders = _LEADERS.match(sentence) and not _CHILDREN_RECEIVE.search(sentence)
    # "However, ..." alone only qualifies a verdict the summary gives elsewhere.
    qualifies = _CONTRAST_ONLY.match(sentence)
    return 0 if judges and _CHILDREN_GET.search(sentence) and not about_leaders and not qualifies else 1


# History told on: a sentence after one on a past inspection whose own verb is past too
# ("The previous visit took place in 2021. Inspectors made areas for priority action ...").
_PAST_VERB = re.compile(
    r"^(?:[\w’',-]+ ){1,8}?(?:was|were|had|made|found|identified|judged|noted|raised|saw)\b"
)


_INSPECTION = re.compile(r"\b(?:inspect\w*|visit)\b", re.I)


def _history(sentence: str, after_history: bool) -> bool:
    """Whether a sentence tells only of the past: a past inspection or visit, or (after
    one) what it found, with nothing said of since."""
    if _SINCE.search(sentence):
        return False
    if after_history:
        return bool(_PAST_VERB.match(sentence) or _PAST_ONLY.search(sentence))
    return bool(_PAST_ONLY.search(sentence) and _INSPECTION.search(sentence))


def _after_history(said: list[str]) -> list[str]:
    """Each sentence less the history it opens with ("" when it is all history)."""
    told, after_history = [], False
    for sentence in said:
        parts = sentences(sentence)
        while parts and _history(parts[0], after_history):
            after_history, parts = True, parts[1:]
        after_history = after_history and not parts
        told.append(" ".join(parts))
    return told


def _verdict_first(said: list[str]) -> list[str]:
    """A letter summary's headline: its sentences that say how services are now, the
    plainest first, then the rest. A sentence quoted with the history before it ranks by
    what it says after that history."""
    keyed = [(_now_rank(now) if now else 2, s) for s, now in zip(said, _after_history(said), strict=True)]
    return [sentence for _, sentence in sorted(keyed, key=lambda pair: pair[0])][:HEADLINE_SENTENCES]


def _headline(found: list[Section]) -> list[str]:
    """The document's verdict first, then the sentence that best follows it."""
    for name in HEADLINE_SECTIONS:
        if chosen := _first_summary(found, name):
            # A letter's summary may open with history and leaders; a report's opens
            # with its gist, beside the grade.
            if name in LETTER_SUMMARIES:
                return _verdict_first(chosen)
            # ... though one that opens with its history gives the gist after it.
            return sorted(chosen, key=lambda sentence: _now_rank(sentence) == 2)[:HEADLINE_SENTENCES]
    for section in found:  # "The overall judgement is good. The local authority leads ..."
        for at, item in enumerate(section.items):
            if verdict := _VERDICT.search(item):
                rest = [item[verdict.start() :].strip()] + section.items[at + 1 :]
                return _quotable(rest, min_length=20)[:HEADLINE_SENTENCES]
    # Else its opening findings (never its list of what to improve), read as a letter's
    # summary is.
    body = (
        s
        for section in found
        if section.name not in CONCERN_SECTIONS
        for s in section.quotable()
        if not _CONTRAST_ONLY.match(s)
    )
    return _verdict_first(list(itertools.islice(body, _OPENING)))


def _ranked(candidates: list[str], score, keep=lambda sentence: True) -> list[str]:
    """The best-scoring candidates that are kept, in the document's order, none saying
    again what a better one says (a summary repeating its finding in other words)."""
    scored = [(score(s), i, s) for i, s in enumerate(candidates)]
    best: list[tuple[int, int, str]] = []
    for chosen in sorted((t for t in scored if t[0] > 0), key=lambda t: (-t[0], t[1])):
        if len(best) == MAX_POINTS:
            break
        if not any(same_point(chosen[2], t[2]) for t in best) and keep(chosen[2]):
            best.append(chosen)
    return [s for _, _, s in sorted(best, key=lambda t: t[1])]


# A worry said with force ("very poor", "highly variable", "stubbornly weak") is graver;
# a contrast ("but", "however") only says that praise is qualified.
_GRAVE = re.compile(
    r"\b(?:very|highly|stubbornly|seriously|significantly|persistently|far too|wholly|widespread)\s+"
    r"(?:\w+\s+)?(?:poor|weak|variable|inconsistent|inadequate|high|slow|delayed|ineffective|limited)\b"
)
_CONTRAST = ("however", "although", "but")


@functools.lru_cache(maxsize=4096)  # a sentence is weighed as praise, as worry and as a verdict
def _said(sentence: str) -> tuple[str, int, tuple[str, ...]]:
    """The sentence in lower case with the worries it denies ("without delay") set aside,
    how many it denies, and its words of worry."""
    lowered = sentence.lower()
    if not _CONCERN.search(lowered):  # no worry, so none denied: most praise ends here
        return lowered, 0, ()
    lowered, denied = _NEGATED_CONCERN.subn(" praise ", lowered)
    return lowered, denied, tuple(_CONCERN.findall(lowered))


def _worry(sentence: str) -> int:
    """How many words of worry a sentence says (a worry denied is none)."""
    return len(_said(sentence)[2])


# Praise that is hedged: a weakness said kindly ("leaders recognise there is more to do",
# "beginning to show impact", "examples of good work", "Some children benefit"), a
# concession ("While this is a strength, ..."), or work on a weakness rather than a
# strength ("focused on improving").
_HEDGES = (
    "more to do",
    "more work to do",
    "more is needed",
    "more work is needed",
    "needs to be done",
    "not yet",
    "beginning to",
    "starting to",
    "early stage",
    "too soon",
    "too early",
    "example",
    "albeit",
    "despite",
    "except ",
    "recognise that",
    "recognises that",
    "recognised that",
    "recognise there",
    "recognise the need",
    "aware that",
    "aware of",
    "acknowledge",
    "further work",
    "further development",
    "further improvement",
    "focused on improving",
    "focus on improving",
    "working to improve",
    "plans to",
    "plan to",
    "remains a challenge",
    "remain a challenge",
    "remains challenging",
    " less ",
    "mostly",
    "some improvement",
    "it is positive that",
    "it is encouraging that",
)


def _hedged(lowered: str) -> bool:
    """Whether praise (in lower case) is hedged: plain phrases, many times faster to find
    than one large pattern."""
    return (
        any(hedge in lowered for hedge in _HEDGES)
        or lowered.startswith(("while ", "some "))  # praise of some is no praise of the rest
        or ". while " in lowered
    )


# Praise of most or many, where the same paragraph goes on to a worry: the rest.
_PARTIAL = re.compile(r"^(?:Most|Many)\b")


def _partial_praise(found: list[Section], sentence: str) -> bool:
    """Whether a sentence praises only most (or many) of something in a paragraph that
    then voices a worry about the others."""
    if not _PARTIAL.match(sentence):
        return False
    for section in found:
        for item in section.items:
            if (at := " ".join(item.split()).find(sentence)) >= 0:
                return _worry(" ".join(item.split())[at + len(sentence) :]) > 0
    return False


def _strength_score(sentence: str) -> int:
    """How plainly a sentence praises: its words of praise, none at all when it also
    voices a worry or hedges."""
    lowered, denied, worries = _said(sentence)
    if worries:
        return 0
    score = len(_STRENGTH.findall(lowered)) + denied
    return 0 if score and _hedged(lowered) else score


# Risk to children, the gravest kind of finding: harm, exploitation, going missing, neglect,
# children not protected. Then what delays their protection or wears down the workforce
# that gives it: delay, drift, caseloads, turnover, work no one holds. Matched on the
# sentence in lower case; each kind counts once.
_HARM = _cues(
    r"harm\w*|at risk|unassessed risks?|ongoing risks?|escalating risks?|significant risks?|"
    r"situations of risks?|unsafe|not (?:\w+ )?(?:protected|safeguarded|safe|seen|visited)|"
    r"safeguarding concerns?|section 47|exploit\w*|missing|neglect\w*|abuse|suffer\w*|homeless\w*|"
    r"unregistered|bed and breakfast"
)
_PRESSURE = _cues(
    r"delay\w*|drift\w*|too (?:long|late|slow)|wait\w*|caseloads?|workloads?|turnover|"
    r"changes? (?:of|in) (?:their )?social workers?|unallocated|not (?:\w+ )?allocated|escalat\w*|"
    r"pre-proceedings|threshold\w*|unmet|capacity|not (?:\w+ ){0,3}within (?:\w+ )?timescales?"
)
# How many children a finding is about: said plainly, it is more telling.
_COUNTED = (
    r" (?:of (?:these |the )?)?(?:\w+ )?(?:children|young people|families|care leavers|cases|social workers|"
    r"assessments|plans|referrals)"
)
_SCOPE = _cues(
    rf"too many|too few|\d+(?:\.\d+)?(?=%)|per cent|\d+{_COUNTED}|many{_COUNTED}|a number of{_COUNTED}|"
    rf"a small number of{_COUNTED}|a few{_COUNTED}|some{_COUNTED}|several{_COUNTED}|most{_COUNTED}|"
    rf"all{_COUNTED}|a minority of{_COUNTED}|a small minority of{_COUNTED}|minority of{_COUNTED}|"
    rf"small minority of{_COUNTED}"
)
# What children get, before records and processes (plain phrases: faster than a pattern).
_ABOUT_CHILDREN = ("child", "young people", "young person", "care leaver", "babies", "famil")
# Not a finding on children: what leaders know or are doing about one.
_LEADERS_KNOW = re.compile(
    r"^(?:[A-Z]\w+ )?(?:[Ss]enior |[Ss]trategic |[Ll]ocal area |[Aa]rea |[Hh]ealth |[Ll]ocal authority )?"
    r"(?:[Ll]eaders|[Mm]anagers|[Oo]fficers)\b"
    r"[^.]{0,80}?\b(?:know|knows|understand|understanding|recognise|recognised|aware|acknowledge|identified|"
    r"plans?|committed|ambition|keen|taking (?:\w+ )?action|working to|started to|putting)\b"
)
MAX_CONCERNS = 5
_SHARE = 0.6
# A denial reaches to the end of its clause: "not always possible to secure the most
# appropriate placement" praises nothing.
_NEGATED_PRAISE = re.compile(r"\b(?:not|no|never|lacks?|lacking|insufficient(?:ly)?|less|without)\b[^,.;]*")
# A concession ("While understanding has improved, ..."), a condition at either end ("when
# circumstances do not improve, ..."), an aim ("to ensure that children are not left ...")
# or one conceded ("despite the challenges of social distancing") sets the scene for what is
# found; a few words someone told inspectors (social workers 'never feel alone') are their
# evidence, not the finding that quotes them.
_SCENE = re.compile(
    r"^(?:while|whilst|although|though|even though)\b[^,]{0,150},"
    r"|(?:^|, )(?:or |and )?(?:particularly |especially |even )?(?:when|where|if|once|unless|until)\b"
    r"[^,.;]{0,120}(?:,|\.$)"
    r"|\b(?:(?:to|helping to|help to) (?:ensure|make sure|prevent|avoid|protect)|despite)\b[^,.;]*"
    r"|\bwhere there (?:is|are) (?:any )?(?:evidence|signs?|indications?) of\b[^,.;]*"
    r"|‘[^’]{1,40}’"
    # whom a service is for ("including those who cannot attend school") names its group
    r"|\b(?:including|for|such as|and|or) those (?:who|not)\b[^,.;]*"
)
# Words without which no scene is set, looked for first as plain text (many times faster).
_SCENE_CUES = (
    *("while", "whilst", "though", "when", "where", "if ", "once", "unless", "until", "despite", "‘"),
    *("those who", "those not"),
    *("to ensure", "to make sure", "to prevent", "to avoid", "to protect"),
)
# How inspectors worked, not what they found.
_METHOD = re.compile(
    r"^(?:[A-Z]\w+ )?(?:[Ii]nspectors|[Tt]he inspection|[Tt]his visit) (?:\w+ )?"
    r"(?:looked|considered|reviewed|spoke|met|visited|evaluated|sampled|talked|focused|tracked|scrutinised)\b"
)


@functools.lru_cache(maxsize=4096)  # weighed again for each improvement point it might answer
def _gravity(sentence: str) -> int:
    """How grave a finding is for a director: none unless it voices a worry of its own;
    then its worries, risk to children most, how many it is about, and its force, less
    any praise it gives where it sets none aside ("but", "however")."""
    lowered, _, said = _said(sentence)
    if not said or _METHOD.match(sentence):
        return 0
    # A worry in a condition ("when circumstances do not improve, ...") or an aim ("to
    # ensure that children are not left ...") only sets the scene for what is found.
    finding, scenes = (
        _SCENE.subn(" ", lowered) if any(cue in lowered for cue in _SCENE_CUES) else (lowered, 0)
    )
    worries = [w for w in (_CONCERN.findall(finding) if scenes else said) if w not in _CONTRAST]
    if not worries:
        return 0
    harms = len(set(_HARM.findall(lowered)))
    pressures = len(set(_PRESSURE.findall(lowered)))
    score = min(len(worries), 3) + 3 * min(harms, 2) + 2 * min(pressures, 2)
    score += 2 * len(_GRAVE.findall(lowered)) + (1 if _SCOPE.search(lowered) else 0)
    if not any(w in _CONTRAST for w in said):
        # Praise denied ("do not receive an effective response") is none; praise that
        # outweighs the worry ("supports young people at risk of homelessness well")
        # makes no concern.
        praise = len(_STRENGTH.findall(_NEGATED_PRAISE.sub(" ", finding)))
        if praise >= len(worries):
            return 0
        score -= praise
    if _LEADERS_KNOW.match(sentence):
        score -= 3
    if any(about in lowered for about in _ABOUT_CHILDREN):
        score += 1
    return score


def is_concern(sentence: str) -> bool:
    """Whether a sentence is a finding that voices a worry of its own."""
    return _gravity(sentence) > 0


def _graveness(sentence: str) -> int:
    return max(0, _gravity(sentence))


# The document's own improvement list says what it finds matters most, the first point
# most: the finding of its first point weighs as much as harm to children said with
# force, of its fifth no more than any other finding.
_NAMED = 8
_NAMED_STEP = 2


def _gravest(findings: list[str], named: list[str], taken: list[str]) -> list[str]:
    """The gravest of the findings and of the improvement points' findings (`named`, a
    point the body says no more about standing as it is), gravest first, none saying
    again what a graver one (or a priority action) says, as many as there are places
    beside the priority actions."""
    scored = []
    for at, sentence in enumerate(findings + [p for p in named if p not in findings]):
        grave = _gravity(sentence)
        if sentence in named and (grave > 0 or sentence not in findings):
            grave = max(grave, 1) + max(0, _NAMED - _NAMED_STEP * named.index(sentence))
        if grave > 0:
            scored.append((-grave, at, sentence))
    chosen: list[str] = []
    for _, _, sentence in sorted(scored):
        if len(chosen) + len(taken) >= MAX_CONCERNS:
            break
        if not any(same_point(sentence, other) for other in chosen + taken):
            chosen.append(sentence)
    return chosen


def _findings_of(body: Body, points: list[str], taken: list[str]) -> list[str]:
    """The improvement points, each as the body's finding about it (a point that is a
    finding itself, or that the body says no more about, as it stands), each finding once:
    none already `taken`, to which each found is added."""
    said: list[str] = []
    for point in points:
        finding = point if _gravity(point) > 0 and not _ASKS.search(point) else None
        if not finding and (found := body.finding(point, _graveness, taken)):
            taken.append(found)
            # The point's own words introduce its finding, unless the finding says them.
            heading = point[:1].upper() + point[1:].rstrip(".:")
            finding = found if _ASKS.search(point) or same_point(point, found) else f"{heading}: {found}"
        finding = finding or point
        if finding not in said:
            said.append(finding)
    return said


def summarise(text: str) -> dict:
    """headline (and its first sentence, or pair, as the verdict), up to three strengths,
    concerns and areas for priority action, each quoted from the document."""
    found = sections(text)
    headline = _headline(found)
    quoted = set(headline)
    # What a past visit found is history, no finding of this one.
    said = _in(found, HEADLINE_SECTIONS + FINDING_SECTIONS)
    history = {s for s, now in zip(said, _after_history(said), strict=True) if now != " ".join(sentences(s))}
    findings = [s for s in said if s not in quoted and s not in history]
    if not findings:
        findings = [
            s
            for section in found
            if section.name not in _SKIPPED + CONCERN_SECTIONS
            for s in section.quotable()
            if s not in quoted
        ]
    # Concerns are weighed from the findings wherever the document prints them.
    weighed = findings + [s for s in _in(found, _FURTHER_FINDINGS) if s not in quoted]
    # Areas for priority action, and then the improvement list, each as its finding.
    priority = _improvement_points([s for s in found if s.name == PRIORITY_ACTION])[:MAX_POINTS]
    points = _improvement_points([s for s in found if s.name != PRIORITY_ACTION])
    body = Body(weighed, priority + points) if priority or points else None
    taken: list[str] = []
    priority = _findings_of(body, priority, taken) if body else priority
    named = _findings_of(body, points[:MAX_CONCERNS], taken) if body else []
    concerns = _gravest(weighed, named, priority)

    def plain_praise(sentence: str) -> bool:
        # Praise of an area the document says needs to improve is at best half the story,
        # and what leaders know, plan or intend is not yet what children get.
        return (
            not (body and body.on_area_of(sentence))
            and not _partial_praise(found, sentence)
            and not _LEADERS_KNOW.match(sentence)
        )

    stated = [s for s in _in(found, STRENGTH_SECTIONS) if s not in concerns]
    if stated:
        strengths = [s for s in stated if _strength_score(s) > 0 and plain_praise(s)][:MAX_POINTS]
    else:
        strengths = _ranked([s for s in findings if s not in concerns], _strength_score, plain_praise)
    summary = {"headline": " ".join(headline), "strengths": strengths, "concerns": concerns}
    if headline:
        summary["verdict"] = headline[0]  # the finding a letter leads with, whole
    if priority:
        summary["priority_actions"] = priority
    if len(strengths) + len(concerns) < 2:
        overview = _in(found, HEADLINE_SECTIONS) or headline
        summary["overview"] = " ".join(overview[:5])
    return summary
