"""The UI stays on the core's public side: Desk, Administration (influence_desk.admin), the
export service, the models and errors. It never reaches into the store, the key slots or
vault.json, so the core can change how it keeps things without the UI breaking or, worse,
quietly bypassing a rule (a write without its history entry, a slot read without the
policy).

An AST scan of every module in ui/ (imports inside functions count too):

* no import of influence_desk.store, influence_desk.vault.slots, .format or .lock, nor of
  the vault folder's layout (DB_NAME, REKEY_NAME, BACKUPS, FULL_CHECK_BYTES), nor a path
  built from its file names (``folder / "vault.json"``: ``vault.is_vault`` says that);
* no ``.store`` or ``.file`` of anything but the UI object's own ``self``/``cls``;
* no ``X.vault.…`` outside ui/session.py (the Session holds the Vault; the pages use its
  Desk and its Administration), and no private ``._name`` of a vault, desk or admin.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import ui

UI = Path(ui.__file__).resolve().parent
INTERNAL_MODULES = (
    "influence_desk.store",
    "influence_desk.vault.slots",
    "influence_desk.vault.format",
    "influence_desk.vault.lock",
)
LAYOUT = {"DB_NAME", "REKEY_NAME", "BACKUPS", "FULL_CHECK_BYTES"}
LAYOUT_FILES = {"vault.json", "notes.db", "notes.db.rekey", "backups"}
CORE_OBJECTS = {"vault", "desk", "admin", "_desk"}
HOLDS_THE_VAULT = {"session.py"}


@dataclass(frozen=True)
class Reach:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def _internal(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in INTERNAL_MODULES)


def _chain(node: ast.expr) -> list[str]:
    """``self.session.vault.store`` -> ["self", "session", "vault", "store"] (calls and
    subscripts in between are looked through)."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, (ast.Call, ast.Subscript)):
            node = node.func if isinstance(node, ast.Call) else node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            break
        else:
            names.append("?")
            break
    return names[::-1]


def reaches(path: Path) -> list[Reach]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found: list[Reach] = []

    def add(node: ast.AST, what: str) -> None:
        found.append(Reach(f"ui/{path.name}:{getattr(node, 'lineno', 0)}", what))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _internal(alias.name):
                    add(node, f"imports {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if _internal(node.module) or _internal(full):
                    add(node, f"imports {alias.name} from {node.module}")
                elif node.module.startswith("influence_desk") and alias.name in LAYOUT:
                    add(node, f"imports the vault folder's layout ({alias.name})")
        elif (
            isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
            and isinstance(node.right, ast.Constant) and node.right.value in LAYOUT_FILES
        ):  # fmt: skip
            add(node, f"names the vault folder's layout ({node.right.value})")
        elif isinstance(node, ast.Attribute):
            chain = _chain(node)
            base, *_ = chain
            if node.attr in ("store", "file") and not (len(chain) == 2 and base in ("self", "cls")):
                add(node, f"touches {'.'.join(chain)}")
            elif (
                node.attr.startswith("_") and not node.attr.startswith("__")
                and any(name in CORE_OBJECTS for name in chain[:-1])
            ):  # fmt: skip
                add(node, f"touches the private {'.'.join(chain)}")
            elif (
                path.name not in HOLDS_THE_VAULT and "vault" in chain[1:-1]
                and isinstance(node.value, ast.Attribute) and node.value.attr == "vault"
            ):  # fmt: skip
                add(node, f"calls the Vault directly: {'.'.join(chain)}")
    return found


def test_every_ui_module_is_scanned() -> None:
    names = {p.name for p in UI.glob("*.py")}
    assert {"history_view.py", "team.py", "workspace.py", "session.py"} <= names


def test_the_scan_sees_a_reach(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from influence_desk.vault import slots\n"
        "from influence_desk.vault.vault import DB_NAME\n"
        "def f(session, vault):\n"
        "    session.vault.store.history_rows(1)\n"
        "    vault.file.slot('x')\n"
        "    session.vault.check_pages()\n"
        "    session.desk._names\n"
        "    (vault / 'vault.json').is_file()\n",
        encoding="utf-8",
    )
    found = sorted(reaches(sample), key=lambda r: int(r.where.rsplit(":", 1)[1]))
    assert [r.what for r in found] == [
        "imports slots from influence_desk.vault",
        "imports the vault folder's layout (DB_NAME)",
        "touches session.vault.store",
        "touches vault.file",
        "calls the Vault directly: session.vault.check_pages",
        "touches the private session.desk._names",
        "names the vault folder's layout (vault.json)",
    ]


def test_the_ui_uses_only_the_cores_public_api() -> None:
    found = [str(r) for path in sorted(UI.glob("*.py")) for r in reaches(path)]
    assert found == [], "the UI reaches past the core's API:\n" + "\n".join(found)


def test_the_vault_suffix_comes_from_the_core() -> None:
    """The folder suffix is the core's (vault/layout.py): a literal ".idvault" used as a
    value in ui/ would drift from it. Texts shown to people may still say it."""
    from influence_desk.vault.layout import SUFFIX

    found = []
    for path in sorted(UI.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        shown = {
            id(arg)
            for call in ast.walk(tree)
            if isinstance(call, ast.Call) and _chain(call.func)[-1] in {"tr", "translate", "_t"}
            for arg in ast.walk(call)
        }
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and node.value.endswith(SUFFIX) and id(node) not in shown):  # fmt: skip
                found.append(f"ui/{path.name}:{node.lineno}")
    assert found == []
