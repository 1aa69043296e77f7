"""Extraction patterns of `scan`, each tested on real text.

Sources of the sentences (short phrases, as they stand in the page or publication):
- [002] the directory guide "Ketamine Therapy for PTSD" (shared/seeds/002_0de211eb7dae51b5.txt)
- [004] Northwest Ketamine Clinics, "Ketamine for PTSD" (seed 004_c49325065dc9bab5.txt)
- [003] Ketamine Therapy Center blog, "Ketamine Therapy for PTSD: What You Need to Know" (seed 003)
- [000]/[001] Tovani condition pages on (treatment-resistant) PTSD (seeds 000, 001)
- Feder A et al. Am J Psychiatry 2021;178:193-202 (doi:10.1176/appi.ajp.2020.20050596): the
  abstract's CAPS-5 difference (11.88 points lower, SE 3.96) and d = 1.13 (95% CI 0.36 to 1.91)
- Murrough JW et al. Am J Psychiatry 2013;170:1134-42 (doi:10.1176/appi.ajp.2013.13030392): odds
  of response OR 2.18 (95% CI 1.21-4.14); 64% vs 28% response at 24 hours
- Albott CS et al. J Clin Psychiatry 2018;79:17m11634: PCL-5 mean decrease 33.3 points (95% CI
  23.0-43.5), p < .0005
- Altman DG, Bland JM. BMJ 2011;343:d2090: "RR 0.30, P = 0.034" and "95% CI 0.10 to 0.91"
- Barrowman NJ. CMAJ 2002;166:1676: NNT 95% CI 3.1 to 111.1
"""

from __future__ import annotations

import re

import pytest
import yaml

import trialstats as ts


def items(text):
    r = ts.scan(text)
    frame = r.items
    for _, row in frame.iterrows():
        assert r.text[row["start"] : row["end"]] == row["quote"]
    return [(row["kind"], row["quote"], row["stated"]) for _, row in frame.iterrows()]


def kinds(text):
    return [k for k, _, _ in items(text)]


def one(text, kind):
    found = [(q, s) for k, q, s in items(text) if k == kind]
    assert len(found) == 1, items(text)
    return found[0]


# -- percentages, proportions, fractions ------------------------------------------------------


def test_two_percentages_set_against_each_other():  # [002]
    q, s = one(
        "In that study, 67% of participants who received ketamine responded to treatment, "
        "compared to just 20% in the placebo group.",
        "two_proportions",
    )
    assert (
        q == "67% of participants who received ketamine responded to treatment, compared to just 20% "
        "in the placebo group"
    )
    assert s == {"treatment": "67%", "control": "20%", "intervention": "ketamine", "comparator": "placebo",
                 "concept": "response"}  # "responded": the outcome concept the claims layer matches on


def test_two_fractions_in_words_with_the_comparator_named():  # [004]
    q, s = one(
        "This small study demonstrated clear superiority of six intravenous infusions of ketamine "
        "compared with midazolam (a psychoactive control) over two weeks, with two-thirds of patients "
        "considered responders to ketamine compared with one-fifth of those receiving midazolam.",
        "two_proportions",
    )
    assert s["treatment"] == "two-thirds" and s["control"] == "one-fifth"
    assert s["intervention"] == "ketamine" and s["comparator"] == "midazolam"


def test_percentage_range_with_hedge():  # [002]
    q, s = one(
        "They help a real share of people, but the response rate sits around 50 to 60%, "
        "remission is lower, and relapse is common.",
        "proportion",
    )
    assert q == "around 50 to 60%" and s["value"] == "around 50 to 60%"


def test_out_of_every_hundred_and_prevalence_percent():  # [004]
    got = items(
        "About 6 out of every 100 people (or 6% of the population) will have PTSD at some point "
        "in their lives."
    )
    assert [(k, q) for k, q, _ in got] == [("proportion", "About 6 out of every 100"), ("proportion", "6%")]


def test_word_fraction_and_half():  # [002]
    assert (
        one("The strongest trial found two-thirds of participants responded, often quickly.", "proportion")[0]
        == "two-thirds"
    )
    assert (
        one(
            "One real-world analysis of over 2,600 treatment-resistant patients found roughly half "
            "responded.",
            "proportion",
        )[0]
        == "roughly half"
    )


