"""The hand inventory's specification: what each seed states, read by a person.

``build_inventory.py`` turns this into the YAML files beside it (offsets computed there).
Items: every checkable statement (``kind`` and ``stated`` as a claim file has them, the
``claim`` id under which it is registered in ``data/claims/``). Negatives: look-alikes that
are not claims. ``out_of_format``: claim-like statements the claim format cannot express.
"""

T = True
F = False

FEDER14 = dict(trial="feder2014")
FEDER21 = dict(trial="feder2021")
SSRI_TRIALS = ["brady2000", "davidson2001", "marshall2001", "tucker2001"]


def sig(direction="better", significant=T, **kw):
    d = {"direction": direction, "significant": significant}
    d.update(kw)
    return d


SPEC = {}

# --------------------------------------------------------------------------------------
# 000: Tovani, Treatment-Resistant PTSD
# --------------------------------------------------------------------------------------
SPEC["000_d6fba1d79f0e1bdd"] = {
    "document": "tovani-treatment-resistant-ptsd",
    "items": [
        dict(quote="repeated ketamine has randomized-trial evidence", kind="significance",
             stated=sig(), claim="feder2021-subtitle", **FEDER21,
             note="page subtitle; also a design assertion (randomized); linked by descriptors"),
        dict(quote="help a minority fully", kind="proportion",
             stated={"value": "less than half", "intervention": "SSRI"}, trial=None,
             claim="ssri-full-response-minority",
             note="'a minority' fully helped: full response (remission) on sertraline/paroxetine "
                  "below one half. Left unlinked on purpose: the SSRI trials in data/ (brady2000, "
                  "davidson2001, marshall2001, tucker2001) hold response, not remission, and a "
                  "response rate must not stand in for full response"),
        dict(quote="A randomized controlled trial",
             ctx="A randomized controlled trial found a single ketamine infusion", kind="design",
             stated={"randomized": T}, claim="feder2014-design-short", **FEDER14,
             note="linked through footnote 1 (Feder 2014)"),
        dict(quote="a single ketamine infusion",
             ctx="A randomized controlled trial found a single ketamine infusion", kind="count",
             stated={"value": "single", "what": "infusions", "intervention": "ketamine"},
             claim="single-infusion-rct", **FEDER14),
        dict(quote="produced rapid reduction in core PTSD symptoms", kind="significance",
             stated=sig(outcome_concept="symptom_score"), claim="feder2014-rapid-reduction-short",
             note="no word 'significant'; a trial that 'found' a reduction is read as a "
                  "significant benefit", **FEDER14),
        dict(quote="A randomized controlled trial found a single ketamine infusion produced rapid "
                   "reduction in core PTSD symptoms.¹",
             kind="support", source="feder2014-jamapsych", claim="support-ref1-short",
             stated={"condition": "PTSD", "intervention": "ketamine, single infusion",
                     "outcome": "PTSD symptoms", "design": "randomized controlled trial",
                     "statement": "one ketamine infusion quickly lowers core PTSD symptoms"},
             **FEDER14),
        dict(quote="A later randomized trial of repeated ketamine infusions", kind="design",
             stated={"randomized": T}, claim="feder2021-design-short", **FEDER21),
        dict(quote="showed efficacy in chronic PTSD",
             ctx="infusions showed efficacy in chronic PTSD over two weeks", kind="significance",
             stated=sig(outcome_concept="symptom_score"), claim="feder2021-efficacy-short",
             **FEDER21),
        dict(quote="over two weeks", ctx="showed efficacy in chronic PTSD over two weeks",
             kind="duration", stated={"value": "two weeks", "what": "course", "intervention": "ketamine"},
             claim="repeated-infusions-two-weeks", **FEDER21),
        dict(quote="A later randomized trial of repeated ketamine infusions showed efficacy in "
                   "chronic PTSD over two weeks — the strongest evidence to date.²",
             kind="support", source="feder2021-ajp", claim="support-ref2-short",
             stated={"condition": "chronic PTSD", "intervention": "repeated ketamine infusions",
                     "design": "randomized trial",
                     "statement": "repeated ketamine infusions work in chronic PTSD over two weeks"},
             **FEDER21),
        dict(quote="ketamine is best paired with trauma-focused therapy rather than used alone.³",
             kind="support", source=None, claim="support-ref3-short",
             stated={"condition": "PTSD", "intervention": "ketamine with trauma-focused therapy",
                     "statement": "ketamine works better combined with trauma-focused therapy "
                                  "than on its own"},
             note="footnote 3 is Williams 2025 (Cochrane, PMID 42206608), not in data/ "
                  "(williams2022-cdsr is the 2022 version of the review)"),
        dict(quote="Repeated intravenous ketamine has randomized-trial support in chronic PTSD",
             kind="significance", stated=sig(), claim="feder2021-support-when-fail",
             note="also a design assertion (randomized); no citation marker, linked by "
                  "descriptors (repeated IV ketamine, chronic PTSD)", **FEDER21),
        dict(quote="current Cochrane evidence continues to weigh the modest role of "
                   "pharmacotherapy overall",
             kind="support", source=None, claim="cochrane-modest-pharmacotherapy",
             stated={"condition": "PTSD", "intervention": "pharmacotherapy",
                     "design": "Cochrane systematic review",
                     "statement": "medication plays a modest role overall in PTSD"},
             note="the page's Cochrane reference is Williams 2025, not in data/; candidate "
                  "williams2022-cdsr"),
        dict(quote="A proof-of-concept RCT", kind="design", stated={"randomized": T},
             claim="feder2014-design-fits", **FEDER14),
        dict(quote="a single infusion",
             ctx="A proof-of-concept RCT showed a single infusion rapidly", kind="count",
             stated={"value": "single", "what": "infusions"},
             claim="feder2014-single-infusion-fits", **FEDER14),
        dict(quote="rapidly reduced core PTSD symptoms", kind="significance",
             stated=sig(outcome_concept="symptom_score"), claim="feder2014-rapid-reduction-fits",
             **FEDER14),
        dict(quote="A proof-of-concept RCT showed a single infusion rapidly reduced core PTSD "
                   "symptoms,¹",
             kind="support", source="feder2014-jamapsych", claim="support-ref1-fits",
             stated={"condition": "PTSD", "intervention": "ketamine, single infusion",
                     "outcome": "PTSD symptoms", "design": "randomized controlled trial",
                     "statement": "one ketamine infusion quickly lowers core PTSD symptoms"},
             **FEDER14),
        dict(quote="a subsequent randomized trial of repeated infusions", kind="design",
             stated={"randomized": T}, claim="feder2021-design-fits", **FEDER21),
        dict(quote="over two weeks", ctx="repeated infusions over two weeks demonstrated",
             kind="duration", stated={"value": "two weeks", "what": "course"},
             claim="feder2021-two-weeks-fits", **FEDER21),
        dict(quote="demonstrated efficacy in chronic PTSD", kind="significance",
             stated=sig(outcome_concept="symptom_score"), claim="feder2021-efficacy-fits",
             **FEDER21),
        dict(quote="a subsequent randomized trial of repeated infusions over two weeks "
                   "demonstrated efficacy in chronic PTSD — the most rigorous evidence available.²",
             kind="support", source="feder2021-ajp", claim="support-ref2-fits",
             stated={"condition": "chronic PTSD", "intervention": "repeated ketamine infusions",
                     "design": "randomized trial",
                     "statement": "repeated ketamine infusions work in chronic PTSD over two weeks"},
             **FEDER21),
        dict(quote="That is why it is best used as a catalyst alongside therapy rather than as a "
                   "standalone treatment, a framing consistent with broader PTSD pharmacotherapy "
                   "evidence.³",
             kind="support", source=None, claim="support-ref3-fits",
             stated={"condition": "PTSD", "intervention": "ketamine alongside psychotherapy",
                     "statement": "ketamine is best used together with therapy, not alone"},
             note="footnote 3 is Williams 2025 (not in data/), a review of PTSD drug treatment"),
        dict(quote="a single infusion", ctx="One trial showed a single infusion rapidly",
             kind="count", stated={"value": "single", "what": "infusions"},
             claim="feder2014-single-infusion-faq", **FEDER14,
             note="no citation; linked by descriptors (single infusion, earlier of two trials)"),
        dict(quote="rapidly reduced symptoms",
             ctx="One trial showed a single infusion rapidly reduced symptoms",
             kind="significance", stated=sig(outcome_concept="symptom_score"),
             claim="feder2014-rapid-reduction-faq", **FEDER14),
        dict(quote="a later trial of repeated infusions showed efficacy in chronic PTSD",
             kind="significance", stated=sig(outcome_concept="symptom_score"),
             claim="feder2021-efficacy-faq", **FEDER21),
        dict(quote="repeated ketamine has randomized-trial support", kind="significance",
             stated=sig(), claim="feder2021-support-faq", **FEDER21,
             note="also a design assertion (randomized)"),
        dict(quote="Feder A et al. 2014, JAMA Psychiatry Randomized controlled trial: a single IV "
                   "ketamine infusion rapidly reduced symptoms of chronic PTSD. (PMID 24740528)",
             kind="citation",
             stated={"author": "Feder", "year": 2014, "journal": "JAMA Psychiatry",
                     "pmid": "24740528"},
             source="feder2014-jamapsych", claim="ref-feder2014", **FEDER14),
        dict(quote="Randomized controlled trial",
             ctx="JAMA Psychiatry Randomized controlled trial: a single IV", kind="design",
             stated={"randomized": T}, claim="feder2014-design-ref", **FEDER14),
        dict(quote="a single IV ketamine infusion", kind="count",
             stated={"value": "single", "what": "infusions", "intervention": "ketamine IV"},
             claim="feder2014-single-infusion-ref", **FEDER14),
        dict(quote="rapidly reduced symptoms of chronic PTSD", kind="significance",
             stated=sig(outcome_concept="symptom_score"), claim="feder2014-rapid-reduction-ref",
             **FEDER14),
        dict(quote="Feder A et al. 2021, American Journal of Psychiatry Randomized controlled trial "
                   "of repeated ketamine infusions showing efficacy in chronic PTSD. (PMID 33397139)",
             kind="citation",
             stated={"author": "Feder", "year": 2021, "journal": "American Journal of Psychiatry",
                     "pmid": "33397139"},
             source="feder2021-ajp", claim="ref-feder2021", **FEDER21),
        dict(quote="Randomized controlled trial of repeated ketamine infusions", kind="design",
             stated={"randomized": T}, claim="feder2021-design-ref", **FEDER21),
        dict(quote="showing efficacy in chronic PTSD", kind="significance",
             stated=sig(outcome_concept="symptom_score"), claim="feder2021-efficacy-ref",
             **FEDER21),
        dict(quote="Williams T et al. 2025, Cochrane Database of Systematic Reviews Systematic "
                   "review of pharmacotherapy for PTSD, contextualizing medication's overall role. "
                   "(PMID 42206608)",
             kind="citation",
             stated={"author": "Williams", "year": 2025,
                     "journal": "Cochrane Database of Systematic Reviews", "pmid": "42206608"},
             source=None, claim="ref-williams2025",
             note="not in data/; williams2022-cdsr is the 2022 version (CD002795.pub3)"),
    ],
    "negatives": [
        dict(quote="DSM-5 309.81 / ICD-11 6B40", why="diagnostic codes, not figures"),
        dict(quote="four symptom clusters", why="DSM-5 definition (number of symptom clusters)"),
        dict(quote="persisting more than a month",
             why="DSM-5 diagnostic criterion (part of the definition), not a study result"),
        dict(quote="1.", ctx="1. Feder A et al. 2014", why="reference-list number"),
        dict(quote="2.", ctx="2. Feder A et al. 2021", why="reference-list number"),
        dict(quote="3.", ctx="3. Williams T et al.", why="reference-list number"),
        dict(quote="June 2, 2026", why="date the page was reviewed"),
    ],
    "out_of_format": [
        dict(quote="the strongest evidence to date", why="superlative about the body of evidence"),
        dict(quote="Trauma-focused psychotherapy is the most effective treatment",
             why="superlative comparison of treatments; no data compares them"),
        dict(quote="Prolonged exposure, cognitive processing therapy (CPT), and EMDR have the "
                   "strongest evidence", why="superlative about the body of evidence"),
        dict(quote="Ketamine has the strongest randomized evidence of any glutamatergic agent in PTSD",
             why="superlative over a drug class"),
        dict(quote="the most rigorous evidence available", why="superlative"),
        dict(quote="It has the strongest randomized evidence of any glutamate-based treatment for "
                   "PTSD", why="superlative over a drug class"),
        dict(quote="Ketamine alone tends to be less durable",
             why="comparison of ketamine alone with ketamine plus therapy; no trial named, none "
                 "in data/ compares the two, and no significance is asserted"),
        dict(quote="Depression very commonly co-occurs with PTSD",
             why="frequency in words without a figure or source"),
    ],
}

