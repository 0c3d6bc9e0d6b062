"""What the derived name variants add, on the demo vault's text (resources/demo/demo.json).

    .venv/bin/python bench/name_precision.py

Registers the demo's sources as identities and prints every mention the matcher finds
beyond the registered names and aliases as typed (the old matcher), with its context, so a
person can judge each one; then the counts. A mention is a false positive when it is not
that source (an ordinary word, a place, a company, another person).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from influence_desk.model import SourceIdentity
from influence_desk.pseudonyms import NameMatcher
from influence_desk.resourcefiles import resource_path


def main() -> None:
    demo = json.loads(resource_path("demo", "demo.json").read_text(encoding="utf-8"))
    identities = {}
    for s in demo["sources"]:
        i = s["identity"]
        identities[s["key"]] = SourceIdentity(i["real_name"], tuple(i.get("aliases", ())),
                                              tuple(i.get("contact", ())))  # fmt: skip
    new = NameMatcher(list(identities.items()))
    old = NameMatcher([(k, (*v.names(), *v.contact)) for k, v in identities.items()])
    texts: list[tuple[str, str]] = []
    for n in demo["notes"]:
        for field in ("title", "summary", "body"):
            texts.append((f"note {n['title'][:30]!r} {field}", n.get(field, "")))
        texts += [(f"note {n['title'][:30]!r} tag", t) for t in n.get("tags", ())]
    for e in demo["events"]:
        texts += [(f"event {e.get('name', '')[:30]!r}", str(e.get(k, "")))
                  for k in ("name", "city", "organiser")]  # fmt: skip
    for o in demo["organisations"]:
        texts += [(f"organisation {o['name'][:30]!r}", t)
                  for t in (o["name"], *o.get("aliases", ()), o.get("website", ""))]  # fmt: skip
    extra = 0
    total = 0
    for where, text in texts:
        old_spans = {(m.start, m.end) for m in old.find(text)}
        for m in new.find(text):
            total += 1
            if (m.start, m.end) in old_spans:
                continue
            extra += 1
            context = text[max(0, m.start - 30) : m.end + 30].replace("\n", " ")
            print(f"{where}: {text[m.start:m.end]!r} -> {m.source_id} ({m.kind.value}) | {context}")
    print(f"\n{total} mentions found in {len(texts)} texts; {extra} beyond the registered "
          "spellings (listed above, to judge)")


if __name__ == "__main__":
    main()