def test_percentage_in_reference_annotation():  # [001]
    text = (
        "References\n\n  3. Murrough JW et al. 2013, American Journal of Psychiatry Ketamine RCT in "
        "treatment-resistant depression with 64% response within 24 hours. (PMID 23982301)"
    )
    got = items(text)
    assert ("proportion", "64%") in [(k, q) for k, q, _ in got]
    assert ("citation", text.split("\n\n")[1].strip()) in [(k, q) for k, q, _ in got]


def test_two_proportions_from_an_abstract():  # Murrough 2013
    q, s = one("Response at 24 hours was 64% with ketamine versus 28% with midazolam.", "two_proportions")
    assert (s["treatment"], s["control"], s["comparator"]) == ("64%", "28%", "midazolam")


# -- counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "stated"),
    [
        (
            "The trial included only 30 people, and earlier work was a proof-of-concept study.",  # [002]
            "only 30 people",
            {"value": "30", "what": "randomized"},
        ),
        (
            "The FDA has approved only two medications specifically for PTSD, both SSRIs.",  # [002]
            "only two medications",
            {"value": "two"},
        ),
        (
            "The standard starting course is six infusions over two weeks.",  # [002]
            "six infusions",
            {"value": "six", "what": "infusions"},
        ),
        (
            "Veterans were randomized to 8 infusions administered twice "
            "weekly of either placebo or ketamine.",
            "8 infusions",
            {"value": "8", "what": "infusions", "intervention": "ketamine"},
        ),  # [004]
        (
            "One real-world analysis of over 2,600 treatment-resistant "
            "patients found roughly half responded.",
            "over 2,600 treatment-resistant patients",
            {"value": "over 2,600", "what": "analyzed"},
        ),  # [002]
        (
            "A randomized controlled trial found a single ketamine infusion produced rapid reduction in core "
            "PTSD symptoms.",
            "single ketamine infusion",
            {"value": "single", "what": "infusions", "intervention": "ketamine"},
        ),  # [000]
        (
            "Fifteen veterans with PTSD and depression were enrolled (N = 15).",
            "Fifteen veterans",
            {"value": "Fifteen", "what": "randomized"},
        ),  # Albott 2018 abstract design
    ],
)
def test_counts(text, quote, stated):
    got = [(q, s) for k, q, s in items(text) if k == "count"]
    assert (quote, stated) in got, got


def test_n_equals():  # Albott 2018
    assert ("count", "N = 15") in [(k, q) for k, q, _ in items("Fifteen veterans were enrolled (N = 15).")]


# -- durations and medians --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "quote", "stated"),
    [
        (
            "Among those who responded, the benefit lasted a median of "
            "about 27.5 days after a two-week course "
            "of infusions before symptoms began returning.",
            "median_time",
            "a median of about 27.5 days",
            {"value": "about 27.5 days"},
        ),  # [002]
        (
            "Among those who responded, the benefit lasted a median of "
            "about 27.5 days after a two-week course "
            "of infusions before symptoms began returning.",
            "duration",
            "two-week",
            {"value": "two weeks", "what": "course"},
        ),  # [002]
        (
            "It's delivered over about 40 to 60 minutes with a provider monitoring you.",
            "duration",
            "over about 40 to 60 minutes",
            {"value": "about 40 to 60 minutes", "what": "infusion"},
        ),  # [002]
        (
            "Ketamine produced dissociative effects, which returned to baseline within two hours.",
            "duration",
            "within two hours",
            {"value": "two hours", "what": "wearing_off"},
        ),  # [004]
        (
            "They concluded that ketamine rapidly reduced suicidal thoughts within one day.",
            "duration",
            "within one day",
            {"value": "one day", "what": "onset"},
        ),  # [004]
        (
            "A later randomized trial of repeated ketamine infusions "
            "showed efficacy in chronic PTSD over two "
            "weeks.",
            "duration",
            "over two weeks",
            {"value": "two weeks", "what": "course"},
        ),  # [000]
        (
            "Common side effects like nausea and dizziness typically fade within an hour.",
            "duration",
            "within an hour",
            {"value": "an hour", "what": "wearing_off"},
        ),  # [002]
    ],
)
def test_durations(text, kind, quote, stated):
    got = [(q, s) for k, q, s in items(text) if k == kind]
    assert (quote, stated) in got, got


# -- effects, intervals, p-values ---------------------------------------------------------------