# --------------------------------------------------------------------------------------
# 001: Tovani, PTSD
# --------------------------------------------------------------------------------------
SPEC["001_a445824122e5347f"] = {
    "document": "tovani-ptsd",
    "items": [
        dict(quote="A substantial minority do not respond to first-line care", kind="proportion",
             stated={"value": "less than half"}, claim="first-line-nonresponse",
             note="'a substantial minority' (non-response to first-line care, therapy or SSRI): "
                  "below one half and not small; no trial named"),
        dict(quote="A randomized controlled trial",
             ctx="A randomized controlled trial (Feder 2014, JAMA Psychiatry) found",
             kind="design", stated={"randomized": T}, claim="feder2014-design-short", **FEDER14),
        dict(quote="Feder 2014, JAMA Psychiatry",
             ctx="trial (Feder 2014, JAMA Psychiatry) found", kind="citation",
             stated={"author": "Feder", "year": 2014, "journal": "JAMA Psychiatry"},
             source="feder2014-jamapsych", claim="cite-feder2014-short", **FEDER14),
        dict(quote="a single ketamine infusion",
             ctx="found a single ketamine infusion produced rapid, significant", kind="count",
             stated={"value": "single", "what": "infusions", "intervention": "ketamine",
                     "comparator": "active control"},
             claim="feder2014-single-infusion-active-control", **FEDER14),
        dict(quote="produced rapid, significant reduction in core PTSD symptoms versus active control",
             kind="significance",
             stated=sig(outcome_concept="symptom_score", comparator="active control"),
             claim="feder2014-significant-short", **FEDER14),
        dict(quote="a randomized, double-blind trial", kind="design",
             stated={"randomized": T, "blinding": "double"}, claim="feder2014-design-fits",
             **FEDER14),
        dict(quote="Feder 2014, JAMA Psychiatry", ctx="trial (Feder 2014, JAMA Psychiatry), a single",
             kind="citation", stated={"author": "Feder", "year": 2014, "journal": "JAMA Psychiatry"},
             source="feder2014-jamapsych", claim="cite-feder2014-fits", **FEDER14),
        dict(quote="a single ketamine infusion",
             ctx="a single ketamine infusion produced a rapid and significant", kind="count",
             stated={"value": "single", "what": "infusions"}, claim="feder2014-single-infusion-fits",
             **FEDER14),
        dict(quote="produced a rapid and significant reduction in core PTSD symptoms compared with an "
                   "active control",
             kind="significance",
             stated=sig(outcome_concept="symptom_score", comparator="active control"),
             claim="feder2014-significant-fits", **FEDER14),
        dict(quote="a later repeated-dosing trial extended the signal", kind="significance",
             stated=sig(), claim="feder2021-extended-signal", **FEDER21,
             note="no citation; linked by descriptors (later, repeated dosing)"),
        dict(quote="The two FDA-approved medications for PTSD", kind="count",
             stated={"value": "two"}, claim="fda-approved-ssris",
             note="a regulatory fact: no 'what' of the count kind fits (approved medicines)"),
        dict(quote="Off-label but with supportive trial evidence", kind="support", source=None,
             claim="venlafaxine-trial-support",
             stated={"condition": "PTSD", "intervention": "venlafaxine",
                     "statement": "venlafaxine has supportive trial evidence in PTSD"},
             note="no source cited; data/ holds no venlafaxine trial"),
        dict(quote="Feder A et al. 2014, JAMA Psychiatry Randomized controlled trial; a single "
                   "intravenous ketamine infusion produced rapid, significant reduction in chronic "
                   "PTSD symptoms versus an active (midazolam) control. (PMID 24740528)",
             kind="citation",
             stated={"author": "Feder", "year": 2014, "journal": "JAMA Psychiatry",
                     "pmid": "24740528"},
             source="feder2014-jamapsych", claim="ref-feder2014", **FEDER14),
        dict(quote="Randomized controlled trial",
             ctx="JAMA Psychiatry Randomized controlled trial; a single intravenous", kind="design",
             stated={"randomized": T}, claim="feder2014-design-ref", **FEDER14),
        dict(quote="a single intravenous ketamine infusion", kind="count",
             stated={"value": "single", "what": "infusions", "intervention": "ketamine IV"},
             claim="feder2014-single-infusion-ref", **FEDER14),
        dict(quote="produced rapid, significant reduction in chronic PTSD symptoms", kind="significance",
             stated=sig(outcome_concept="symptom_score"), claim="feder2014-significant-ref",
             **FEDER14),
        dict(quote="versus an active (midazolam) control", kind="design",
             stated={"control": "active_placebo", "comparator": "midazolam"},
             claim="feder2014-midazolam-control", **FEDER14),
        dict(quote="Sippel LM et al. 2024, American Journal of Psychiatry Review of novel "
                   "pharmacologic and other somatic treatment approaches for PTSD, including "
                   "ketamine and the evidence for trauma-focused therapies. (PMID 39616450)",
             kind="citation",
             stated={"author": "Sippel", "year": 2024, "journal": "American Journal of Psychiatry",
                     "pmid": "39616450"},
             source="sippel2024-ajp", claim="ref-sippel2024"),
        dict(quote="Murrough JW et al. 2013, American Journal of Psychiatry Ketamine RCT in "
                   "treatment-resistant depression — the comorbidity most relevant to PTSD — with "
                   "64% response within 24 hours. (PMID 23982301)",
             kind="citation",
             stated={"author": "Murrough", "year": 2013, "journal": "American Journal of Psychiatry",
                     "pmid": "23982301"},
             source="murrough2013-ajp", claim="ref-murrough2013", trial="murrough2013"),
        dict(quote="Ketamine RCT in treatment-resistant depression", kind="design",
             stated={"randomized": T}, claim="murrough2013-design-ref", trial="murrough2013"),
        dict(quote="64% response within 24 hours", kind="proportion",
             stated={"value": "64%", "arm": "ketamine", "intervention": "ketamine"},
             trial="murrough2013", outcome="madrs_response", claim="murrough2013-response-24h"),
    ],
    "negatives": [
        dict(quote="DSM-5 309.81 / ICD-10 F43.1", why="diagnostic codes, not figures"),
        dict(quote="four symptom clusters", why="DSM-5 definition (number of symptom clusters)"),
        dict(quote="DSM-5 requires symptoms from four clusters",
             why="DSM-5 definition (number of symptom clusters)"),
        dict(quote="(ICD-11)", why="name of a classification"),
        dict(quote="An alpha-1 blocker", why="drug class name containing a digit"),
        dict(quote="lasting more than one month", why="DSM-5 diagnostic criterion, not a study result"),
        dict(quote="persisting more than one month", why="DSM-5 diagnostic criterion"),
        dict(quote="(1)", why="enumeration of symptom clusters"),
        dict(quote="(2)", why="enumeration of symptom clusters"),
        dict(quote="(3)", why="enumeration of symptom clusters"),
        dict(quote="(4)", why="enumeration of symptom clusters"),
        dict(quote="within the first 3 days to 1 month after trauma",
             why="diagnostic time window of acute stress disorder, not a study result"),
        dict(quote="beyond one month", why="DSM-5 diagnostic criterion"),
        dict(quote="1.", ctx="1. Feder A et al. 2014", why="reference-list number"),
        dict(quote="2.", ctx="2. Sippel LM", why="reference-list number"),
        dict(quote="3.", ctx="3. Murrough JW", why="reference-list number"),
        dict(quote="May 30, 2026", why="date the page was reviewed"),
    ],
    "out_of_format": [
        dict(quote="SSRIs (sertraline, paroxetine) are FDA-approved but generally less effective "
                   "than trauma-focused therapy",
             why="comparison of treatment classes without figures, trial or significance; data/ "
                 "holds no SSRI-vs-psychotherapy comparison"),
        dict(quote="PTSD is frequently comorbid with depression, substance use, and chronic pain",
             why="frequency in words without a figure or source"),
        dict(quote="the first controlled evidence for rapid-acting pharmacotherapy in PTSD",
             why="priority claim (first ever); nothing in the format or data can check it"),
        dict(quote="Ketamine has among the most encouraging controlled evidence of any rapid-acting "
                   "medication for PTSD", why="superlative over a drug class"),
        dict(quote="effect sizes exceed medication for most patients",
             why="comparison of effect sizes between therapy and medication, no figures or source"),
        dict(quote="MDMA-assisted therapy is under regulatory review", why="regulatory status"),
    ],
}

