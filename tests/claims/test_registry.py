"""The kind registry: every kind declares fields, a validator and a check, and is documented
in the README; claim_kinds() lists them."""

from __future__ import annotations

from pathlib import Path

import trialstats as ts
from trialstats.claims.kinds import REGISTRY

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_kind_has_a_validator_a_check_and_parsers():
    for name, kind in REGISTRY.items():
        assert kind.name == name
        assert callable(kind.check) and callable(kind.validate)
        assert all(callable(p) for p in [*kind.required.values(), *kind.optional.values()])
        assert kind.summary


def test_every_kind_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Verifying quoted claims") :]
    for name, kind in REGISTRY.items():
        assert f"| `{name}` |" in section, name
        for field in kind.required:
            assert field in section, (name, field)


def test_claim_kinds_lists_the_registry():
    table = ts.claim_kinds()
    assert list(table["kind"]) == list(REGISTRY)
    assert table.set_index("kind").loc["effect", "required"] == "measure"
