"""Which key slots an unlock tries, in what order, and what it may cost — decided before
any key is derived.

A passphrase does not say whose it is, so unlocking derives a key per slot until one fits.
vault.json is hostile input: each slot's parameters are bounded (``crypto.KdfParams``), and
so is their sum. The slot that last opened this vault on this computer goes first (its id
from ``local_settings.SlotMemory``): the right passphrase then costs one derivation, however
many slots were added. When the whole set would cost more than ``MAX_UNLOCK_WORK``, only that
remembered slot is tried and the vault is refused as hostile or damaged — before any
derivation when nothing is remembered. Between slots the unlock reports which one it is
trying and stops when cancelled (a derivation itself cannot be interrupted).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from influence_desk.errors import VaultDamaged, WrongPassphrase
from influence_desk.progress import CancelFlag
from influence_desk.vault import slots as slotlib
from influence_desk.vault.format import MAX_SLOTS, SlotRecord, VaultFile

# The most work (MiB-passes, see ``KdfParams.work``) a wrong passphrase may cost: about 30 s on
# the 2-core reference machine (0.9 ms per MiB-pass). A slot calibrated to 1 s there costs
# ~1,000, so 32 such people fit; vaults we write never exceed it (``check_room``).
MAX_UNLOCK_WORK = 32 * 1024

TOO_COSTLY = (
    "vault.json looks hostile or damaged: its key slots together would take far too long to try."
)


@dataclass(frozen=True)
class SlotAttempt:
    """Reported before each derivation: "Trying Lena's key… 2 of 3"."""

    number: int  # 1-based
    total: int
    slot_id: str
    label: str


AttemptCallback = Callable[[SlotAttempt], None]


@dataclass(frozen=True)
class UnlockPlan:
    slots: tuple[SlotRecord, ...]  # in the order they are tried
    refuse_after: bool  # the rest were too costly: refuse instead of WrongPassphrase

    @property
    def work(self) -> int:
        return sum(s.kdf.work for s in self.slots)


def total_work(slots: Sequence[SlotRecord]) -> int:
    return sum(s.kdf.work for s in slots)


def plan_unlock(file: VaultFile, slot_hint: str | None) -> UnlockPlan:
    hinted = tuple(s for s in file.slots if s.id == slot_hint)
    rest = tuple(s for s in file.slots if s.id != slot_hint)
    if total_work(file.slots) <= MAX_UNLOCK_WORK:
        return UnlockPlan(hinted + rest, refuse_after=False)
    return UnlockPlan(hinted, refuse_after=True)


def unlock(
    file: VaultFile,
    passphrase: str,
    slot_hint: str | None = None,
    on_attempt: AttemptCallback | None = None,
    cancel: CancelFlag | None = None,
) -> tuple[SlotRecord, slotlib.SlotPayload]:
    """The slot the passphrase opens and what it holds; ``WrongPassphrase`` if none."""
    plan = plan_unlock(file, slot_hint)
    for number, record in enumerate(plan.slots, start=1):
        if cancel:
            cancel.check()
        if on_attempt:
            on_attempt(SlotAttempt(number, len(plan.slots), record.id, record.label))
        fits, wrap_key = slotlib.passphrase_fits(record, passphrase)
        if fits:
            if cancel:
                cancel.check()  # cancelled during the derivation: open nothing
            return record, slotlib.unwrap_with_key(file.vault_id, record, wrap_key)
    if plan.refuse_after:
        raise VaultDamaged(TOO_COSTLY)
    raise WrongPassphrase()


def check_room(slots: Sequence[SlotRecord]) -> None:
    """Refuse to write a vault.json that an unlock would refuse (too many or too costly)."""
    from influence_desk.errors import BadInput

    if len(slots) > MAX_SLOTS:
        raise BadInput(f"A vault holds at most {MAX_SLOTS} people; remove someone first.")
    if total_work(slots) > MAX_UNLOCK_WORK:
        raise BadInput(
            "The key slots together would make a wrong passphrase take too long to refuse; "
            "choose a shorter unlock time in the settings, or remove someone first."
        )