# --------------------------------------------------------------------------------------
# 002: directory guide, Ketamine Therapy for PTSD
# --------------------------------------------------------------------------------------
SPEC["002_0de211eb7dae51b5"] = {
    "document": "guide-ketamine-ptsd",
    "items": [
        dict(quote="the two medications approved for PTSD", kind="count", stated={"value": "two"},
             claim="approved-medications-intro",
             note="a regulatory fact: no 'what' of the count kind fits (approved medicines)"),
        dict(quote="The FDA has approved only two medications specifically for PTSD", kind="count",
             stated={"value": "two"}, claim="fda-approved-medications",
             note="a regulatory fact: no 'what' of the count kind fits (approved medicines)"),
        dict(quote="the response rate sits around 50 to 60%", kind="proportion",
             stated={"value": "around 50 to 60%", "intervention": "SSRI"}, trial=SSRI_TRIALS,
             outcome={"brady2000": "response", "davidson2001": "response"},
             claim="ssri-response-rate"),
        dict(quote="a randomized controlled trial of repeated ketamine infusions for chronic PTSD",
             kind="design", stated={"randomized": T}, claim="feder2021-design", **FEDER21),
        dict(quote="67% of participants who received ketamine responded to treatment, compared to "
                   "just 20% in the placebo group",
             kind="two_proportions",
             stated={"treatment": "67%", "control": "20%", "intervention": "ketamine",
                     "comparator": "placebo"},
             outcome="caps5_response", claim="strongest-rct-response", **FEDER21,
             note="the comparator was midazolam, an active placebo"),
        dict(quote="a median of about 27.5 days", kind="median_time",
             stated={"value": "about 27.5 days", "arm": "ketamine"}, outcome="loss_of_response",
             claim="response-duration-median", **FEDER21),
        dict(quote="a two-week course of infusions", kind="duration",
             stated={"value": "two weeks", "what": "course"}, claim="two-week-course", **FEDER21),
        dict(quote="The trial included only 30 people", kind="count",
             stated={"value": "30", "what": "randomized"}, claim="trial-size", **FEDER21),
        dict(quote="The findings have held up across more than one study", kind="count",
             stated={"value": "more than one", "what": "studies"},
             trial=["feder2014", "feder2021"], claim="findings-replicated-studies",
             note="the two Feder trials by 'the same researchers'; read as at least two studies"),
        dict(quote="Thousands of patients have been studied", kind="count",
             stated={"value": "over 1,000", "what": "participants"}, claim="depression-thousands",
             note="printed 'Thousands' (read as more than one thousand); ketamine for depression, "
                  "no study named"),
        dict(quote="over 2,600 treatment-resistant patients", kind="count",
             stated={"value": "over 2,600", "what": "participants"}, claim="real-world-depression-n",
             note="no study named; candidates in data/: hietamies2023-jad (2758 patients, not all "
                  "TRD), mcinnes2022-jad (537 with induction data), alnefeesi2022-jpr (pooled)"),
        dict(quote="roughly half responded", kind="proportion", stated={"value": "roughly half"},
             claim="real-world-depression-response"),
        dict(quote="the 67% response finding", kind="proportion",
             stated={"value": "67%", "arm": "ketamine", "intervention": "ketamine IV"},
             outcome="caps5_response", claim="iv-67-percent", **FEDER21),
        dict(quote="over about 40 to 60 minutes", kind="duration",
             stated={"value": "about 40 to 60 minutes", "what": "infusion"},
             claim="infusion-length", note="clinic practice; no trial named"),
        dict(quote="over about two weeks", kind="duration",
             stated={"value": "about two weeks", "what": "course"}, claim="initial-series-two-weeks",
             note="clinic practice; no trial named"),
        dict(quote="between $350 and $600, with many landing around $400 to $450. The standard "
                   "starting course is six infusions over two weeks, so the upfront cost often falls "
                   "in the $2,100 to $3,600 range",
             kind="arithmetic",
             stated={"expression": ["6 × $350", "6 × $600"], "value": "$2,100 to $3,600"},
             claim="course-cost", note="the $400 to $450 band is not used by the arithmetic"),
        dict(quote="six infusions", ctx="The standard starting course is six infusions over two weeks",
             kind="count", stated={"value": "six", "what": "infusions"}, claim="standard-course",
             note="clinic practice; no trial named"),
        dict(quote="over two weeks", ctx="six infusions over two weeks, so", kind="duration",
             stated={"value": "two weeks", "what": "course"}, claim="standard-course-two-weeks",
             note="clinic practice; no trial named"),
        dict(quote="the trials in PTSD patients reported it was well tolerated without serious "
                   "adverse events",
             kind="count", stated={"value": "0", "what": "events"}, claim="ptsd-trials-no-serious-ae",
             trial=["feder2014", "feder2021"],
             note="'without serious adverse events' read as zero serious adverse events; which "
                  "trials is not said (the two Feder trials are the ones the page discusses); "
                  "data/ holds no adverse-event counts for them"),
        dict(quote="fade within an hour", kind="duration",
             stated={"value": "within an hour", "what": "wearing_off"}, claim="side-effects-fade",
             note="nausea, blood pressure rise, dizziness; no trial named"),
        dict(quote="The strongest trial found two-thirds of participants responded", kind="proportion",
             stated={"value": "two-thirds", "arm": "ketamine"}, outcome="caps5_response",
             claim="bottom-line-two-thirds", **FEDER21),
    ],
    "negatives": [
        dict(quote="since the 1970s", why="a decade (history of anaesthetic use)"),
        dict(quote="The doses used are far lower than the anesthetic doses",
             why="dose comparison in words, not a claim figure"),
        dict(quote="at carefully controlled doses", why="dose wording, not a figure"),
    ],
    "out_of_format": [
        dict(quote="it's younger and smaller than the research for depression",
             why="comparison of the size of two evidence bases without figures"),
        dict(quote="remission is lower, and relapse is common",
             why="remission and relapse in words, no figures, no trial"),
        dict(quote="The strongest evidence comes from", why="superlative"),
        dict(quote="earlier work by the same researchers was a proof-of-concept study",
             why="stage label (proof of concept) of Feder 2014; the design kind has no such field"),
        dict(quote="Some of the strongest results have come from people with both",
             why="superlative about a subgroup (PTSD with depression), no figures"),
        dict(quote="Intravenous ketamine is the most studied route for PTSD by a wide margin",
             why="superlative about a body of research"),
        dict(quote="Nearly all the promising trial data", why="share of trials in words, no count"),
        dict(quote="none is FDA-approved for trauma specifically", why="regulatory status"),
        dict(quote="Spravato is FDA-approved for treatment-resistant depression, not for PTSD",
             why="regulatory status"),
        dict(quote="Spravato is the one ketamine product with FDA approval", why="regulatory status"),
        dict(quote="ketamine has a strong safety record built over decades of medical use",
             why="safety in words, no figures or source"),
        dict(quote="ketamine's strongest evidence is in treating depression alongside trauma",
             why="superlative"),
        dict(quote="no ketamine treatment is FDA-approved for PTSD specifically",
             ctx="no ketamine treatment is FDA-approved for PTSD specifically. It works",
             why="regulatory status"),
        dict(quote="some of the strongest results have come from this group", why="superlative"),
    ],
}