def test_effect_size_with_interval():  # Feder 2021
    q, s = one("The ketamine group had lower CAPS-5 scores (d=1.13; 95% CI=0.36, 1.91).", "effect")
    assert q == "d=1.13; 95% CI=0.36, 1.91"
    assert s == {"measure": "d", "estimate": "1.13", "low": "0.36", "high": "1.91", "confidence_level": "95%"}


def test_points_lower_with_se():  # Feder 2021
    q, s = one("Scores were 11.88 points lower (SE=3.96) than in the midazolam group.", "effect")
    assert s == {"measure": "MD", "estimate": "11.88", "se": "3.96"}


def test_odds_ratio_with_bracketed_names():  # Murrough 2013
    q, s = one("Response was likelier with ketamine (odds ratio 2.18; 95% CI 1.21-4.14).", "effect")
    assert (s["measure"], s["estimate"], s["low"], s["high"]) == ("OR", "2.18", "1.21", "4.14")


def test_ratio_with_p_then_interval():  # Altman & Bland 2011
    q, s = one("Treatment lowered the risk (RR 0.30, P = 0.034; 95% CI 0.10 to 0.91).", "effect")
    assert s == {
        "measure": "RR",
        "estimate": "0.30",
        "p": "p = 0.034",
        "low": "0.10",
        "high": "0.91",
        "confidence_level": "95%",
    }


def test_nnt_interval():  # Barrowman 2002
    q, s = one("The NNT was 6 (95% CI 3.1 to 111.1).", "effect")
    assert (s["measure"], s["estimate"], s["low"], s["high"]) == ("NNT", "6", "3.1", "111.1")


def test_lone_p_value_is_a_significance_item():  # Albott 2018
    got = items("PCL-5 scores fell by 33.3 points (p < .0005) after the infusions.")
    assert ("significance", "p < .0005") in [(k, q) for k, q, _ in got]


def test_mean_and_sd():  # mean (SD) as printed in trial tables
    # one group's mean: found, but no claim kind checks it, so it is listed, not drafted
    r = ts.scan("Baseline CAPS-5 was 42.1 (SD 8.2) in the ketamine group.")
    assert "42.1" not in " ".join(r.items["quote"])
    aside = r.not_drafted
    assert [a["quote"] for a in aside] == ["42.1 (SD 8.2)"] and "no claim kind" in aside[0]["reason"]
    from trialstats.report.review import review_html

    assert "Found but not drafted" in review_html(r)


def test_a_fall_in_points_is_a_mean_change():
    got = items("In the Berman trial depression scores fell by 14 points within 72 hours of ketamine.")
    assert ("effect", "fell by 14 points") in [(k, q) for k, q, _ in got]


def test_a_pooled_figure_is_linked_to_its_meta_analysis_by_patients_and_outcome_word():
    r = ts.scan(
        "A 2022 review of real-world clinics pooled 79 studies with 2,665 patients and found that "
        "about 45% responded and 30% remitted."
    ).verify()
    pooled = r.items[r.items["kind"] == "pooled"]
    assert list(pooled["quote"]) == ["79 studies with 2,665 patients", "about 45%", "30%"]
    claims = {c["where"]["quote"]: c for c in yaml.safe_load(r.to_claims())["claims"]}
    assert claims["about 45%"]["meta"] == "alnefeesi2022"
    assert claims["about 45%"]["analysis"] == "alnefeesi2022_response"
    assert claims["30%"]["analysis"] == "alnefeesi2022_remission"
    assert list(pooled["verdict"])[1:] == ["consistent", "consistent"]


# -- significance and design --------------------------------------------------------------------


def test_significance_words_with_comparator():  # [004], [001]
    q, s = one(
        "The standard ketamine dose ameliorated depression measured by the MADRS significantly more "
        "than placebo.",
        "significance",
    )
    assert q == "ameliorated depression measured by the MADRS significantly more than placebo"
    assert s["significant"] is True and s["direction"] == "better" and s["comparator"] == "placebo"
    q, s = one(
        "A single ketamine infusion produced a rapid, significant reduction in core PTSD symptoms "
        "versus active control.",
        "significance",
    )
    assert s["comparator"] == "active control"


