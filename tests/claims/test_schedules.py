"""``duration`` and ``count`` (infusions, weeks) read the structured schedule of
``data/schedules.csv`` first, with units converted; the printed arm text is the fallback.

Figures: Brady et al. 2000, JAMA 283:1837 (12-week sertraline vs placebo trial); Abdallah et
al. 2022, Neuropsychopharmacology 47:1574 (eight infusions over four weeks, follow-up for four
weeks after the last); Albott et al. 2018, J Clin Psychiatry 79:17m11634 (six infusions over
12 days, weekly for 8 weeks after the last); Murrough et al. 2013, Am J Psychiatry 170:1134
(one 40-minute infusion); Feder et al. 2014, JAMA Psychiatry 71:681 (crossover, second
infusion two weeks later; 40 minutes per Abdallah 2022's account of it, a secondary source).
"""

from __future__ import annotations

import pytest

from trialstats.claims import Claim, verify_claim


def run(kind, stated, trial):
    return verify_claim(
        Claim(document="doc", document_title="Doc", id="c1", says="x", kind=kind, stated=stated, trial=trial)
    )


@pytest.mark.parametrize(
    ("stated", "trial", "verdict", "source"),
    [
        ({"value": "12 weeks", "what": "course"}, "brady2000", "consistent", "brady2000-jama"),
        ({"value": "84 days", "what": "course"}, "brady2000", "consistent", "brady2000-jama"),
        ({"value": "three months", "what": "course"}, "brady2000", "consistent", "brady2000-jama"),
        ({"value": "8 weeks", "what": "course"}, "brady2000", "inconsistent", "brady2000-jama"),
        # the course length comes from the registry record (the row's extra source for course_days)
        ({"value": "4 weeks", "what": "course"}, "abdallah2022", "consistent", "nct02655692"),
        ({"value": "40 minutes", "what": "infusion"}, "murrough2013", "consistent", "murrough2013-apa"),
        ({"value": "one hour", "what": "infusion"}, "murrough2013", "inconsistent", "murrough2013-apa"),
        ({"value": "4 weeks", "what": "follow_up"}, "abdallah2022", "consistent", "abdallah2022-npp"),
        ({"value": "8 weeks", "what": "follow_up"}, "albott2018", "consistent", "albott2018-jcp"),
        ({"value": "2 weeks", "what": "follow_up"}, "albott2018", "inconsistent", "albott2018-jcp"),
        # no follow-up after the last dose: the observed span is the last timepoint, 12 weeks
        ({"value": "12 weeks", "what": "follow_up"}, "brady2000", "consistent", "brady2000-jama"),
        ({"value": "twice weekly", "what": "interval"}, "abdallah2022", "consistent", "nct02655692"),
    ],
)
def test_duration_reads_the_schedule(stated, trial, verdict, source):
    r = run("duration", stated, trial)
    assert r.verdict == verdict, r.explanation
    assert "data/schedules.csv" in " ".join(r.steps)
    assert r.numbers[0].source_id == source
    assert source in r.explanation


def test_a_derived_interval_says_how():
    r = run("duration", {"value": "twice weekly", "what": "interval"}, "abdallah2022")
    assert r.numbers[0].basis == "derived" and "8 administrations" in r.numbers[0].derivation


def test_an_infusion_length_from_another_article_is_secondary():
    r = run("duration", {"value": "40 minutes", "what": "infusion"}, "feder2014")
    assert r.verdict == "consistent"
    n = r.numbers[0]
    assert (n.source_id, n.secondary) == ("abdallah2022-npp", True)
    assert "secondary source" in r.explanation


def test_the_text_is_only_a_fallback():
    # feder2014's schedule rows hold no interval; the sequence rows print "two weeks later"
    r = run("duration", {"value": "2 weeks", "what": "interval"}, "feder2014")
    assert r.verdict == "consistent", r.explanation
    assert "holds no interval" in " ".join(r.steps)
    assert run("duration", {"value": "1 week", "what": "interval"}, "feder2014").verdict == "inconsistent"


@pytest.mark.parametrize(
    ("stated", "trial", "verdict"),
    [
        ({"value": "six", "what": "infusions"}, "albott2018", "consistent"),
        ({"value": "8", "what": "infusions", "arm": "low_dose"}, "abdallah2022", "consistent"),
        ({"value": "six", "what": "infusions"}, "abdallah2022", "inconsistent"),
        ({"value": "single", "what": "infusions"}, "murrough2013", "consistent"),
        ({"value": "2", "what": "weeks"}, "feder2021", "consistent"),
    ],
)
def test_count_of_infusions_reads_n_administrations(stated, trial, verdict):
    r = run("count", stated, trial)
    assert r.verdict == verdict, r.explanation
    assert "data/schedules.csv" in r.explanation


def test_a_package_without_the_design_tables_is_unverifiable_not_an_error(tiny_data):
    # a DataPackage built before trial_design/schedules existed: named as not compared
    d = verify_claim(
        Claim(
            document="doc",
            document_title="Doc",
            id="c1",
            says="x",
            kind="design",
            stated={"blinding": "double"},
            trial="smith2020",
        ),
        tiny_data,
    )
    assert d.verdict == "unverifiable" and "trial_design" in d.explanation
    r = verify_claim(
        Claim(
            document="doc",
            document_title="Doc",
            id="c1",
            says="x",
            kind="duration",
            stated={"value": "2 weeks", "what": "course"},
            trial="smith2020",
        ),
        tiny_data,
    )
    # the fallback reads the trial's printed schedule ("six infusions over 2 weeks")
    assert r.verdict == "consistent", r.explanation