# --------------------------------------------------------------------------------------
# 003: Ketamine Therapy Center blog
# --------------------------------------------------------------------------------------
KTC_REFS = {
    "berman": "Berman, R. M., Cappiello, A., Anand, A., Oren, D. A., Heninger, G. R., & Charney, D. S. "
              "(2000). Antidepressant effects of ketamine in depressed patients. Biological "
              "Psychiatry, 47(4), 351-354. https://doi.org/10.1016/S0006-3223(00)00930-4",
    "carlson": "Carlson, P. J., & Staggs, V. S. (2016). Ketamine as a treatment for Post-Traumatic "
               "Stress Disorder. The Journal of Clinical Psychiatry, 77(2), 5-15. "
               "https://doi.org/10.4088/JCP.15com10258",
    "duman": "Duman, R. S., & Aghajanian, G. K. (2012). Synaptic dysfunction in depression: Potential "
             "therapeutic targets. Science, 338(6103), 68-72. https://doi.org/10.1126/science.1222939",
    "feder": "Feder, A., Parides, M. K., Murrough, J. W., et al. (2014). Ketamine treatment for "
             "chronic PTSD: A randomized controlled trial. The American Journal of Psychiatry, "
             "171(6), 621-630. https://doi.org/10.1176/appi.ajp.2014.13101477",
    "murrough": "Murrough, J. W., Iosifescu, D. V., Chang, L. C., et al. (2013). Antidepressant "
                "efficacy of ketamine in treatment-resistant depression. The Journal of Clinical "
                "Psychiatry, 74(6), 572-578. https://doi.org/10.4088/JCP.12m08239",
    "short": "Short, A., Tiemann, L., & Garcia, P. (2018). A review of ketamine for "
             "treatment-resistant depression and PTSD. Psychiatry Research, 271, 22-30. "
             "https://doi.org/10.1016/j.psychres.2018.09.030",
    "zarate": "Zarate, C. A., Jr., Singh, J. B., Carlson, P. J., Brutsche, N. E., Ameli, R., & "
              "Luckenbaugh, D. A. (2006). A randomized trial of an N-methyl-D-aspartate antagonist "
              "in treatment-resistant depression. Archives of General Psychiatry, 63(8), 856-864. "
              "https://doi.org/10.1001/archpsyc.63.8.856",
}