def test_efficacy_verbs_are_significance_items():  # [000], [004]
    q, s = one(
        "A proof-of-concept RCT showed a single infusion rapidly reduced core PTSD symptoms.", "significance"
    )
    assert q == "rapidly reduced core PTSD symptoms" and s["direction"] == "better"
    q, s = one(
        "A later randomized trial of repeated ketamine infusions showed efficacy in chronic PTSD.",
        "significance",
    )
    assert q == "showed efficacy in chronic PTSD"
    q, s = one(
        "Secondary analyses suggested that the standard dose exerted rapid anti-depressant effects.",
        "significance",
    )
    assert q == "exerted rapid anti-depressant effects"


def test_clinically_significant_is_not_statistical():  # [000]
    text = "PTSD is considered treatment-resistant when these symptoms remain clinically significant."
    assert "significance" not in kinds(text)


def test_design_phrases():  # [001], [004]
    q, s = one("In a randomized, double-blind trial, a single ketamine infusion helped.", "design")
    assert q == "randomized, double-blind trial" and s == {"randomized": True, "blinding": "double"}
    q, s = one("In 2020, a retrospective study analyzed internet posts.", "design")
    assert s == {"randomized": False}


# -- references and citations -------------------------------------------------------------------


def test_apa_reference_entry():  # [003]
    text = (
        "References\nBerman, R. M., Cappiello, A., Anand, A., Oren, D. A., Heninger, G. R., & Charney, "
        "D. S. (2000). Antidepressant effects of ketamine in depressed patients. Biological Psychiatry, "
        "47(4), 351-354. https://doi.org/10.1016/S0006-3223(00)00930-4\nComments"
    )
    q, s = one(text, "citation")
    assert s == {
        "author": "Berman",
        "year": "2000",
        "journal": "Biological Psychiatry",
        "volume": "47",
        "issue": "4",
        "pages": "351-354",
        "title": "Antidepressant effects of ketamine in depressed patients",
        "doi": "10.1016/S0006-3223(00)00930-4",
        "source": "berman2000-biolpsych",
    }


def test_numbered_reference_entry_with_pmid():  # [000]
    text = (
        "References\n\n  1. Feder A et al. 2014, JAMA Psychiatry Randomized controlled trial: a single IV "
        "ketamine infusion rapidly reduced symptoms of chronic PTSD. (PMID 24740528)\n"
    )
    q, s = one(text, "citation")
    assert (s["author"], s["year"], s["journal"], s["pmid"]) == (
        "Feder",
        "2014",
        "JAMA Psychiatry",
        "24740528",
    )


def test_in_text_author_year_journal():  # [001]
    got = items(
        "A randomized controlled trial (Feder 2014, JAMA Psychiatry) found a single ketamine infusion "
        "produced rapid reduction in core PTSD symptoms."
    )
    cites = [(q, s) for k, q, s in got if k == "citation"]
    assert cites and cites[0][0] == "Feder 2014, JAMA Psychiatry"
    assert "support" in [k for k, _, _ in got]


def test_author_year_marker_makes_a_support_item():  # [003]
    got = items(
        "Ketamine has been shown to reduce the frequency and intensity of these distressing "
        "experiences (Berman et al., 2000)."
    )
    sup = [(q, s) for k, q, s in got if k == "support"]
    assert sup[0][0].endswith("(Berman et al., 2000)") and sup[0][1]["intervention"] == "ketamine"


def test_arithmetic_of_a_course_price():  # [002]
    text = (
        "Across the clinics in our directory, a single IV ketamine infusion typically runs between $350 "
        "and $600, with many landing around $400 to $450. The standard starting course is six infusions "
        "over two weeks, so the upfront cost often falls in the $2,100 to $3,600 range."
    )
    q, s = one(text, "arithmetic")
    assert q == "$2,100 to $3,600"
    assert s == {"expression": ["6 × $350", "6 × $600"], "value": "$2,100 to $3,600"}


# -- negatives: numbers that are not claims ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Last reviewed by Dr. Ben Soffer, DO on June 2, 2026.",  # [000] a date
        "Apr 22 - 6 min read",  # [003] a date and a reading time
        "For more information contact us at (310)601-9999.",  # [003] a telephone number
        "Our crisis line is open 24/7 for patients.",  # "24/7"
        "Ketamine hydrochloride was given at 0.5 mg/kg to each patient.",  # a dose, not a proportion
        "DSM-5 309.81 / ICD-11 6B40 (refractory)",  # [000] classification codes
        "Many clinics land around $400 to $450 for a session.",  # [002] a price that is no claim
        "It has been used as an anesthetic since the 1970s.",  # [002] a decade
        "Msg & data rates may vary. To opt-out, reply STOP.",  # [004]
        "Ketamine is a medication originally developed as an anesthetic in the 1960s.",  # [003]
    ],
)
def test_negatives_give_no_figure(text):
    assert [k for k in kinds(text) if k not in ("support",)] == []


