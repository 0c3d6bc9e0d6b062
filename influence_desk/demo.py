"""A fresh demo vault of fictional notes, built from ``resources/demo/demo.json``.

Everything goes through the Desk, in the order a user would work: events, organisations,
sources (registered with their real names), then the notes, whose text still holds the real
names and aliases, so pseudonymisation at rest happens for real while the demo is built.

The data is fictional, so the demo vault has fixed, documented passphrases and the cheapest
key-derivation parameters we allow (it opens instantly):

* ``DEMO_PASSPHRASE`` opens it as its lead;
* ``DEMO_AUDITOR_PASSPHRASE`` opens it read-only, as an auditor.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

from influence_desk import crypto, textformat
from influence_desk.errors import BadInput
from influence_desk.model import (
    Consent,
    EventKind,
    NoteKind,
    OrgType,
    PseudonymStyle,
    Role,
    SourceIdentity,
)
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.resourcefiles import resource_path

DEMO_JSON = resource_path("demo", "demo.json")
DEMO_PASSPHRASE = "fictional demo vault"
DEMO_AUDITOR_PASSPHRASE = "fictional demo audit"
DEMO_LABEL = "Demo lead"
DEMO_AUDITOR_LABEL = "Demo auditor"
FORMAT = "influence-desk-demo"


def load_demo_data(path: Path = DEMO_JSON) -> dict[str, Any]:
    """The demo data set, checked for format and version (it ships with the app)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput("The demo data that ships with the app cannot be read.") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != 1:
        raise BadInput("The demo data that ships with the app has an unknown format.")
    for key in ("events", "organisations", "sources", "notes"):
        if not isinstance(data.get(key), list):
            raise BadInput(f"The demo data has no list of {key}.")
    return data


def _new_vault_path(folder: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"demo-{stamp}.idvault"
    n = 2
    while path.exists():
        path = folder / f"demo-{stamp}-{n}.idvault"
        n += 1
    return path


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def create_demo_vault(
    folder: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    data_path: Path = DEMO_JSON,
) -> tuple[Path, str]:
    """Build a new demo vault inside ``folder``; returns its path and the lead passphrase.

    The vault is closed when this returns (open it with the passphrase). A failure or a
    cancel removes the half-built vault.
    """
    from influence_desk.desk import Desk, NoteDraft
    from influence_desk.vault.vault import Vault

    data = load_demo_data(data_path)
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInput(f"The folder {folder} does not exist.")
    path = _new_vault_path(folder)
    events, orgs, sources, notes = (
        data["events"], data["organisations"], data["sources"], data["notes"]
    )  # fmt: skip
    total = 2 + len(events) + len(orgs) + len(sources) + len(notes)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        progress(done, total)
        if cancel is not None:
            cancel.check()

    progress(0, total)
    vault = Vault.create(
        path,
        label=DEMO_LABEL,
        passphrase=DEMO_PASSPHRASE,
        pseudonym_style=PseudonymStyle(data.get("pseudonym_style", "codename")),
        kdf=crypto.floor_params(),
    )
    try:
        step()
        vault.add_slot(
            Role.AUDITOR, DEMO_AUDITOR_LABEL, DEMO_AUDITOR_PASSPHRASE, kdf=crypto.floor_params()
        )
        step()
        desk = Desk(vault)
        event_ids: dict[str, str] = {}
        for e in events:
            event = desk.add_event(
                EventKind(e["kind"]), e["name"], e.get("city", ""), e.get("country", ""),
                _day(e.get("start_date")), _day(e.get("end_date")), e.get("organiser", ""),
            )  # fmt: skip
            event_ids[e["key"]] = event.id
            step()
        org_ids: dict[str, str] = {}
        for o in orgs:
            org = desk.add_organisation(
                o["name"], OrgType(o["type"]), o.get("aliases", ()), o.get("countries", ()),
                o.get("website", ""),
            )  # fmt: skip
            org_ids[o["key"]] = org.id
            step()
        source_ids: dict[str, str] = {}
        for s in sources:
            who = s["identity"]
            identity = SourceIdentity(
                who["real_name"], tuple(who.get("aliases", ())), tuple(who.get("contact", ())),
                who.get("notes", ""),
            )  # fmt: skip
            org_key = s.get("organisation")
            source = desk.register_source(
                identity, s.get("role_description", ""),
                org_ids[org_key] if org_key else None, Consent(s.get("consent", "anonymous")),
            )  # fmt: skip
            source_ids[s["key"]] = source.id
            step()
        for n in notes:
            body, marks = textformat.parse_inline(n.get("body", ""))
            event_key = n.get("event")
            desk.add_note(
                NoteDraft(
                    kind=NoteKind(n["kind"]),
                    title=n["title"],
                    occurred_at=datetime.fromisoformat(n["occurred_at"]),
                    body=body,
                    summary=n.get("summary", ""),
                    event_id=event_ids[event_key] if event_key else None,
                    organisation_ids=tuple(org_ids[k] for k in n.get("organisations", ())),
                    source_ids=tuple(source_ids[k] for k in n.get("sources", ())),
                    tags=tuple(n.get("tags", ())),
                    marks=marks,
                )
            )
            step()
    except KeyError as exc:
        vault.close()
        shutil.rmtree(path, ignore_errors=True)
        raise BadInput("The demo data refers to something it does not define.") from exc
    except BaseException:
        vault.close()
        shutil.rmtree(path, ignore_errors=True)
        raise
    vault.close()
    return path, DEMO_PASSPHRASE
