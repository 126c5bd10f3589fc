"""The words by which a sentence reports an Ofsted finding, and the words by which it
speaks of something else: another setting, another inspectorate, an inspection still to
come, an old judgement told as background.

Each pattern is a kind of wording the press, councils and committee minutes use, never
one page's phrase; tests/test_news_relevance.py holds a short text of each form.
"""

from __future__ import annotations

import re

from reader.dates import MONTHS
from vocabulary import PublicationType


def _lower(source: str) -> re.Pattern[str]:
    """A pattern for text in lower case: its letters lowered, but not those of escapes
    (\\b, \\W). Searching lowered text is several times faster than ignoring case, and
    every sentence of every story is searched with each of these."""
    out, escaped = [], False
    for char in source:
        out.append(char if escaped else char.lower())
        escaped = char == "\\" and not escaped
    return re.compile("".join(out))


_Q = "[‘'\"“]?"  # a grade is often quoted: rated ‘good’
_GRADES = {
    "outstanding": "outstanding",
    "good": "good",
    "inadequate": "inadequate",
    "adequate": "adequate",
    "requires? improvement(?: to be good)?|requiring improvement": "requires improvement",
}
GRADE = "(?:" + "|".join(_GRADES) + ")"
_GRADE_WORD = _lower(rf"\b{GRADE}\b")
# Who finds: the inspectorate, its inspectors, its report or letter.
_FINDER = r"(?:Ofsted|inspectors?|inspectorate|the report|the letter|its report|its letter|report|letter)"

# The inspectorate or its work: who found it, or the inspection it was found at.
INSPECTION = _lower(
    r"\b(?:Ofsted|inspectors?|inspectorate|inspections?|inspected|HMI|watchdog|regulator|"
    r"Office for Standards in Education|monitoring visits?|focus+ed visits?|re-?visits?)\b",
)
OFSTED = _lower(r"\b(?:Ofsted|OFSTED|Office for Standards in Education|(?:His|Her) Majesty[’']s Inspector)\b")