def test_footnote_number_is_a_marker_not_a_figure():  # [004]
    got = items(
        "A retrospective study evaluated the self-reported use of ketamine in patients with PTSD [49]."
    )
    assert all("49" not in q or k == "support" for k, q, _ in got)
    assert not [k for k, _, _ in got if k in ("count", "proportion")]


def test_testimonial_in_first_person_is_not_a_claim():  # [004]
    text = (
        "I'd had been through basically every treatment possible for my disorder over the course of the "
        "past 12 years."
    )
    assert kinds(text) == []


def test_response_criterion_is_not_a_proportion():  # [004]
    got = items("In the program, 94% of PTSD patients show at least a 50% reduction in symptoms.")
    assert [(k, q) for k, q, _ in got if k == "proportion"] == [("proportion", "94%")]


# -- forms of trial abstracts ---------------------------------------------------------------------


def test_counts_with_their_percentage_are_one_figure():  # Murrough 2013's counts, restated
    q, s = one(
        "Response occurred in 30 of 47 patients (64%) on ketamine versus 7 of 25 (28%) on midazolam.",
        "two_proportions",
    )
    assert q == "30 of 47 patients (64%) on ketamine versus 7 of 25 (28%) on midazolam"
    assert (s["treatment"], s["control"], s["comparator"]) == ("30 of 47", "7 of 25", "midazolam")


def test_measure_named_before_its_value():  # JAMA style, e.g. Daly 2019 (JAMA Psychiatry 76:893)
    q, s = one("The hazard ratio for relapse was 0.49 (95% CI, 0.29-0.84) with esketamine.", "effect")
    assert (s["measure"], s["estimate"], s["low"], s["high"]) == ("HR", "0.49", "0.29", "0.84")


def test_completers_and_follow_up():  # Feder 2021 registry: 15 started, 14 completed
    got = items(
        "Fifteen participants started ketamine and 14 completed the course; all were followed for 6 months."
    )
    assert ("count", "14 completed", {"value": "14", "what": "completed"}) in got
    assert ("duration", "for 6 months", {"value": "6 months", "what": "follow_up"}) in got
    assert not [q for k, q, _ in got if "the course" in q and k == "count"]


def test_slashed_counts_with_percentages():  # Feder 2021's counts (data/binary_outcomes.csv), restated
    q, s = one(
        "Response was seen in 10/15 (67%) on ketamine versus 3/15 (20%) on midazolam.", "two_proportions"
    )
    assert q == "10/15 (67%) on ketamine versus 3/15 (20%) on midazolam" and (
        s["treatment"],
        s["control"],
    ) == (
        "10/15",
        "3/15",
    )


def test_times_as_likely_is_a_ratio():  # the form "three times as many"
    q, s = one("Patients on ketamine were three times as likely to respond as those on placebo.", "effect")
    assert q == "three times as likely" and s == {"measure": "RR", "estimate": "3", "concept": "response"}


def test_p_value_written_out():
    got = items("Response favoured ketamine (p-value of 0.02).")
    assert ("significance", "p-value of 0.02") in [(k, q) for k, q, _ in got]


@pytest.mark.parametrize(
    "text",
    [
        "Adults aged 18 to 65 years received six ketamine infusions.",  # registry eligibility wording
        "The participants were 45-year-old veterans treated with ketamine.",
        "This phase 2 study of ketamine is recruiting.",  # registry records name the phase
    ],
)
def test_ages_and_phases_are_not_figures(text):
    assert not [q for k, q, _ in items(text) if k in ("duration", "count") and re.search(r"18|65|45|2 ", q)]


def test_active_control_is_a_design_statement():  # [004], [001]
    got = items("Ketamine was compared with midazolam (a psychoactive control) over two weeks.")
    assert (
        "design",
        "midazolam (a psychoactive control)",
        {"control": "active_placebo", "comparator": "midazolam"},
    ) in got
    got = items("The infusion reduced symptoms versus an active (midazolam) control.")
    assert (
        "design",
        "an active (midazolam) control",
        {"control": "active_placebo", "comparator": "midazolam"},
    ) in got