def ref(key, claim, source, stated, trial=None, note=None):
    d = dict(quote=KTC_REFS[key], kind="citation", stated=stated, source=source, claim=claim,
             trial=trial)
    if note:
        d["note"] = note
    return d


KTC_JOURNALS = {
    "Berman": "Biological Psychiatry", "Carlson": "The Journal of Clinical Psychiatry",
    "Duman": "Science", "Feder": "The American Journal of Psychiatry",
    "Murrough": "The Journal of Clinical Psychiatry", "Short": "Psychiatry Research",
    "Zarate": "Archives of General Psychiatry",
}
# ... and the title it gives there: a journal + year or author + year match is refused when the
# title clearly differs ("Short et al., 2018" is not short2018-lancetpsych)
KTC_TITLES = {
    "Berman": "Antidepressant effects of ketamine in depressed patients",
    "Carlson": "Ketamine as a treatment for Post-Traumatic Stress Disorder",
    "Duman": "Synaptic dysfunction in depression: Potential therapeutic targets",
    "Feder": "Ketamine treatment for chronic PTSD: A randomized controlled trial",
    "Murrough": "Antidepressant efficacy of ketamine in treatment-resistant depression",
    "Short": "A review of ketamine for treatment-resistant depression and PTSD",
    "Zarate": "A randomized trial of an N-methyl-D-aspartate antagonist in treatment-resistant depression",
}


