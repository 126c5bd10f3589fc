"""Benchmark: how far a director can trust the summary, on the shared labelled documents.

    .venv/bin/python -m benchmarks.summaries [SHARED_DIR]

Summarises every document of summaries/key-findings.jsonl with the product's own reader
(a corpus PDF as it is published; the seed letter, plain text, rendered to a PDF first)
and scores it against what a careful reader chose, matching by content: a sentence of
the summary covers a labelled sentence when it holds at least half of that sentence's
content words. It prints, with every miss:

- the headline rate: documents whose verdict is covered by what the alert leads with
  (the verdict line from the facts, then the summary's headline);
- key concerns covered: the labelled key concerns covered by the summary's concerns
  (its areas for priority action among them);
- key strengths covered, as information;
- weaknesses shown as strengths: a strength that covers a labelled key concern or
  not-strength (a weakness or a mixed finding). There must be none.

Exits 1 when a target is missed. tests/test_summaries.py holds the same targets.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reader.facts import extract
from reader.summary import sentences, summarise
from reader.text import read_text
from storage.models import Publication
from wording import verdict

TARGET_HEADLINE = 0.95
TARGET_CONCERNS = 0.75
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
LABELS = Path("summaries", "key-findings.jsonl")

# Words that carry no finding of their own.
_FUNCTION_WORDS_SAID = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with
    would you your"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_SAID.split())
_WORD = re.compile(r"[a-z0-9]+(?:[’'-][a-z0-9]+)*")


def content_words(sentence: str) -> set[str]:
    return {w for w in _WORD.findall(sentence.lower()) if w not in _FUNCTION_WORDS}


def covers(said: str, labelled: str) -> bool:
    """Whether a sentence of the summary holds at least half of a labelled sentence's content."""
    wanted = content_words(labelled)
    return bool(wanted) and len(wanted & content_words(said)) * 2 >= len(wanted)


def covered(said: list[str], labelled: str) -> bool:
    return any(covers(s, labelled) for s in said)


@dataclass
class Score:
    documents: int = 0
    headlines: int = 0
    concerns: int = 0
    concerns_labelled: int = 0
    strengths: int = 0
    strengths_labelled: int = 0
    strength_points: int = 0
    misses: list[str] = field(default_factory=list)
    wrong_strengths: list[str] = field(default_factory=list)

    @property
    def headline_rate(self) -> float:
        return self.headlines / max(1, self.documents)

    @property
    def concern_rate(self) -> float:
        return self.concerns / max(1, self.concerns_labelled)

    @property
    def strength_rate(self) -> float:
        return self.strengths / max(1, self.strengths_labelled)

    def below_targets(self) -> list[str]:
        failing = []
        if self.headline_rate < TARGET_HEADLINE:
            failing.append(f"headline holds the verdict {self.headline_rate:.2f} < {TARGET_HEADLINE}")
        if self.concern_rate < TARGET_CONCERNS:
            failing.append(f"key concerns covered {self.concern_rate:.2f} < {TARGET_CONCERNS}")
        if self.wrong_strengths:
            failing.append(f"{len(self.wrong_strengths)} weaknesses shown as strengths")
        return failing


def labelled(shared: Path) -> list[dict]:
    with (shared / LABELS).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def document_text(shared: Path, document: str) -> str:
    """The document's text as the reader gets it from a published PDF."""
    path = shared / document
    if path.suffix == ".pdf":
        return read_text(path.read_bytes())
    from tests.sites import documents  # a plain-text letter, printed as a PDF as Ofsted would

    return read_text(documents.render(path.read_text(encoding="utf-8")))


def lead(text: str) -> tuple[list[str], dict]:
    """What the alert leads with (the verdict line, then the headline's sentences) and the summary."""
    facts, summary = extract(text), summarise(text)
    line = verdict(Publication(type=facts["type"], facts=facts, summary=summary))
    return ([line] if line else []) + sentences(summary["headline"]), summary


def score_one(row: dict, text: str, total: Score) -> None:
    name = Path(row["document"]).name
    opening, summary = lead(text)
    total.documents += 1
    if any(covered(opening, sentence) for sentence in row["verdict"]):
        total.headlines += 1
    else:
        total.misses.append(f"{name}: verdict missed {row['verdict'][0]!r}\n    said {opening!r}")
    total.concerns_labelled += len(row["key_concerns"])
    total.strengths_labelled += len(row["key_strengths"])
    concerns = summary.get("priority_actions", []) + summary["concerns"]
    for sentence in row["key_concerns"]:
        if covered(concerns, sentence):
            total.concerns += 1
        else:
            total.misses.append(f"{name}: key concern missed {sentence!r}\n    said {concerns!r}")
    total.strengths += sum(covered(summary["strengths"], sentence) for sentence in row["key_strengths"])
    total.strength_points += len(summary["strengths"])
    for point in summary["strengths"]:
        for sentence in row["key_concerns"] + row["not_strengths"]:
            if covers(point, sentence):
                total.wrong_strengths.append(f"{name}: strength {point!r}\n    is the weakness {sentence!r}")


def score(shared: Path, rows: list[dict] | None = None) -> Score:
    total = Score()
    for row in rows if rows is not None else labelled(shared):
        score_one(row, document_text(shared, row["document"]), total)
    return total


def report(total: Score) -> list[str]:
    return [
        f"documents: {total.documents}",
        f"headline holds the verdict: {total.headline_rate:.2f} ({total.headlines} of {total.documents}; "
        f"target >= {TARGET_HEADLINE})",
        f"key concerns covered: {total.concern_rate:.2f} ({total.concerns} of {total.concerns_labelled}; "
        f"target >= {TARGET_CONCERNS})",
        f"key strengths covered: {total.strength_rate:.2f} ({total.strengths} of {total.strengths_labelled}; "
        "for information)",
        f"weaknesses shown as strengths: {len(total.wrong_strengths)} of {total.strength_points} "
        "strength bullets (target: none)",
    ]


def main() -> int:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED
    if not (shared / LABELS).exists():
        print(f"no labelled summaries at {shared / LABELS}", file=sys.stderr)
        return 2
    total = score(shared)
    print("\n".join(report(total)))
    for title, lines in (("weaknesses shown as strengths", total.wrong_strengths), ("misses", total.misses)):
        if lines:
            print(f"\n{title}:", *(f"  {line}" for line in lines), sep="\n")
    failing = total.below_targets()
    print("\ntargets met" if not failing else "\nTARGETS MISSED" + "".join(f"\n  {f}" for f in failing))
    return 0 if not failing else 1


if __name__ == "__main__":
    sys.exit(main())