# A judgement given: a grade with the verb or noun of rating, or a grade said the way
# only a judgement is ("require improvement", a quoted ‘good’). A grade before
# "authorities" or "councils" names a class of them, not a judgement.
JUDGEMENT = _lower(
    rf"(?:\b(?:rated|rates|rating|ratings|judged|judges|judgement|judgment|graded|grades|grade|deemed|"
    rf"branded|branding it|"
    rf"declared|labelled|assessed|handed|awarded|received|receiving|achieved|gained|given|retained|"
    rf"remains?|remained|is now|are now|no longer|overall|overall effectiveness)\b"
    rf"[^.;]{{0,70}}?{_Q}\b{GRADE}\b|"
    rf"\bfound (?:to be )?{_Q}{GRADE}\b|"
    rf"\b{GRADE}{_Q}\s+(?:overall|rating|ratings|judgement|judgment|judgements|judgments|grade|report|"
    rf"verdict|for (?:leadership|overall|its|adoption|help|children))\b|"
    rf"[‘'\"“]{GRADE}[’'\"”]|\brequires? improvement\b|\binadequate\b|"
    rf"\b(?:top|highest|lowest|second[- ]lowest|second[- ]highest|worst|best) (?:rating|grade|judgement)\b)"
    rf"(?![’'\"”]?\s+(?:authorities|councils|local authorities|areas|LAs|schools|providers)\b)",
)
# The outcomes of an area SEND inspection since 2023: the local area partnership's
# arrangements "typically lead to positive experiences and outcomes", "lead to
# inconsistent experiences and outcomes", or there are "widespread and/or systemic failings".
_SEND_OUTCOME = (
    r"(?:positive|inconsistent) experiences and outcomes|widespread and(?:/or| or)? systemic failings"
)
# What a finding does to inspectors: "concerned inspectors", "inspectors were impressed".
_MOVED = r"impressed|concerned|worried|satisfied|reassured|alarmed"
# What inspectors found: the verbs and nouns of a finding, as reports, councils and the
# press word them.
FINDING = _lower(
    rf"\b(?:found|finds|finding that|find that|praised|praises|praising|"
    rf"hailed|commended|commends|criticised|criticized|criticises|criticism|slammed|slams|damning|glowing|"
    rf"(?:identified|highlighted|recognised|recognized|reflected|noted|concluded|warned|observed) that|"
    rf"(?:inspectors?|ofsted|inspection|report|letter|watchdog) find|"
    rf"(?:{_MOVED}) (?:the )?(?:inspectors|ofsted|inspectorate)|"
    rf"(?:inspectors|ofsted) (?:were|was) (?:\w+ )?(?:{_MOVED})|"
    rf"\btold (?:by \w+ )?(?:that )?(?:it|they|the council|the authority|leaders) "
    rf"(?:must|needs? to|should|has to|have to)|"
    rf"{_FINDER} (?:had |has |have )?(?:said|says|stated|states|wrote|writes|added|adds|noted|notes|"
    rf"reported|reports|revealed|reveals|described|commented|concluded|acknowledged|recognised|welcomed|"
    rf"observed|judged)|"
    rf"(?:the|its|their|key|main|inspection|inspectors[’']|Ofsted[’']s) findings?|"
    rf"(?:accepts?|accepted|welcomed?|welcomes) the findings|"
    rf"(?:made|making|make|makes|has made|had made)\s+(?:\w+\s+){{0,2}}?progress|"
    rf"progress (?:has|had) (?:also )?been made|"
    rf"(?:significant|good|sufficient|insufficient|little|limited|slow|steady|consistent|sustained|"
    rf"positive|considerable|rapid|no|some|further|real|clear) progress|"
    rf"(?:has|have|had) (?:\w+ )?improved|much improved|continu\w+ to improve|"
    rf"(?:significant|considerable|marked|further|sustained|rapid|real|clear) improvements?|"
    rf"improvement is|areas? (?:for|of|requiring) (?:further )?(?:improvement|development)|"
    rf"(?:areas? of )?(?:significant )?(?:strengths?|weakness(?:es)?)|failings|failures|shortfalls|"
    rf"deficiencies|concerns? (?:about|over|that|were|was)|(?:serious|significant) concerns?|"
    rf"written statement of action|statement of action|priority action plan|"
    rf"{_SEND_OUTCOME}|"
    rf"according to (?:a |an |the |its |their )?(?:\w+ )?(?:inspection|report|letter|inspectors|ofsted)|"
    rf"(?:positive|critical|damning|glowing|strong|strongest|favourable|excellent|good|poor|"
    rf"disappointing|encouraging) (?:report|letter|feedback|outcomes?|verdict|findings|ratings?))\b",
)
# A quotation: a report's own words, quoted as what it found.
QUOTED = re.compile(r"[“\"‘][^”\"’]{20,}[”\"’]")
# Another setting than the authority's children's services: what a sentence speaks of
# when it names one. A child's school ("at school", "the virtual school") is not it.
SETTING = _lower(
    r"\b(?:(?<!\bat )(?<!\bin )(?<!\bto )(?<!\bfrom )(?<!virtual )schools?\b"
    r"(?![- ](?:age|holidays?|uniforms?|transport|places|readiness|attendance|exclusions?|leavers))|"
    r"academ(?:y|ies)|nurser(?:y|ies)|pre-?schools?|childminders?|childcare|playgroups?|holiday clubs?|"
    r"(?:primary|secondary|junior|infant)(?= (?:rated|judged|graded|praised|given|handed|gets|receives|"
    r"is|was|has|celebrates|told|hailed|slammed)\b| ?[,:;.]|$)|sixth forms?|"
    r"children[’']s (?:homes?|centres?)|care homes?|residential homes?|secure (?:children[’']s )?homes?|"
    r"secure training centres?|young offender institutions?|supported accommodation|colleges?|"
    r"education providers?|training providers?|further education|"
    r"(?:adult|community|family) (?:and community )?(?:education|learning)|apprenticeships?|"
    r"(?:adoption|fostering) (?:services?|agenc(?:y|ies)|inspection|panels?)|"
    r"inspection of (?:\w+[’']s )?(?:the )?(?:adoption|fostering) services?|"
    r"adult (?:social )?care|adult social services|youth (?:offending|justice)|probation (?:service|trust)s?|"
    r"pupils|headteachers?|head teachers?)\b",
)
# Another inspectorate, or another nation's, or another assessor (a council's own
# self-assessment, a peer review): its findings are not Ofsted's, unless it inspects with
# Ofsted. The Care Quality Commission alone rates adult social care; with Ofsted it
# inspects local areas' SEND services.
BODY = _lower(
    r"\b(?:HMI Probation|Inspectorate of Probation|HMICFRS|HMIC|Inspectorate of Constabulary|CSCI|"
    r"Commission for Social Care Inspection|Care Inspectorate|Estyn|Wales|Welsh|Scotland|Scottish|CQC|"
    r"Care Quality Commission|self-?(?:assessment|evaluation)|peer review)\b",
)
# An authority's children's services themselves (not "the council", which runs schools
# and homes too; nor SEND alone, which a school provides too).
SERVICES = _lower(
    r"\b(?:children[’']s (?:services|social care|social work)|social work|child protection|"
    r"children in care|care leavers|looked[- ]after|children in need|help and protection|"
    r"local area|(?:area )?SEND (?:services|system|arrangements|inspection))\b",
)
# An inspection still to come or under way, a verdict awaited, or what a council hopes
# inspectors will find: nothing found yet.
TO_COME = _lower(
    r"\b(?:will|would|is to|are to|set to|due to|expected to|going to|about to|preparing to|"
    r"prepare to|plan(?:s|ned)? to)\s+(?:\w+\s+){0,3}?(?:visit|inspect|arrive|return|begin|start|assess|"
    r"evaluate|carry out|look at|be inspected|publish|take place)|"
    r"\b(?:will|would|could|should|might|may)\s+(?:\w+\s+){0,2}?(?:be\s+)?(?:rated|judged|graded|"
    r"downgraded|upgraded)\b|"
    r"\b(?:preparing for|prepare for|in preparation for|ready for|readiness for|heading to|heads to|"
    r"ahead of)\b(?:\s+\w+){0,3}\s+(?:inspection|visit|inspectors|Ofsted)|"
    r"\b(?:inspection|visit)\s+(?:was|is)\s+(?:expected|due|imminent|under ?way)|"
    r"\binspection readiness|\bfuture (?:\w+ )?inspection|"
    r"\b(?:return(?:s|ed|ing)?|arriv(?:es|ed|ing)|back) (?:\w+ ){0,3}?to "
    r"(?:assess|inspect|review|evaluate|look at)|"
    r"\b(?:wants?|wanted|hopes?|hoping|aims?|aiming|targets?|targeting|expects?|expecting) "
    r"(?:to (?:be|get|achieve|gain|secure|receive) )?(?:rated|judged|a|an) (?:\w+ )?"
    r"(?:rating|grade|judgement|good|outstanding)|"
    r"\b(?:expect|expects|expecting) (?:a|an|its|the|their) (?:\w+ )?(?:inspection|visit)|"
    r"\b(?:looking|hoping|hopes?|aim(?:s|ing)?|wants?|seeking|seeks?) to (?:show|demonstrate|prove|convince)|"
    r"\b(?<!long-)(?<!long )await(?:s|ing)\b(?:\s+\w+){0,4}?\s+"
    r"(?:verdict|outcome|result|report|findings|judgement|letter|rating)|"
    r"\b(?:hope|hopes|hoped|hoping|hopeful|confident|optimistic)\b[^.;]{0,80}?\b(?:will|would)\b|"
    r"\bwhen (?:ofsted|inspectors|the inspectorate) (?:next )?(?:inspects?|visits?|returns?|comes?)|"
    r"\b(?:(?:are|is|will be) (?:\w+ )?(?:in|at|visiting) [^.]{0,40}this week|next week|"
    r"(?:not yet|yet to be) (?:been )?(?:notified|inspected|visited|published))\b",
)
# When a judgement or finding was made, told as before now: its year, "previously",
# "years ago"; and for a judgement, "at the last inspection" too (a finding "since the
# last inspection" is today's).
EARLIER = _lower(
    r"\b(?:previously|formerly|at the time|(?:\w+|\d+) years? (?:ago|after|earlier|before)|"
    r"(?:was|were) (?:last|most recently) inspected)\b"
)
# A date a judgement is dated by, its month if said and its year: "in 2017", "in March
# 2019", "on 4 May 2021", "– in 2019".
DATED = _lower(
    rf"(?:\b(?:in|from|of|until|during|on)\s+(?:(?:early|late|mid|the)\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?"
    rf"(?:({'|'.join(MONTHS)})\s+|\w+\s+)?|–\s*in\s+)((?:19|20)\d\d)\b"
)
YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
EARLIER_INSPECTION = _lower(
    r"\b(?:(?:(?:at|since|before|after|in) (?:its|the|their) (?:last|previous|earlier|prior) (?:\w+ )?"
    r"(?:inspection|visit)|the (?:last|previous) (?:\w+ )?(?:inspection|visit))"
    r"(?: in (?:\w+ )?(?:19|20)\d\d)?|since (?:\w+ )?(?:19|20)\d\d|"
    r"since\b[^,.;]{0,60}?\b(?:was|were|had been|has been) (?:\w+ )?(?:rated|judged|graded|found)\b[^,.;]*)",
)
# A sentence told wholly as before: "At the time, ...", "On that occasion, ...".
EARLIER_SENTENCE = _lower(
    r"^\W*(?:at the time|at that time|on that occasion|previously|formerly|back then|then|"
    r"(?:\w+|\d+) years? ago)\b"
)
# A sentence that goes on from what the one before said, as the past: "Since then, ...".
SINCE_THEN = _lower(r"^\W*(?:since then|since that (?:inspection|visit|time|report|letter))\b")
# What is recent: "this year", "last month", "recently", "latest".
RECENT = _lower(
    r"\b(?:this (?:week|year|month|spring|summer|autumn|winter)|last (?:week|month)|(?:most )?recent|"
    r"recently|latest|today|newly)\b"
)
# A sentence about authorities in general, not the one in view: they are its subject,
# or it gives a share of them.
GENERAL = _lower(
    r"^(?:\W*\w+\W+){0,3}?(?:local authorities|councils|authorities|local areas|areas|LAs|departments)\b|"
    r"\bper ?cent\b|\d%|\b(?:three-quarters|half|a third|a quarter|two-thirds|the majority|most) of "
    r"(?:\w+[- ])?(?:\w+ )?(?:councils|authorities|areas)\b",
)
# A sentence that names one of those the sentence before spoke of: "The most recent of
# them is Luton", "Among these is Luton".
REFERS_BACK = _lower(
    r"\b(?:(?:\w+est|most recent|first|last|one|another) of (?:these|them|those)|among (?:these|them|those)|"
    r"these include)\b"
)