def intext(quote, ctx, claim, source, author, year, trial=None, note=None):
    # an author-year marker points into the page's reference list: the journal it names there
    # is part of what the marker asserts (else "Short et al., 2018" would match any Short 2018)
    stated = {"author": author, "year": year, "journal": KTC_JOURNALS[author], "title": KTC_TITLES[author]}
    d = dict(quote=quote, ctx=ctx, kind="citation", stated=stated, source=source, claim=claim,
             trial=trial,
             note=note or "journal and title as the page's reference list gives them for this marker")
    return d


def support(quote, claim, source, stated, trial=None, note=None):
    d = dict(quote=quote, kind="support", stated=stated, source=source, claim=claim, trial=trial)
    if note:
        d["note"] = note
    return d


SPEC["003_ef8b8ecf82fe4424"] = {
    "document": "ktc-ketamine-ptsd-blog",
    "items": [
        support("Ketamine encourages the growth of new neural pathways, enabling the brain to "
                "“rewire” itself in ways that can help break free from these persistent patterns "
                "(Duman & Aghajanian, 2012)",
                "support-duman2012", "duman2012-science",
                {"condition": "PTSD", "intervention": "ketamine", "outcome": "neuroplasticity",
                 "statement": "ketamine grows new neural pathways that loosen PTSD patterns"},
                note="the cited paper is a review of synaptic dysfunction in depression"),
        intext("Duman & Aghajanian, 2012", None, "cite-duman2012", "duman2012-science", "Duman", 2012),
        dict(quote="can take weeks to start showing effects", kind="duration",
             stated={"value": "weeks", "what": "onset", "intervention": "antidepressants"},
             claim="antidepressant-onset-weeks", note="conventional antidepressants; no source"),
        dict(quote="sometimes within hours or days", kind="duration",
             stated={"value": "hours or days", "what": "onset", "intervention": "ketamine"},
             claim="ketamine-onset-hours-days", note="cited to Carlson 2016 (not in data/)"),
        support("Ketamine therapy, on the other hand, can provide rapid relief—sometimes within hours "
                "or days—making it an attractive option for individuals seeking immediate symptom "
                "reduction (Carlson et al., 2016)",
                "support-carlson2016", None,
                {"condition": "PTSD", "intervention": "ketamine", "outcome": "time to relief",
                 "statement": "ketamine relieves PTSD symptoms within hours or days"},
                note="the page's reference (Carlson & Staggs 2016, J Clin Psychiatry 77(2)) "
                     "matches nothing in data/"),
        intext("Carlson et al., 2016", None, "cite-carlson2016", None, "Carlson", 2016),
        support("Ketamine has been shown to reduce the frequency and intensity of these distressing "
                "experiences, allowing individuals to regain control over their thoughts and "
                "emotions (Berman et al., 2000)",
                "support-berman2000", "berman2000-biolpsych",
                {"condition": "PTSD", "intervention": "ketamine",
                 "outcome": "intrusive thoughts and flashbacks",
                 "statement": "ketamine lessens how often and how strongly intrusive memories come"},
                trial="berman2000", note="Berman 2000 studied major depression, not PTSD"),
        intext("Berman et al., 2000", None, "cite-berman2000", "berman2000-biolpsych", "Berman", 2000,
               trial="berman2000"),
        support("Ketamine can help regulate the emotional responses associated with PTSD, providing "
                "individuals with a sense of calm and emotional stability (Zarate et al., 2006)",
                "support-zarate2006-emotion", "zarate2006-agp",
                {"condition": "PTSD", "intervention": "ketamine", "outcome": "emotional regulation",
                 "statement": "ketamine steadies the emotional reactions of PTSD"},
                trial="zarate2006", note="Zarate 2006 studied treatment-resistant depression"),
        intext("Zarate et al., 2006", "emotional stability (Zarate et al., 2006)",
               "cite-zarate2006-emotion", "zarate2006-agp", "Zarate", 2006, trial="zarate2006"),
        support("It enhances the effectiveness of psychotherapy by creating a mental environment "
                "where new coping strategies and perspectives can be more easily integrated "
                "(Feder et al., 2014)",
                "support-feder2014-psychotherapy", "feder2014-jamapsych",
                {"condition": "PTSD", "intervention": "ketamine added to psychotherapy",
                 "outcome": "effect of psychotherapy",
                 "statement": "ketamine makes psychotherapy for PTSD work better"},
                trial="feder2014", note="Feder 2014 had no psychotherapy arm"),
        intext("Feder et al., 2014", "more easily integrated (Feder et al., 2014)",
               "cite-feder2014-psychotherapy", "feder2014-jamapsych", "Feder", 2014,
               trial="feder2014"),
        support("research suggests that repeated sessions can lead to sustained relief from PTSD "
                "symptoms. Many individuals find that they experience significant improvement after "
                "several treatments, with some experiencing lasting effects for weeks or even months "
                "(Murrough et al., 2013)",
                "support-murrough2013", "murrough2013-ajp",
                {"condition": "PTSD", "intervention": "repeated ketamine sessions",
                 "outcome": "durability of relief",
                 "statement": "repeated ketamine sessions give PTSD relief lasting weeks or months"},
                trial="murrough2013",
                note="the page's reference has the authors and title of murrough2013-ajp (a single "
                     "infusion in treatment-resistant depression); the repeated-infusion study of "
                     "the same year is murrough2013b; both are depression studies"),
        dict(quote="lasting effects for weeks or even months", kind="duration",
             stated={"value": "weeks or even months", "what": "wearing_off"},
             claim="lasting-weeks-months", note="time until the effect wears off; cited to "
                                                "Murrough 2013, a depression study"),
        intext("Murrough et al., 2013", None, "cite-murrough2013", "murrough2013-ajp", "Murrough",
               2013, trial="murrough2013"),
        support("ketamine does not carry a significant risk of addiction or dependence, making it a "
                "preferable option for many individuals (Short et al., 2018)",
                "support-short2018", None,
                {"condition": "PTSD", "intervention": "ketamine", "outcome": "addiction risk",
                 "statement": "ketamine has no significant risk of addiction or dependence"},
                note="the page's reference (Short, Tiemann & Garcia 2018, Psychiatry Research 271) "
                     "matches nothing in data/; short2018-lancetpsych is a different paper "
                     "(side effects of ketamine in depression)"),
        intext("Short et al., 2018", None, "cite-short2018", None, "Short", 2018),
        support("Most patients experience only mild, manageable side effects like nausea or "
                "dizziness, which resolve quickly after the treatment (Zarate et al., 2006)",
                "support-zarate2006-side-effects", "zarate2006-agp",
                {"intervention": "ketamine", "outcome": "side effects",
                 "statement": "side effects are mild and resolve soon after treatment in most "
                              "patients"},
                trial="zarate2006"),
        intext("Zarate et al., 2006", "after the treatment (Zarate et al., 2006)",
               "cite-zarate2006-side-effects", "zarate2006-agp", "Zarate", 2006, trial="zarate2006"),
        support("Many people who have struggled with chronic PTSD symptoms have found significant "
                "improvement with ketamine therapy, especially when combined with psychotherapy "
                "(Feder et al., 2014)",
                "support-feder2014-combined", "feder2014-jamapsych",
                {"condition": "chronic PTSD", "intervention": "ketamine combined with psychotherapy",
                 "statement": "ketamine improves chronic PTSD, most of all with psychotherapy"},
                trial="feder2014", note="Feder 2014 had no psychotherapy arm"),
        intext("Feder et al., 2014", "combined with psychotherapy (Feder et al., 2014)",
               "cite-feder2014-combined", "feder2014-jamapsych", "Feder", 2014, trial="feder2014"),
        ref("berman", "ref-berman2000", "berman2000-biolpsych",
            {"author": "Berman", "year": 2000,
             "title": "Antidepressant effects of ketamine in depressed patients",
             "journal": "Biological Psychiatry", "volume": "47",
             "issue": "4", "pages": "351-354", "doi": "10.1016/S0006-3223(00)00930-4"},
            trial="berman2000"),
        ref("carlson", "ref-carlson2016", None,
            {"author": "Carlson", "year": 2016,
             "title": "Ketamine as a treatment for Post-Traumatic Stress Disorder",
             "journal": "The Journal of Clinical Psychiatry",
             "volume": "77", "issue": "2", "pages": "5-15", "doi": "10.4088/JCP.15com10258"},
            note="not in data/"),
        ref("duman", "ref-duman2012", "duman2012-science",
            {"author": "Duman", "year": 2012,
             "title": "Synaptic dysfunction in depression: Potential therapeutic targets",
             "journal": "Science", "volume": "338",
             "issue": "6103", "pages": "68-72", "doi": "10.1126/science.1222939"}),
        ref("feder", "ref-feder2014", "feder2014-jamapsych",
            {"author": "Feder", "year": 2014,
             "title": "Ketamine treatment for chronic PTSD: A randomized controlled trial",
             "journal": "The American Journal of Psychiatry",
             "volume": "171", "issue": "6", "pages": "621-630",
             "doi": "10.1176/appi.ajp.2014.13101477"},
            trial="feder2014", note="Feder 2014 appeared in JAMA Psychiatry 71(6):681-688"),
        ref("murrough", "ref-murrough2013", "murrough2013-ajp",
            {"author": "Murrough", "year": 2013,
             "title": "Antidepressant efficacy of ketamine in treatment-resistant depression",
             "journal": "The Journal of Clinical Psychiatry",
             "volume": "74", "issue": "6", "pages": "572-578", "doi": "10.4088/JCP.12m08239"},
            trial="murrough2013", note="authors and title of murrough2013-ajp (Am J Psychiatry "
                                       "170(10):1134-1142)"),
        ref("short", "ref-short2018", None,
            {"author": "Short", "year": 2018,
             "title": "A review of ketamine for treatment-resistant depression and PTSD",
             "journal": "Psychiatry Research", "volume": "271",
             "pages": "22-30", "doi": "10.1016/j.psychres.2018.09.030"},
            note="matches nothing in data/; author+year alone meet short2018-lancetpsych"),
        ref("zarate", "ref-zarate2006", "zarate2006-agp",
            {"author": "Zarate", "year": 2006,
             "title": "A randomized trial of an N-methyl-D-aspartate antagonist in "
                      "treatment-resistant depression",
             "journal": "Archives of General Psychiatry",
             "volume": "63", "issue": "8", "pages": "856-864", "doi": "10.1001/archpsyc.63.8.856"},
            trial="zarate2006"),
    ],
    "negatives": [
        dict(quote="Apr 22", why="publication date"),
        dict(quote="double-board certified", why="a reviewer's credentials"),
        dict(quote="6 min read", why="reading time"),
        dict(quote="in the 1960s", why="a year (history of the drug)"),
        dict(quote="administered in lower doses", why="dose wording, not a figure"),
        dict(quote="(310)601-9999", why="phone number"),
    ],
    "out_of_format": [
        dict(quote="a condition that affects millions of individuals",
             why="prevalence in words, no figure or source"),
        dict(quote="Most patients experience only mild, manageable side effects",
             why="'most' in words; the supporting citation is registered as a support claim"),
    ],
}

