"""The shipped Influence Industry vocabulary loads and holds what users tag with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from influence_desk.errors import BadInput
from influence_desk.taxonomy import TAXONOMY_PATH, load_taxonomy

EXPECTED_METHODS = [
    "Voter files",
    "Consumer data",
    "Data breaches and leaks",
    "A/B testing",
    "Campaign apps",
    "Digital listening",
    "Third-party tracking",
    "Geotargeting",
    "Micro-targeting",
    "Psychometric profiling",
    "Addressable TV",
    "Search influence",
    "Robocalls and texting",
    "Lookalike audiences",
    "Data exchanges",
    "Political ads on platforms",
    "Canvassing apps",
    "SMS and WhatsApp outreach",
    "Influencer marketing",
    "Data-driven fundraising",
]


def test_three_uses_of_data() -> None:
    tax = load_taxonomy()
    assert [t.label for t in tax.uses()] == [
        "Data as political asset",
        "Data as political intelligence",
        "Data as political influence",
    ]


@pytest.mark.parametrize("label", EXPECTED_METHODS)
def test_method_present_with_description(label: str) -> None:
    term = load_taxonomy().find(label)
    assert term is not None and term.group == "method"
    assert term.slug.startswith("method:") and len(term.description) > 20
    assert term.use in {t.slug for t in load_taxonomy().uses()}


def test_lookups_by_slug_and_label() -> None:
    tax = load_taxonomy()
    geo = tax.term("method:geotargeting")
    assert geo.label == "Geotargeting"
    assert tax.find("  GEOTARGETING ") is geo
    assert tax.find("method:geotargeting") is geo
    assert "method:geotargeting" in tax
    assert tax.label_for("method:micro-targeting") == "Micro-targeting"
    assert tax.label_for("my free tag") == "my free tag"
    assert geo in tax.methods_for_use("use:political-influence")
    with pytest.raises(BadInput):
        tax.term("method:nonexistent")


def test_slugs_unique_and_file_found_from_package() -> None:
    assert TAXONOMY_PATH.is_file()
    slugs = [t.slug for t in load_taxonomy()]
    assert len(slugs) == len(set(slugs))


def test_malformed_file_refused(tmp_path: Path) -> None:
    data = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))
    data["terms"].append(dict(data["terms"][0]))  # duplicate slug
    bad = tmp_path / "taxonomy.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BadInput):
        load_taxonomy(bad)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(BadInput):
        load_taxonomy(tmp_path / "broken.json")
