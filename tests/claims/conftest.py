"""Fixtures for the claims tests: a small synthetic data package and a claim-file writer."""

from __future__ import annotations

import pandas as pd
import pytest


class _Tables:
    """A stand-in DataPackage: .table(name) over small frames."""

    def __init__(self, **frames):
        self.frames = frames

    def table(self, name):
        return self.frames[name].copy()


def _data() -> _Tables:
    trials = pd.DataFrame(
        [
            dict(
                trial_id="smith2020",
                intervention="ketamine 0.5 mg/kg IV, six infusions over 2 weeks",
                comparator="midazolam",
                n_randomized=30,
                primary_source_id="smith2020-j",
            ),
            dict(
                trial_id="jones2019",
                intervention="ketamine single infusion",
                comparator="saline placebo",
                n_randomized=40,
                primary_source_id="jones2019-j",
            ),
        ]
    )
    arms = pd.DataFrame(
        [
            dict(
                trial_id="smith2020",
                arm_id="ketamine",
                role="treatment",
                label="Ketamine",
                intervention="ketamine IV",
                dose="0.5 mg/kg, 6 infusions over 2 weeks",
                n_randomized=15,
                n_analyzed=15,
                n_completed=14,
                source_id="smith2020-j",
            ),
            dict(
                trial_id="smith2020",
                arm_id="midazolam",
                role="control",
                label="Midazolam (active placebo)",
                intervention="midazolam IV",
                dose="0.045 mg/kg",
                n_randomized=15,
                n_analyzed=15,
                n_completed=15,
                source_id="smith2020-j",
            ),
            dict(
                trial_id="jones2019",
                arm_id="ketamine",
                role="treatment",
                label="Ketamine",
                intervention="ketamine IV",
                dose="0.5 mg/kg",
                n_randomized=20,
                n_analyzed=None,
                n_completed=None,
                source_id="jones2019-j",
            ),
            dict(
                trial_id="jones2019",
                arm_id="placebo",
                role="control",
                label="Placebo",
                intervention="saline placebo",
                dose=None,
                n_randomized=20,
                n_analyzed=None,
                n_completed=None,
                source_id="jones2019-j",
            ),
        ]
    )
    binary = pd.DataFrame(
        [
            dict(
                trial_id="smith2020",
                outcome_id="response",
                arm_id="ketamine",
                events=10,
                n=15,
                percent=66.7,
                printed="67%",
                source_id="smith2020-j",
                used=True,
            ),
            dict(
                trial_id="smith2020",
                outcome_id="response",
                arm_id="midazolam",
                events=3,
                n=15,
                percent=20.0,
                printed="20%",
                source_id="smith2020-j",
                used=True,
            ),
            # a row the analyses do not use must be ignored
            dict(
                trial_id="smith2020",
                outcome_id="response",
                arm_id="ketamine",
                events=1,
                n=15,
                percent=6.7,
                printed="7%",
                source_id="other",
                used=False,
            ),
            dict(
                trial_id="jones2019",
                outcome_id="response",
                arm_id="ketamine",
                events=11,
                n=20,
                percent=55.0,
                printed="55%",
                source_id="jones2019-j",
                used=True,
            ),
            dict(
                trial_id="jones2019",
                outcome_id="response",
                arm_id="placebo",
                events=4,
                n=20,
                percent=20.0,
                printed="20%",
                source_id="jones2019-j",
                used=True,
            ),
            dict(
                trial_id="jones2019",
                outcome_id="prevalence",
                arm_id="ketamine",
                events=None,
                n=None,
                percent=6.1,
                printed="6.1%",
                source_id="jones2019-j",
                used=True,
            ),
        ]
    )
    effects = pd.DataFrame(
        [
            dict(
                trial_id="smith2020",
                effect_id="caps_d",
                outcome_id="caps",
                measure="d",
                arm1="ketamine",
                arm2="midazolam",
                estimate=1.13,
                low=0.36,
                high=1.91,
                se=None,
                p=None,
                source_id="smith2020-j",
                used=True,
            ),
        ]
    )
    relapse = pd.DataFrame(
        [
            dict(
                trial_id="smith2020",
                relapse_id="loss",
                arm_id="ketamine",
                population="ketamine responders",
                events=None,
                statistic="median",
                value=27.5,
                low=None,
                high=None,
                unit="days",
                printed_value="27.5",
                source_id="smith2020-j",
                used=True,
            ),
            dict(
                trial_id="jones2019",
                relapse_id="loss",
                arm_id="ketamine",
                population="all treated",
                events=10,
                statistic="median",
                value=4.0,
                low=None,
                high=None,
                unit="weeks",
                printed_value="4",
                source_id="jones2019-j",
                used=True,
            ),
        ]
    )
    sources = pd.DataFrame(
        [
            dict(
                source_id="smith2020-j",
                first_author="Smith",
                year=2020,
                title="Repeated ketamine for chronic PTSD",
                journal="Am J Psychiatry",
                volume="178",
                issue="2",
                pages="193-202",
                pmid="111",
                doi="10.1/abc",
            ),
            dict(
                source_id="jones2019-j",
                first_author="Jones",
                year=2019,
                title="Efficacy of a single infusion",
                journal="JAMA Psychiatry",
                volume="71",
                issue="6",
                pages="681-8",
                pmid=None,
                doi=None,
            ),
        ]
    )
    continuous = pd.DataFrame(columns=["trial_id", "outcome_id"])
    return _Tables(
        trials=trials,
        arms=arms,
        binary_outcomes=binary,
        continuous_outcomes=continuous,
        reported_effects=effects,
        relapse=relapse,
        sources=sources,
        meta_pooled=pd.DataFrame(columns=["meta_id", "analysis_id", "measure", "k"]),
    )


@pytest.fixture(scope="session")
def tiny_data():
    """One parallel trial "smith2020" (ketamine 10/15 vs midazolam 3/15) and a few more."""
    return _data()


@pytest.fixture
def claim_file(tmp_path):
    """Write a claim file from the YAML text of its claims list; return its path."""

    def write(claims_yaml: str, name: str = "doc.yaml") -> object:
        path = tmp_path / name
        path.write_text(
            "document: {id: test-doc, title: Test document}\nclaims:\n" + claims_yaml, encoding="utf-8"
        )
        return path

    return write