# --------------------------------------------------------------------------------------
# 004: Northwest Ketamine Clinics
# --------------------------------------------------------------------------------------
ABD = dict(trial="abdallah2022")
SPEC["004_c49325065dc9bab5"] = {
    "document": "nwkc-ketamine-ptsd",
    "items": [
        dict(quote="94% of PTSD patients show at least a 50% reduction in symptoms by their 6th "
                   "treatment",
             kind="proportion", stated={"value": "94%"}, claim="program-94-percent",
             note="the clinic's own programme; response defined as >= 50% symptom reduction by "
                  "the sixth treatment; no denominator"),
        dict(quote="About 6 out of every 100 people (or 6% of the population) will have PTSD at some "
                   "point in their lives",
             kind="proportion", stated={"value": "6%", "arm": "all"}, trial="goldstein2016",
             outcome="lifetime_ptsd", claim="lifetime-prevalence",
             note="no source named; linked by descriptor (lifetime prevalence) to the survey in "
                  "data/; kessler2005 is the other candidate"),
        dict(quote="randomized to 8 infusions administered twice weekly of either placebo, low dose, "
                   "or standard doses of ketamine",
             kind="design", stated={"randomized": T, "control": "placebo", "arms": 3},
             claim="abdallah2022-design", **ABD),
        dict(quote="8 infusions", kind="count",
             stated={"value": "8", "what": "infusions", "intervention": "ketamine",
                     "comparator": "placebo"},
             claim="veterans-eight-infusions", **ABD),
        dict(quote="twice weekly", kind="duration",
             stated={"value": "twice weekly", "what": "interval"}, claim="abdallah2022-twice-weekly",
             **ABD),
        dict(quote="The standard ketamine dose ameliorated depression measured by the MADRS "
                   "significantly more than placebo",
             kind="significance",
             stated=sig(outcome_concept="symptom_score", comparator="placebo"),
             claim="abdallah2022-madrs-significant", **ABD,
             note="standard-dose arm vs placebo on the MADRS; data/ holds no MADRS result"),
        dict(quote="returned to baseline within two hours", kind="duration",
             stated={"value": "within two hours", "what": "wearing_off"},
             claim="abdallah2022-dissociation-two-hours", **ABD),
        dict(quote="Secondary analyses suggested that the standard dose exerted rapid "
                   "anti-depressant effects",
             kind="significance", stated=sig(outcome_concept="symptom_score"),
             claim="abdallah2022-rapid-antidepressant", **ABD,
             note="hedged ('suggested'); secondary analyses"),
        dict(quote="This small study demonstrated clear superiority of six intravenous infusions of "
                   "ketamine compared with midazolam (a psychoactive control) over two weeks",
             kind="significance", stated=sig(comparator="midazolam"),
             claim="feder2021-superiority", **FEDER21,
             note="no citation; linked by descriptors (six infusions, midazolam, two weeks)"),
        dict(quote="six intravenous infusions", kind="count",
             stated={"value": "six", "what": "infusions", "intervention": "ketamine",
                     "comparator": "midazolam"},
             claim="feder2021-six-infusions", **FEDER21),
        dict(quote="midazolam (a psychoactive control)", kind="design",
             stated={"control": "active_placebo", "comparator": "midazolam"},
             claim="feder2021-psychoactive-control", **FEDER21),
        dict(quote="over two weeks", ctx="(a psychoactive control) over two weeks", kind="duration",
             stated={"value": "two weeks", "what": "course"}, claim="feder2021-two-weeks", **FEDER21),
        dict(quote="two-thirds of patients considered responders to ketamine compared with one-fifth "
                   "of those receiving midazolam",
             kind="two_proportions",
             stated={"treatment": "two-thirds", "control": "one-fifth", "intervention": "ketamine",
                     "comparator": "midazolam"},
             outcome="caps5_response", claim="feder2021-responders", **FEDER21),
        dict(quote="In 2020, a retrospective study analyzed internet posts on the Bluelight website",
             kind="citation", stated={"year": 2020}, source="chaves2020-ajdaa",
             claim="bluelight-study-year"),
        dict(quote="The results found that patients with self-perceived PTSD had decreased incidence "
                   "of negative symptoms when using ketamine",
             kind="support", source="chaves2020-ajdaa", claim="support-chaves2020",
             stated={"condition": "PTSD (self-perceived)", "intervention": "ketamine",
                     "outcome": "negative symptoms", "design": "retrospective analysis of forum posts",
                     "statement": "forum users with PTSD reported fewer negative symptoms on ketamine"},
             note="the source is a qualitative analysis of forum discourse; an 'incidence' is a "
                  "quantitative reading of it"),
        dict(quote="a single dose of ketamine", kind="count",
             stated={"value": "single", "what": "infusions"}, trial="wilkinson2018",
             claim="wilkinson2018-single-dose",
             note="unnamed IPD meta-analysis; linked by descriptors (systematic review, IPD, single "
                  "dose, suicidal ideation)"),
        dict(quote="ketamine rapidly reduced suicidal thoughts", kind="significance",
             stated=sig(outcome_concept="symptom_score"), trial="wilkinson2018",
             claim="wilkinson2018-reduced-si"),
        dict(quote="within one day", kind="duration", stated={"value": "within one day",
                                                              "what": "onset"},
             trial="wilkinson2018", claim="wilkinson2018-within-one-day"),
        dict(quote="for up to 1 week", kind="duration", stated={"value": "up to 1 week",
                                                                "what": "follow_up"},
             trial="wilkinson2018", claim="wilkinson2018-up-to-one-week"),
        dict(quote="6 intravenous infusions", kind="count", stated={"value": "six", "what": "infusions"},
             claim="foundational-program", note="the clinic's programme; no trial"),
        dict(quote="over 2-3 weeks", kind="duration", stated={"value": "2 to 3 weeks", "what": "course"},
             claim="foundational-program-weeks", note="the clinic's programme; no trial"),
    ],
    "negatives": [
        dict(quote="low-dose ketamine treatments", why="dose wording, not a figure"),
        dict(quote="works in two ways", why="count of mechanisms in a heading, not a statistic"),
        dict(quote="[49]", why="footnote number copied from another document"),
        dict(quote="over the course of the past 12 years", why="a patient's testimonial (personal history)"),
        dict(quote="for eight months", why="a patient's testimonial (personal history)"),
    ],
    "out_of_format": [
        dict(quote="Veterans and service members with PTSD who failed previous anti-depressant "
                   "treatment were randomized",
             why="omission: the summary of abdallah2022 reports only the depression (MADRS) result "
                 "and leaves out the trial's primary outcome, PTSD symptoms on the PCL-5 "
                 "(trials.csv); data/ does not hold the PCL-5 result"),
        dict(quote="were less pronounced with repeated administration",
             why="attenuation with repetition, no figures"),
        dict(quote="This small study", why="size in words ('small'), no figure"),
        dict(quote="by extending the periods of remission between PTSD flare-ups",
             why="benefit in words, no figures or source"),
    ],
}
