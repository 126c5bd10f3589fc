"""Short passages written for the news reader, in the styles it meets: local papers,
council press releases, committee minutes, trade press and parent forums. Each says
which authorities' Ofsted findings on children's services it reports, and of what kind,
as the labelled real pages do; most of the rest are hard negatives (another setting,
another inspectorate, an inspection to come, background, a place that shares a name).

They are new text, not copied from any page: they test forms, in the reader's own
words, that real pages show. The real labelled pages stay the judge of the figures
(tests/test_news_pages.py); these hold the general forms, scored the same way.
"""

from __future__ import annotations

from datetime import date

from tests.news_pages import Page

FULL, MV, FV, JT, SEND = "ilacs", "monitoring-visit", "focused-visit", "jtai", "area-send"

# id, title, text, url, published (None: as a listing without a date gives it), expected.
_WRITTEN: list[tuple[str, str, str, str, date | None, dict[str, str]]] = [
    # Full inspections.
    (
        "i01",
        "Hartlepool children's services judged good",
        "Hartlepool Borough Council's children's services have been judged good by Ofsted, up from "
        "requires improvement.\nThe inspection, carried out over three weeks in October, found that "
        "children at risk of harm are identified quickly.\nThe cabinet member said staff deserved "
        "the credit.",
        "https://www.hartlepoolmail.co.uk/news/politics/council/childrens-services-judged-good-4821",
        date(2024, 12, 3),
        {"Hartlepool": FULL},
    ),
    (
        "i02",
        "Council's children's services rated inadequate after 'serious failures'",
        "Ofsted has rated Medway's children's services inadequate, finding that managers had not "
        "tackled serious weaknesses at the front door.\nInspectors said too many children had been "
        "left in neglectful homes for too long.",
        "https://www.communitycare.co.uk/2025/06/12/council-rated-inadequate-serious-failures/",
        None,
        {"Medway": FULL},
    ),
    (
        "i03",
        "Our children's services are outstanding",
        "We are proud to share that Ofsted has judged our services for children and families to be "
        "outstanding in all four areas.\nInspectors said leaders know their services well and keep "
        "children at the heart of every decision.",
        "https://www.solihull.gov.uk/news/ofsted-outstanding-2025",
        date(2025, 2, 20),
        {"Solihull": FULL},
    ),
    (
        "i04",
        "Agenda item: Outcome of the Inspection of Local Authority Children's Services",
        "The Director of Children's Services presented the inspection report published in February.\n"
        "Members heard that Ofsted had judged the overall effectiveness of services to be good, and "
        "the experiences and progress of care leavers to require improvement.\nRESOLVED: That the "
        "report be noted.",
        "https://democracy.wiltshire.gov.uk/mgAi.aspx?ID=9001",
        date(2024, 3, 11),
        {"Wiltshire": FULL},
    ),
    (
        "i05",
        "Stoke-on-Trent children's services no longer inadequate",
        "Children's services in Stoke-on-Trent are no longer inadequate, Ofsted has said.\nThe city "
        "council was rated inadequate in 2022 and has since spent £20m on extra social workers.\n"
        "Inspectors who visited in March found the service now requires improvement to be good.",
        "https://www.stokesentinel.co.uk/news/stoke-on-trent-news/childrens-services-improve-9912",
        date(2025, 5, 10),
        {"Stoke-on-Trent": FULL},
    ),
    (
        "i06",
        "Great news for Calderdale families",
        "Calderdale's children's social care has been given a 'good' rating by inspectors. The report "
        "found that young people leaving care felt listened to, and it is the first time the service "
        "has reached that grade since Ofsted's current framework began.",
        "https://www.calderdaleparents.org.uk/blog/great-news",
        None,
        {"Calderdale": FULL},
    ),
    (
        "i07",
        "Inspection round-up: one council outstanding, one requires improvement",
        "WIGAN\nOfsted inspectors rated Wigan's children's services outstanding, praising "
        "'ambitious and child-focused' leaders.\nHAVERING\nHavering was found to require improvement to "
        "be good, with inspectors noting delays in care proceedings.\nSTOCKTON-ON-TEES\nA monitoring "
        "visit to Stockton-on-Tees found that the council has made progress in tackling drift for "
        "children in care.",
        "https://www.cypnow.co.uk/content/news/inspection-round-up-outstanding",
        date(2023, 10, 2),
        {"Wigan": FULL, "Havering": FULL, "Stockton-on-Tees": MV},
    ),
    (
        "i08",
        "Swindon's services for vulnerable children rated good",
        "Services for vulnerable children in Swindon have been rated good.\nThe report praised social "
        "workers for knowing the children they work with well.\nThe borough's director said Ofsted's "
        "verdict reflected years of work.",
        "https://www.swindonadvertiser.co.uk/news/24190022.services-rated-good/",
        date(2024, 4, 30),
        {"Swindon": FULL},
    ),
    (
        "i09",
        "Tower Hamlets children's services rated outstanding",
        "Tower Hamlets Council, which was rated inadequate in 2017, has been judged outstanding by "
        "Ofsted.\nInspectors found that children are helped quickly and that care leavers are "
        "exceptionally well supported.",
        "https://www.eastlondonadvertiser.co.uk/news/tower-hamlets-outstanding-7731",
        date(2025, 1, 22),
        {"Tower Hamlets": FULL},
    ),
    (
        "i10",
        "Lewisham children's services 'require improvement', says Ofsted",
        "Lewisham Council's children's services require improvement to be good, according to an "
        "Ofsted report published today under the single inspection framework.\nThe council's "
        "adoption service was judged good.",
        "https://www.newsshopper.co.uk/news/14330021.lewisham-require-improvement/",
        date(2016, 3, 8),
        {"Lewisham": FULL},
    ),
    (
        "i11",
        "Bromley children's services outstanding",
        "In November 2023 Ofsted inspectors judged Bromley's children's services outstanding, and "
        "their report was published on Tuesday.\nThe council's leader thanked social workers.",
        "https://www.newsshopper.co.uk/news/24051877.bromley-outstanding/",
        date(2024, 1, 12),
        {"Bromley": FULL},
    ),
    (
        "i12",
        "Cheers as Newcastle's children's services keep top rating",
        "Newcastle City Council's children's services have again been rated outstanding by Ofsted.\n"
        "Inspectors said Newcastle's social workers 'know their children exceptionally well'.",
        "https://www.chroniclelive.co.uk/news/north-east-news/newcastle-outstanding-29551",
        date(2024, 9, 9),
        {"Newcastle upon Tyne": FULL},
    ),
    (
        "i13",
        "Ofsted praises Richmond and Kingston children's services",
        "Achieving for Children, the company that runs children's services for Richmond and Kingston "
        "councils, has been praised by Ofsted.\nInspectors rated services in both boroughs good.",
        "https://www.richmondandtwickenhamtimes.co.uk/news/23344190.achieving-for-children/",
        date(2023, 3, 1),
        {"Richmond upon Thames": FULL, "Kingston upon Thames": FULL},
    ),
    # Monitoring visits.
    (
        "m01",
        "Progress 'too slow' for children in need, inspectors say",
        "Ofsted inspectors returned to Southampton in May for their third monitoring visit since the "
        "city's children's services were judged inadequate.\nThey found that progress in improving "
        "help for children in need has been too slow.",
        "https://www.dailyecho.co.uk/news/24300112.progress-too-slow/",
        date(2024, 6, 14),
        {"Southampton": MV},
    ),
    (
        "m02",
        "Ofsted recognises improvements for children in care",
        "Ofsted's fourth monitoring visit has recognised the progress we have made in improving "
        "services for children in care.\nThe inspectors' letter said that children now see their "
        "social workers regularly.",
        "https://www.nottinghamcity.gov.uk/news/ofsted-monitoring-visit",
        date(2023, 11, 8),
        {"Nottingham": MV},
    ),
    (
        "m03",
        "Reading's children's company 'making steady progress'",
        "Brighter Futures for Children, which runs children's services for Reading Borough Council, "
        "is making steady progress, according to a monitoring letter published by Ofsted.\n"
        "Inspectors found that assessments are now completed on time.",
        "https://www.readingchronicle.co.uk/news/19233040.steady-progress/",
        None,
        {"Reading": MV},
    ),
    (
        "m04",
        "Agenda item: Letter following Ofsted's monitoring visit",
        "The Service Director for Children's Social Care introduced the letter following Ofsted's "
        "second monitoring visit, which had looked at children in care.\nInspectors had identified "
        "that the quality of supervision was improving but remained inconsistent.\nMembers asked how "
        "the use of agency staff would be reduced.",
        "https://democracy.plymouth.gov.uk/mgAi.aspx?ID=5512",
        date(2023, 7, 19),
        {"Plymouth": MV},
    ),
    (
        "m05",
        "Middlesbrough children's services: 'real improvement' seen",
        "Ofsted inspectors spent two days in Middlesbrough in February, the fifth time they have "
        "visited since the council was rated inadequate.\nThey said leaders had stabilised the "
        "workforce and that children were now seen more quickly.",
        "https://www.gazettelive.co.uk/news/teesside-news/real-improvement-seen-28811",
        date(2024, 3, 20),
        {"Middlesbrough": MV},
    ),
    (
        "m06",
        "Inspectors find council 'not yet where it needs to be'",
        "Worcestershire's children's services are improving but are 'not yet where they need to be', "
        "inspectors have said after their latest monitoring visit.\nThe letter said managers now "
        "have a better grip on caseloads.",
        "https://www.worcesternews.co.uk/news/22900451.not-yet-where-it-needs-to-be/",
        date(2022, 11, 4),
        {"Worcestershire": MV},
    ),
    # Focused visits.
    (
        "f01",
        "Focused visit finds care leavers well supported",
        "An Ofsted focused visit to Salford found that care leavers are well supported by personal "
        "advisers who know them well.\nInspectors said more work was needed on housing.",
        "https://www.cypnow.co.uk/content/news/focused-visit-care-leavers-salford",
        date(2023, 5, 25),
        {"Salford": FV},
    ),
    (
        "f02",
        "Ofsted visit praises work with children in need",
        "Inspectors carrying out a focused visit in January looked at how we support children in "
        "need and those on child protection plans.\nTheir letter, published today, found that social "
        "workers build strong relationships with families.",
        "https://www.eastriding.gov.uk/news/ofsted-focused-visit",
        date(2024, 2, 28),
        {"East Riding of Yorkshire": FV},
    ),
    (
        "f03",
        "Agenda item: Ofsted focused visit letter",
        "Members received the findings of the Ofsted focused visit of 12 and 13 March, which looked "
        "at the council's front door.\nOfsted found that decisions about children were timely and "
        "well recorded.",
        "https://democracy.southend.gov.uk/mgAi.aspx?ID=4410",
        date(2024, 4, 16),
        {"Southend-on-Sea": FV},
    ),
    # Joint targeted area inspections.
    (
        "j01",
        "Joint inspection finds strong response to domestic abuse",
        "A joint targeted area inspection by Ofsted, the Care Quality Commission, HMICFRS and HMI "
        "Probation found that agencies in Wakefield respond well to children living with domestic "
        "abuse.\nInspectors said West Yorkshire Police shared information quickly.",
        "https://www.communitycare.co.uk/2024/02/21/joint-inspection-domestic-abuse/",
        None,
        {"Wakefield": JT},
    ),
    (
        "j02",
        "Agenda item: Joint multi-agency inspection letter",
        "The Chair welcomed the letter following the joint multi-agency inspection of Oldham's "
        "response to children at risk of neglect, carried out by Ofsted, the CQC and HMICFRS in June.\n"
        "Inspectors found strong leadership across the partnership but delays in health assessments.",
        "https://committees.oldham.gov.uk/mgAi.aspx?ID=7310",
        date(2024, 9, 3),
        {"Oldham": JT},
    ),
    (
        "j03",
        "Police and council praised for tackling child exploitation",
        "Durham County Council, Durham Constabulary and health partners have been praised by "
        "inspectors for their work to protect children from exploitation.\nThe joint inspection by "
        "Ofsted, the police inspectorate and the CQC found that children at risk are identified early.",
        "https://www.thenorthernecho.co.uk/news/24021150.police-council-praised/",
        date(2024, 1, 18),
        {"Durham": JT},
    ),
    # Area SEND inspections.
    (
        "s01",
        "Families 'let down' by SEND system, inspection finds",
        "Ofsted and the Care Quality Commission found that the local area partnership's arrangements "
        "lead to inconsistent experiences and outcomes for children and young people with special "
        "educational needs and disabilities in Lincolnshire.\nInspectors said waits for speech and "
        "language therapy were too long.",
        "https://www.lincolnshirelive.co.uk/news/local-news/send-let-down-8890",
        date(2024, 10, 1),
        {"Lincolnshire": SEND},
    ),
    (
        "s02",
        "Our area's SEND inspection result",
        "The long-awaited area SEND inspection report for Barnsley has been published.\nInspectors "
        "concluded that the partnership's arrangements typically lead to positive experiences and "
        "outcomes for children and young people with SEND.",
        "https://www.barnsleyparentforum.org.uk/news/send-inspection-result",
        date(2024, 7, 15),
        {"Barnsley": SEND},
    ),
    (
        "s03",
        "SEND inspection: what happens next",
        "Following the inspection of local SEND arrangements, we and our NHS partners must produce a "
        "priority action plan, after inspectors found widespread and systemic failings.",
        "https://www.bexley.gov.uk/news/send-inspection-what-happens-next",
        date(2025, 3, 5),
        {"Bexley": SEND},
    ),
    (
        "s04",
        "Written statement of action for Sutton",
        "Ofsted and the CQC have told Sutton to produce a written statement of action after finding "
        "significant weaknesses in the area's SEND provision.",
        "https://www.suttonguardian.co.uk/news/17744321.written-statement/",
        date(2019, 7, 2),
        {"Sutton": SEND},
    ),
    (
        "s05",
        "Isle of Wight SEND services show 'widespread and/or systemic failings'",
        "The island's local area partnership has been found to have widespread and/or systemic "
        "failings leading to significant concerns about the experiences of children with SEND.\n"
        "Ofsted and the CQC said the Isle of Wight must now agree a priority action plan.",
        "https://www.islandecho.co.uk/send-systemic-failings/",
        date(2025, 4, 4),
        {"Isle of Wight": SEND},
    ),
    # A monitoring visit told through committee minutes of the council's own site.
    (
        "c01",
        "Agenda item: Children's Services Improvement Update",
        "The Director reported on the outcome of the most recent Ofsted monitoring visit, which "
        "found that leaders had made progress in improving the quality of child protection work.\n"
        "Members noted the report.",
        "https://moderngov.walthamforest.gov.uk/mgAi.aspx?ID=3201",
        date(2023, 2, 9),
        {"Waltham Forest": MV},
    ),
    # Other settings: Ofsted's other remits, not the council's children's services.
    (
        "n01",
        "Luton primary rated outstanding",
        "Staff and pupils at a Luton primary are celebrating after Ofsted rated the school "
        "outstanding for the first time.",
        "https://www.lutontoday.co.uk/education/luton-primary-outstanding-4411",
        date(2024, 6, 6),
        {},
    ),
    (
        "n02",
        "Academy in Sefton judged good",
        "An academy in Sefton has been judged good by Ofsted inspectors, who praised its curriculum.",
        "https://www.liverpoolecho.co.uk/news/liverpool-news/academy-sefton-good-2210",
        None,
        {},
    ),
    (
        "n03",
        "Children's centre in Knowsley praised by inspectors",
        "A Knowsley children's centre has been rated good by Ofsted, with inspectors praising its "
        "work with young families.",
        "https://www.knowsleynews.co.uk/childrens-centre-praised",
        date(2012, 5, 3),
        {},
    ),
    (
        "n04",
        "Adult learning service rated good",
        "Hounslow's adult and community learning service has been rated good by Ofsted.\nInspectors "
        "said learners make strong progress in English and maths.",
        "https://www.hounslowchronicle.co.uk/adult-learning-good",
        date(2023, 4, 1),
        {},
    ),
    (
        "n05",
        "Council's fostering service judged outstanding",
        "Ofsted has judged Shropshire Council's fostering service outstanding.\nInspectors found "
        "that foster carers are very well trained.",
        "https://www.shropshirestar.com/news/fostering-outstanding",
        date(2019, 10, 10),
        {},
    ),
    (
        "n06",
        "Adoption agency praised",
        "The regional adoption agency that serves Cambridgeshire and Peterborough has been rated "
        "good by Ofsted.",
        "https://www.cambridge-news.co.uk/news/adoption-agency-good",
        date(2022, 8, 8),
        {},
    ),
    (
        "n07",
        "Special school in Norfolk rated outstanding",
        "Ofsted has rated a special school in Norfolk outstanding, with inspectors praising its "
        "provision for pupils with SEND.",
        "https://www.edp24.co.uk/news/special-school-outstanding-11",
        date(2024, 2, 2),
        {},
    ),
    (
        "n08",
        "Children's home run by council judged inadequate",
        "A children's home run by Staffordshire County Council has been judged inadequate by Ofsted.\n"
        "Inspectors found staff did not always report concerns.",
        "https://www.stokesentinel.co.uk/news/childrens-home-inadequate-5512",
        date(2023, 9, 12),
        {},
    ),
    (
        "n09",
        "Nursery in Bexley rated inadequate",
        "A Bexley nursery has been rated inadequate after Ofsted inspectors found children were left "
        "unsupervised.",
        "https://www.newsshopper.co.uk/news/nursery-inadequate-3399",
        date(2024, 11, 11),
        {},
    ),
    (
        "n10",
        "College rated good",
        "Further education provider Leicester College has been rated good by Ofsted, which said "
        "students in Leicester gain useful skills.",
        "https://www.leicestermercury.co.uk/news/college-good",
        date(2023, 12, 1),
        {},
    ),
    # Other inspectorates.
    (
        "o01",
        "Adult social care rated good by the CQC",
        "The Care Quality Commission has rated Dorset Council's adult social care good in its first "
        "assessment of the council.",
        "https://www.dorsetecho.co.uk/news/adult-social-care-good",
        date(2024, 8, 20),
        {},
    ),
    (
        "o02",
        "Youth justice service requires improvement",
        "HM Inspectorate of Probation has found that Leeds youth justice service requires improvement.",
        "https://www.yorkshireeveningpost.co.uk/news/youth-justice-requires-improvement",
        date(2023, 6, 6),
        {},
    ),
    (
        "o03",
        "Force's child protection work inadequate, HMICFRS says",
        "HMICFRS has found that Cumbria Constabulary's response to children at risk is inadequate in "
        "several areas.",
        "https://www.newsandstar.co.uk/news/hmicfrs-child-protection",
        date(2022, 3, 3),
        {},
    ),
    # Inspections to come, and hopes.
    (
        "t01",
        "Inspectors arrive for key children's services check",
        "Ofsted inspectors will spend three weeks examining Northamptonshire's children's services "
        "from Monday.\nThe council was rated inadequate at its last inspection in 2019.",
        "https://www.northamptonchron.co.uk/news/inspectors-arrive-2231",
        date(2022, 5, 6),
        {},
    ),
    (
        "t02",
        "Council awaits Ofsted verdict",
        "Hillingdon Council is awaiting the outcome of an Ofsted inspection of its children's "
        "services, which ended last week.\nThe cabinet member said she was confident the report "
        "would recognise the improvements made.",
        "https://www.getwestlondon.co.uk/news/hillingdon-awaits-verdict",
        date(2024, 11, 29),
        {},
    ),
    (
        "t03",
        "Agenda item: Preparing for the inspection of local authority children's services",
        "The Assistant Director set out the self-evaluation and the plan to prepare for the next "
        "inspection.\nMembers hoped that inspectors would find services good.",
        "https://democracy.bracknell-forest.gov.uk/mgAi.aspx?ID=6612",
        date(2023, 1, 23),
        {},
    ),
    (
        "t04",
        "Council aims for 'good' at next inspection",
        "Portsmouth City Council wants to be rated good when Ofsted next inspects its children's "
        "services, the director has told councillors.",
        "https://www.portsmouth.co.uk/news/aims-for-good",
        date(2023, 8, 8),
        {},
    ),
    # Background: an old judgement told to explain something else.
    (
        "b01",
        "Council agrees extra £4m for children's social care",
        "Thurrock Council, whose children's services were rated good by Ofsted, has agreed an extra "
        "£4m for children's social care to cover rising placement costs.",
        "https://www.thurrockgazette.co.uk/news/extra-4m",
        date(2025, 2, 14),
        {},
    ),
    (
        "b02",
        "Social workers wanted",
        "Join our team in Rutland, where Ofsted rated our children's services good in 2019.\nWe offer "
        "a relocation package and protected caseloads.",
        "https://www.rutland.gov.uk/jobs/social-workers",
        date(2025, 6, 1),
        {},
    ),
    (
        "b03",
        "Trust to run children's services for another five years",
        "The trust was set up in 2016 after Ofsted rated Slough's children's services inadequate.\n"
        "Ministers have now agreed that it will run them until 2030.",
        "https://www.sloughexpress.co.uk/news/trust-five-years",
        date(2025, 4, 11),
        {},
    ),
    (
        "b04",
        "Director of children's services to retire",
        "Bolton's director of children's services, who led the department to a good Ofsted rating, "
        "is to retire this summer.",
        "https://www.theboltonnews.co.uk/news/director-retire",
        date(2024, 4, 4),
        {},
    ),
    # National figures, naming no authority's finding.
    (
        "g01",
        "More councils rated good or better",
        "Nearly two-thirds of councils are now rated good or outstanding for children's services, "
        "Ofsted's annual report shows.\nCouncils in the North East did best.",
        "https://www.communitycare.co.uk/2024/12/05/more-councils-good/",
        None,
        {},
    ),
    # Places that share an authority's name.
    (
        "x01",
        "Praise for social workers in the Potteries",
        "Inspectors who visited teams in Leek and Newcastle-under-Lyme found that social workers "
        "knew their children well.\nStaffordshire's children's services were rated good by Ofsted.",
        "https://www.stokesentinel.co.uk/news/potteries-social-workers",
        date(2024, 5, 5),
        {"Staffordshire": FULL},
    ),
    (
        "x02",
        "North Yorkshire children's services outstanding again",
        "North Yorkshire Council's children's services have again been rated outstanding by Ofsted.\n"
        "In Richmond, Harrogate and Scarborough, inspectors found that social workers visit "
        "children often.",
        "https://www.northyorkshirelive.co.uk/news/outstanding-again",
        date(2023, 7, 7),
        {"North Yorkshire": FULL},
    ),
    (
        "x03",
        "Suffolk children's services 'good'",
        "Ofsted found that Suffolk County Council's children's services are good.\nInspectors found "
        "strong practice in Ipswich, Lowestoft and Bury St Edmunds.",
        "https://www.eadt.co.uk/news/suffolk-good",
        date(2022, 6, 1),
        {"Suffolk": FULL},
    ),
    (
        "x04",
        "Sutton Coldfield nursery judged good",
        "A nursery in Sutton Coldfield has been judged good by Ofsted.\nBirmingham Children's Trust "
        "was not involved.",
        "https://www.birminghammail.co.uk/news/sutton-coldfield-nursery",
        date(2024, 1, 9),
        {},
    ),
    (
        "x05",
        "Windsor Castle visit for foster families",
        "Foster families from across Berkshire enjoyed a day at Windsor Castle.\nOfsted has rated the "
        "castle's education programme outstanding, organisers said.",
        "https://www.windsorexpress.co.uk/news/castle-visit",
        date(2023, 8, 2),
        {},
    ),
    (
        "x06",
        "Bath Spa University praised",
        "Ofsted rated Bath Spa University's teacher training outstanding.",
        "https://www.bathchronicle.co.uk/news/bath-spa-teacher-training",
        date(2023, 5, 30),
        {},
    ),
    (
        "x07",
        "Hereford cattle show",
        "Hereford cattle breeders gathered at the county show, which was inspected and found good by judges.",
        "https://www.herefordtimes.com/news/cattle-show",
        date(2024, 8, 1),
        {},
    ),
    (
        "x08",
        "Kingston, Jamaica: a school partnership",
        "Social workers from Kingston, Jamaica, came to London to see how Ofsted inspects "
        "children's services, and found that most boroughs are rated good.",
        "https://www.voice-online.co.uk/news/kingston-jamaica-partnership",
        date(2022, 10, 10),
        {},
    ),
    (
        "x09",
        "Reading the inspection report",
        "Reading the inspection report, it is clear that Ofsted found children in the county wait "
        "too long.\nWest Sussex County Council's children's services were judged inadequate.",
        "https://www.westsussextoday.co.uk/news/reading-the-report",
        date(2019, 4, 15),
        {"West Sussex": FULL},
    ),
    (
        "x10",
        "Newcastle United foundation praised",
        "Newcastle United Foundation's holiday club has been judged good by Ofsted inspectors.",
        "https://www.chroniclelive.co.uk/news/foundation-praised",
        date(2024, 8, 14),
        {},
    ),
    # A partnership named beside the council in a joint inspection's list of partners.
    (
        "j04",
        "Joint inspection praises response to children missing from home",
        "Sunderland City Council, Northumbria Police and health partners have been praised after a "
        "joint targeted area inspection found that children who go missing are found and helped "
        "quickly.",
        "https://www.sunderlandecho.com/news/joint-inspection-praise",
        date(2023, 11, 1),
        {"Sunderland": JT},
    ),
    # A finding, then what the council did after.
    (
        "p01",
        "Ofsted: East Sussex children's services outstanding",
        "Ofsted rated East Sussex's children's services outstanding following an inspection in "
        "January.\nSince then, the council has opened two new children's homes.",
        "https://www.eastsussex.gov.uk/news/outstanding",
        date(2025, 3, 18),
        {"East Sussex": FULL},
    ),
    (
        "p02",
        "Old judgement, new budget",
        "In 2018 Ofsted rated Sandwell's children's services inadequate.\nSince then, the council has "
        "handed them to a trust, which this week set its budget.",
        "https://www.expressandstar.com/news/old-judgement-new-budget",
        date(2025, 1, 30),
        {},
    ),
    # A hope in a council statement after a visit, with no finding yet.
    (
        "p03",
        "Inspectors visit Lancashire",
        "Ofsted inspectors carried out a monitoring visit to Lancashire last week.\nThe council said "
        "it was hopeful that the letter would show further progress.",
        "https://www.lancashiretelegraph.co.uk/news/inspectors-visit",
        date(2024, 5, 17),
        {},
    ),
    # A parent forum's account of a SEND finding, the area named by the forum's own title.
    (
        "p04",
        "Parent Carer Forum Hertfordshire: what the inspectors said",
        "The joint Ofsted and CQC report on our local area found that families wait too long for "
        "EHC plans, and that the partnership must improve how it listens to parents.",
        "https://www.hertsparentcarers.org.uk/news/what-inspectors-said",
        date(2024, 12, 12),
        {"Hertfordshire": SEND},
    ),
    # A trade-press story on an older framework's grade.
    (
        "p05",
        "Council's children's services rated 'adequate'",
        "Ofsted has judged Blackpool's safeguarding services adequate and its services for looked "
        "after children good.",
        "https://www.communitycare.co.uk/2011/06/14/blackpool-adequate/",
        None,
        {"Blackpool": FULL},
    ),
    # A story on a council that only uses the relative-clause background, dated recently.
    (
        "p06",
        "Council to recruit 30 social workers",
        "Barking and Dagenham Council, rated requires improvement by Ofsted, will recruit 30 social "
        "workers this year.",
        "https://www.barkinganddagenhampost.co.uk/news/recruit-30",
        date(2024, 2, 2),
        {},
    ),
    # A headline in title case, the name's other senses ruled out by the story.
    (
        "i14",
        "Bury Council Children's Services Rated 'Good' By Ofsted",
        "Ofsted inspectors have rated Bury's children's services good, three years after a poor "
        "report.\nThe report said children are now seen quickly.",
        "https://www.burytimes.co.uk/news/rated-good",
        date(2024, 10, 25),
        {"Bury": FULL},
    ),
    # Westminster, the seat of government.
    (
        "w01",
        "Ministers want every council rated good",
        "Ministers in Westminster want every council's children's services to be rated good, but "
        "Ofsted found that fewer than half are.",
        "https://www.lgcplus.com/politics/ministers-want-good",
        date(2024, 3, 3),
        {},
    ),
]


def passages() -> list[Page]:
    """The written passages, as labelled pages are read."""
    return [
        Page(id, url, title, text, frozenset(expected), dict(expected), published)
        for id, title, text, url, published, expected in _WRITTEN
    ]