# The inspectorates of the police and of probation, who inspect with Ofsted jointly.
_POLICE_OR_PROBATION = (
    r"HMICFRS|HMIC|HMI Probation|Inspectorate of (?:Constabulary|Probation)|police inspectorate|"
    r"probation inspectorate"
)
# Words that name a joint inspection of a local area's SEND services.
AREA_SEND_NAMED = _lower(
    rf"\b(?:area|local area) (?:SEND|special educational needs)|\bSEND (?:area )?(?:inspection|re-?visit)|"
    rf"local area partnership|joint local area|written statement of action|\bWSOA\b|priority action plan|"
    rf"{_SEND_OUTCOME}|"
    rf"\bspecial (?:educational )?needs (?:and disabilit\w+ )?(?:\(SEND\) )?inspection|"
    rf"\b(?:inspection|report) of (?:the )?(?:local )?(?:area[’']s )?SEND arrangements|"
    rf"\bOfsted and (?:the )?(?:CQC|Care Quality Commission)|\b(?:CQC|Care Quality Commission) and Ofsted",
)
# Words that name a joint inspection led by Ofsted: with the police or probation
# inspectorates it is a joint targeted area inspection, unless SEND is its subject.
JOINT = _lower(
    rf"\bjoint (?:multi-agency |multiagency )?inspection|\bmulti-agency inspection|"
    rf"\b(?:Ofsted|joint)\b[^.;]{{0,120}}\b(?:{_POLICE_OR_PROBATION})\b|"
    rf"\b(?:{_POLICE_OR_PROBATION})\b[^.;]{{0,120}}\bOfsted\b",
)
_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"\d+(?:st|nd|rd|th))"
)
# Words that say which kind of publication a finding was made at. A kind Ofsted alone
# makes is "Ofsted's work" on a page that never says "Ofsted".
KINDS = {
    # A visit after an inadequate judgement is a monitoring visit: "the sixth since the
    # council was judged inadequate".
    PublicationType.MONITORING_VISIT: _lower(
        rf"\bmonitoring (?:visit|letter)|"
        rf"\b(?:{_ORDINAL}|review|return|latest|monitoring) (?:[\w-]+ ){{0,2}}?visit|"
        rf"\bre-?visit|\b(?:{_ORDINAL}|visit(?:s|ed)?)\b[^.;]{{0,60}}?\bsince\b[^.;]{{0,60}}?"
        rf"\b(?:rated|judged|graded|found)\s+(?:to be\s+)?[‘'\"“]?inadequate",
    ),
    PublicationType.FOCUSED_VISIT: _lower(r"\bfocus+ed[’'\"”]?\s+(?:visit|inspection|check)"),
    PublicationType.JTAI: _lower(
        r"\bjoint targeted (?:area )?inspection|\bJTAI|\bJICPA|\bjoint inspection of (?:the )?"
        r"(?:multi-agency|child protection|arrangements)",
    ),
    PublicationType.AREA_SEND: _lower(
        AREA_SEND_NAMED.pattern + r"|\bSEND (?:services|provision|system)|"
        r"\bspecial (?:educational )?needs (?:and disabilit\w+ )?(?:\(SEND\) )?(?:provision|services)",
    ),
    PublicationType.ILACS: _lower(
        r"\binspection of (?:[A-Z][\w,]* (?:and |upon |on |of )?){0,5}(?:local authority )?children[’']s "
        r"(?:social care )?services|\bILACS\b|"
        r"\bsingle inspection framework|\bSIF\b|"
        r"\binspection of services for children in need|\bchildren[’']s (?:social care |services )inspection",
    ),
}
# A full inspection said as any inspectorate might say it: "full inspection",
# "re-inspection", "three-week inspection".
FULL_INSPECTION = _lower(
    r"\b(?:(?:full|standard|short) inspection|re-?inspection)|"
    r"\b(?:two|three|four)[- ]week (?:long )?inspection",
)
# A visit, its kind not named: a monitoring visit's letter, most often.
VISIT = _lower(r"\b(?:visit|letter)\b")
# A visit named only as another than the one reported: "since the last monitoring
# visit", "the next monitoring visit".
OTHER_VISIT = _lower(
    r"\b(?:previous|last|earlier|prior|next|future|additional) (?:\w+\s+){0,2}?(?:visits?|inspections?)\b"
    r"|\b(?:\w+\s+){0,2}?(?:visits?|inspections?) (?:last year|in (?:19|20)\d\d|previously|before)\b"
    r"|\bas with (?:a|an|the|its) (?:\w+\s+){0,3}?visits?\b",
)


def grades(text: str) -> set[str]:
    """The different grades a sentence names: three or more give the scale, not a judgement."""
    found = set()
    for hit in _GRADE_WORD.finditer(text):
        word = hit.group().lower()
        found.add("requires improvement" if "improvement" in word else word)
    return found
