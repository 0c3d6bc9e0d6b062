"""Benchmark: name matching (pseudonymisation) and identifier detection.

    .venv/bin/python bench/pseudonymise.py [--mb 50] [--naive-kb 100] [--seed 1]

Builds 2,000 synthetic identities (``SourceIdentity``: a real name and 2 aliases, 3 names,
plus a phone number and an e-mail address) of multilingual names (German, Polish, Greek,
Russian, Turkish, French, English, Spanish), so that the matcher holds every derived variant
(surname alone, case forms, initials, orders, other scripts, spacings, contact notations);
``--mb`` MB (UTF-8) of text in paragraphs of six languages (English, German, Polish, Greek,
Russian, French; one language per paragraph, names from any) with a mention in 60 % of
sentences, in many spellings (registered names in upper/lower case, with line breaks,
without diacritics, possessives; derived spellings: case forms, surname alone, initials;
phone numbers in another grouping), and prints a table:

- matcher build time, with the number of patterns;
- ``NameMatcher.find`` throughput over the whole text (target: >= 20 MB/s);
- the naive loop, one case-insensitive whole-word ``re.sub`` per spelling, over a slice:
  over the registered names only (as before), and over every derived spelling too (the
  same coverage as the matcher; timed on a sample of the spellings and scaled by their
  number, which is how a naive loop's cost grows); ratios (target: >= 50x);
- ``pseudonymise`` (matching + stored-form encoding) on 20 KB notes;
- ``detect_identifiers`` on a 20 KB note, cold and warm caches (target: well under 50 ms).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _report import result as report_figure

from influence_desk import detect
from influence_desk.model import SourceIdentity
from influence_desk.names.variants import identity_terms
from influence_desk.pseudonyms import NameMatcher, pseudonymise

GIVEN = {
    "de": ["Anna", "Jürgen", "Klaus", "Sabine", "Jörg", "Ute", "Heike", "Björn", "Grete"],
    "pl": ["Łukasz", "Małgorzata", "Wojciech", "Zofia", "Paweł", "Agnieszka", "Józef"],
    "el": ["Γιώργος", "Νίκος", "Ελένη", "Δημήτρης", "Κατερίνα", "Σοφία", "Παναγιώτης"],
    "ru": ["Дмитрий", "Ольга", "Сергей", "Наталья", "Алексей", "Юлия", "Пётр"],
    "tr": ["İsmail", "Ayşe", "Mehmet", "Zeynep", "Çağla", "Ömer", "Işıl"],
    "fr": ["Jean-Luc", "Amélie", "François", "Hélène", "Zoé", "Loïc", "Anaïs"],
    "en": ["John", "Mary", "Sean", "Siobhan", "Ann", "Robert", "Kate"],
    "es": ["José", "María", "Iñigo", "Begoña", "Ramón", "Lucía", "Agustín"],
}
SYLLABLES = {
    "de": (
        ["Schm", "Müll", "Wagn", "Strau", "Hoff", "Krä", "Weiß", "Bär", "Köh"],
        ["id", "er", "ing", "ß", "mann", "berg", "el", "ner"],
        ["t", "er", "", "s", "en"],
    ),
    "pl": (
        ["Wiś", "Kowal", "Zieliń", "Wójc", "Szym", "Dąbr", "Krzyż", "Łęcz"],
        ["niew", "sk", "ań", "ow", "czyk", "ick"],
        ["ski", "a", "ka", "ak", "ek"],
    ),
    "el": (
        ["Παπα", "Κωνστα", "Γεωργ", "Νικο", "Δημη", "Αλεξ", "Ιωαν"],
        ["δόπ", "ντιν", "ίου", "λά", "τρί", "άνδ"],
        ["ουλος", "ίδης", "άκης", "ου", "άτος"],
    ),
    "ru": (
        ["Ива", "Смир", "Кузне", "Попо", "Соко", "Лебе", "Козло"],
        ["н", "ц", "в", "д", "л"],
        ["ов", "ова", "ев", "ин", "ский"],
    ),
    "tr": (
        ["Yıl", "Kay", "Şah", "Çel", "Öz", "Ay", "Doğ"],
        ["dız", "a", "in", "ik", "türk", "dın", "an"],
        ["", "oğlu", "er", "can"],
    ),
    "fr": (
        ["Dup", "Lef", "Mor", "Fran", "Gir", "Bonn", "Lefè"],
        ["ont", "èv", "eau", "çois", "ard", "et"],
        ["", "re", "in", "ier"],
    ),
    "en": (
        ["O'Br", "Smi", "John", "Will", "Thomp", "Rob", "Hark"],
        ["ien", "th", "son", "iams", "er", "ness"],
        ["", "s", "ton", "ley"],
    ),
    "es": (
        ["Gar", "Fernán", "Lóp", "Martí", "Sánch", "Pér", "Muñ"],
        ["cía", "dez", "ez", "nez", "oz", "ero"],
        ["", "a", "o"],
    ),
}
FILLER = {
    "en": "The vendor's sales lead said the platform matches voter files with consumer data "
    "from two brokers, and that micro-targeting packages start at forty thousand euros.",
    "de": "Der Vertriebsleiter erklärte, die Plattform verknüpfe Wählerverzeichnisse mit "
    "Konsumdaten; Geotargeting sei für Kommunalwahlen besonders gefragt, sagte er.",
    "pl": "Przedstawiciel firmy powiedział, że ich aplikacja łączy dane wyborców z danymi "
    "konsumenckimi, a kampanie w mediach społecznościowych są tańsze niż się wydaje.",
    "el": "Ο εκπρόσωπος της εταιρείας είπε ότι η πλατφόρμα συνδέει καταλόγους ψηφοφόρων με "
    "δεδομένα καταναλωτών και ότι η στόχευση ανά γειτονιά είναι το πιο δημοφιλές.",
    "ru": "Представитель компании сказал, что платформа объединяет списки избирателей с "
    "потребительскими данными, а таргетинг по районам пользуется наибольшим спросом.",
    "fr": "Le responsable commercial a expliqué que l’outil croise les listes électorales avec "
    "des données de consommation ; le ciblage géographique coûte « presque rien ».",
}


def make_sources(rnd: random.Random, count: int) -> list[tuple[str, list[str]]]:
    sources: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    langs = sorted(GIVEN)
    while len(sources) < count:
        lang = rnd.choice(langs)
        first, mid, last = SYLLABLES[lang]
        surname = rnd.choice(first) + rnd.choice(mid) + rnd.choice(mid) + rnd.choice(last)
        given = rnd.choice(GIVEN[lang])
        full = f"{given} {surname}"
        if full.casefold() in seen:
            continue
        seen.add(full.casefold())
        second = rnd.choice(first) + rnd.choice(mid) + rnd.choice(last)
        aliases = [full, f"{given[0]}. {surname}", f"{surname}-{second}"]
        sources.append((f"src{len(sources):04d}", aliases))
    return sources


def make_identities(
    rnd: random.Random, sources: list[tuple[str, list[str]]]
) -> list[tuple[str, SourceIdentity]]:
    """The same sources as identities, with a phone number and an e-mail address each."""
    out = []
    for i, (sid, names) in enumerate(sources):
        phone = f"+49 30 {1000000 + i * 37:07d}"
        email = f"source{i}@example.org"
        out.append((sid, SourceIdentity(names[0], tuple(names[1:]), (phone, email))))
    return out


def derived_mentions(
    rnd: random.Random, identities: list[tuple[str, SourceIdentity]], count: int = 3000
) -> list[str]:
    """Derived spellings a text may use (case forms, surname alone, initials, orders,
    other scripts), and contact details in another notation, for the text generator."""
    out = []
    for _sid, identity in rnd.sample(identities, min(count // 3, len(identities))):
        terms = [t.text for t in identity_terms(identity) if t.kind.value == "name"]
        out += rnd.sample(terms, min(3, len(terms)))
        out.append(identity.contact[0].replace("+49 30 ", "030 ").replace(" ", "-", 1))
    return out


def spelling(rnd: random.Random, name: str) -> str:
    """A mention as people write it: case, possessive, line breaks, no diacritics."""
    roll = rnd.random()
    if roll < 0.15:
        name = name.upper()
    elif roll < 0.25:
        name = name.lower()
    elif roll < 0.35:
        name = name.replace(" ", "\n", 1)
    elif roll < 0.45:
        import unicodedata

        name = "".join(
            c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)
        )
    if rnd.random() < 0.2:
        name += rnd.choice(["'s", "’s"])
    return name


def make_text(
    rnd: random.Random, sources: list[tuple[str, list[str]]], mb: float, derived: list[str]
) -> str:
    target = int(mb * 1_000_000)
    paragraphs = []
    for _ in range(3000):
        sentences = []
        language = rnd.choice(sorted(FILLER))  # a paragraph is in one language, names are not
        for _ in range(rnd.randint(2, 5)):
            sentence = FILLER[language]
            if rnd.random() < 0.6:
                words = sentence.split(" ")
                at = rnd.randrange(len(words))
                if rnd.random() < 0.3:
                    mention = rnd.choice(derived)
                else:
                    mention = spelling(rnd, rnd.choice(rnd.choice(sources)[1]))
                words.insert(at, mention)
                sentence = " ".join(words)
            sentences.append(sentence)
        paragraphs.append(" ".join(sentences) + "\n\n")
    sizes = [len(p.encode()) for p in paragraphs]
    out: list[str] = []
    total = 0
    while total < target:
        i = rnd.randrange(len(paragraphs))
        out.append(paragraphs[i])
        total += sizes[i]
    return "".join(out)


def naive(text: str, sources: list[tuple[str, list[str]]]) -> str:
    """The baseline: one case-insensitive whole-word re.sub per name."""
    for source_id, names in sources:
        for name in names:
            text = re.sub(r"\b" + re.escape(name) + r"\b", source_id, text, flags=re.IGNORECASE)
    return text


def naive_rate_all_spellings(
    piece: str, identities: list[tuple[str, SourceIdentity]], rnd: random.Random
) -> tuple[float, int]:
    """MB/s of the naive loop over every derived spelling of every identity: timed on a
    sample of 3,000 spellings and scaled by their number (the loop's cost is linear in it)."""
    spellings = [(sid, t.text) for sid, identity in identities for t in identity_terms(identity)]
    sample = rnd.sample(spellings, min(3000, len(spellings)))
    t0 = time.perf_counter()
    naive(piece, [(sid, [text]) for sid, text in sample])
    per_spelling = (time.perf_counter() - t0) / len(sample)
    return len(piece.encode()) / 1e6 / (per_spelling * len(spellings)), len(spellings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="MB of text to match (UTF-8)")
    parser.add_argument("--naive-kb", type=float, default=100.0, help="slice for the baseline")
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    rows: list[tuple[str, str, str]] = []

    sources = make_sources(rnd, args.sources)
    identities = make_identities(rnd, sources)
    derived = derived_mentions(rnd, identities)
    t0 = time.perf_counter()
    text = make_text(rnd, sources, args.mb, derived)
    size_mb = len(text.encode()) / 1e6
    print(f"generated {size_mb:.1f} MB of text in {time.perf_counter() - t0:.1f} s", flush=True)

    t0, c0 = time.perf_counter(), time.process_time()
    matcher = NameMatcher(identities)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    rows.append(
        (
            "matcher build",
            f"{build * 1000:.0f} ms, CPU {build_cpu * 1000:.0f} ms ({len(sources)} sources, "
            f"{matcher.pattern_count} patterns)",
            "seconds at most",
        )
    )
    # A second matcher over the same identities while the first is alive: what the export,
    # a backup rewrite or a registration builds beside the session's matcher.
    t0, c0 = time.perf_counter(), time.process_time()
    again = NameMatcher(identities)
    rebuild, rebuild_cpu = time.perf_counter() - t0, time.process_time() - c0
    rows.append(("matcher rebuild, session alive",
                 f"{rebuild * 1000:.0f} ms, CPU {rebuild_cpu * 1000:.0f} ms", ""))  # fmt: skip
    del again

    t0, c0 = time.perf_counter(), time.process_time()
    found = matcher.find(text)
    find_s, find_cpu = time.perf_counter() - t0, time.process_time() - c0
    fast_mbs = size_mb / find_s
    rows.append(
        (
            "NameMatcher.find",
            f"{fast_mbs:.1f} MB/s, CPU {size_mb / find_cpu:.1f} MB/s ({len(found)} mentions)",
            ">= 20 MB/s",
        )
    )

    # Same run, same text: the matcher of the registered names only (no derived variants),
    # what the figures were before issue 11.
    plain = NameMatcher(sources)
    t0, c0 = time.perf_counter(), time.process_time()
    plain.find(text)
    plain_s, plain_cpu = time.perf_counter() - t0, time.process_time() - c0
    plain_rate = f"{size_mb / plain_s:.1f} MB/s, CPU {size_mb / plain_cpu:.1f} MB/s"
    rows.append(("find, registered names only",
                 f"{plain_rate} ({plain.pattern_count} patterns)", ""))  # fmt: skip

    piece = text[: int(args.naive_kb * 1000)]
    piece_mb = len(piece.encode()) / 1e6
    t0, c0 = time.perf_counter(), time.process_time()
    naive(piece, sources)
    naive_mbs = piece_mb / (time.perf_counter() - t0)
    naive_cpu_mbs = piece_mb / (time.process_time() - c0)
    t0 = time.perf_counter()
    matcher.find(piece)
    slice_mbs = piece_mb / (time.perf_counter() - t0)
    rows.append(("naive re.sub loop", f"{naive_mbs:.3f} MB/s, CPU {naive_cpu_mbs:.3f} MB/s "
                 f"(on {piece_mb * 1000:.0f} KB)", ""))  # fmt: skip
    all_mbs, spelling_count = naive_rate_all_spellings(piece[:5000], identities, rnd)
    rows.append(("naive loop, all spellings", f"{all_mbs:.5f} MB/s ({spelling_count} spellings, "
                 "sampled)", ""))  # fmt: skip
    rows.append(
        (
            "ratio find / naive",
            f"{fast_mbs / naive_mbs:.0f}x (same slice: {slice_mbs / naive_mbs:.0f}x); "
            f"vs all spellings {fast_mbs / all_mbs:.0f}x",
            ">= 50x",
        )
    )

    notes = [text[i : i + 20_000] for i in range(0, min(len(text), 2_000_000), 20_000)]
    t0 = time.perf_counter()
    for note in notes:
        pseudonymise(note, (), matcher)
    per_note = (time.perf_counter() - t0) / len(notes)
    rows.append(("pseudonymise 20 KB note", f"{per_note * 1000:.2f} ms", ""))

    note = make_detect_note(rnd)
    caches = [
        detect._phones_in_window,
        detect._digits_ok,
        detect._alnum_ok,
        detect._iban_length,
        detect._fold,
    ]
    cold = []
    for _ in range(5):
        for cached in caches:
            cached.cache_clear()
        t0 = time.perf_counter()
        hits = detect.detect_identifiers(note)
        cold.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(10):
        detect.detect_identifiers(note)
    warm = (time.perf_counter() - t0) / 10
    rows.append(
        (
            "detect_identifiers 20 KB",
            f"cold {min(cold) * 1000:.1f} ms, warm {warm * 1000:.1f} ms ({len(hits)} found)",
            "< 50 ms",
        )
    )

    full = args.mb >= 50 and args.sources >= 2000
    # On a shared machine wall time measures the neighbours: the figures are CPU time.
    cpu_mbs = size_mb / find_cpu
    report_figure("pseudonymise, 2,000 sources x 3 aliases + every variant (CPU)", cpu_mbs,
           "MB/s", ">= 20 MB/s", met=cpu_mbs >= 20 if full else None,
           note=f"wall {fast_mbs:.1f} MB/s")  # fmt: skip
    report_figure("pseudonymise vs naive re.sub per name (CPU)", cpu_mbs / naive_cpu_mbs, "x",
           ">= 50x", baseline=naive_cpu_mbs, baseline_label="naive loop", baseline_unit="MB/s",
           ratio=cpu_mbs / naive_cpu_mbs,
           met=cpu_mbs / naive_cpu_mbs >= 50 if full else None)  # fmt: skip
    report_figure("matcher build, 2,000 sources with every variant (CPU)", build_cpu, "s",
                  "seconds at most", met=build_cpu < 5 if full else None,
                  note=f"wall {build:.2f} s; rebuilt beside a live matcher: CPU "
                       f"{rebuild_cpu:.2f} s")  # fmt: skip
    report_figure("detect identifiers in a 20 KB note", warm * 1000, "ms", "fast enough to type",
           met=warm < 0.05)  # fmt: skip

    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'result':<58}  target")
    print("-" * (width + 70))
    for name, result, target in rows:
        print(f"{name:<{width}}  {result:<58}  {target}")


def make_detect_note(rnd: random.Random) -> str:
    """A 20 KB field note with a realistic sprinkling of identifiers."""
    bits = [
        "Met Anna Schmidt at the booth (anna.schmidt@voterdata.example.de, +49 30 1234567).",
        "Her colleague Dr. Müller gave me 030 12345678; the invoice went to "
        "DE89 3704 0044 0532 0130 00.",
        "Their demo ran on 192.168.10.20 and https://demo.voterdata.example.com/login?x=1.",
        "Follow @voterdata_eu for updates; the US office is on (212) 555-0182.",
        "Budget 2024: 1 250 000 EUR for 14 regions, 3 waves, order ref 73688863.",
        "Yesterday Łukasz Wiśniewski from Warsaw joined; tel. +48 22 123 45 67.",
    ]
    filler = FILLER["en"] + " " + FILLER["de"] + " " + FILLER["fr"]
    out: list[str] = []
    while sum(map(len, out)) < 20_000:
        out.append(filler if rnd.random() < 0.7 else rnd.choice(bits))
    return "\n".join(out)[:20_000]


if __name__ == "__main__":
    main()
