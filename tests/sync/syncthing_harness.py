"""Real Syncthing instances for tests, on loopback only (FACTS.md, "Syncthing").

Each instance gets a private --home under the test's tmp folder, free ports chosen at run
time and a config.xml written before its first start: listening on tcp://127.0.0.1:PORT
only, discovery (global and local), relays, NAT, usage and crash reporting and upgrades
off, every peer at a static tcp://127.0.0.1:PORT address. Until those options are in place
an instance would listen on *:22000 and announce itself, so nothing is started before.

Use::

    cluster = SyncthingCluster(tmp_path)
    lead, field = cluster.add("lead"), cluster.add("field")
    cluster.share("bundles", {lead: folder_a, field: folder_b})
    with cluster:                      # started; always stopped, even on failure
        cluster.wait_connected(lead, field)
        ... write into folder_a ...
        cluster.scan(lead, "bundles")
        cluster.wait_for_file(folder_b / name, expected_bytes)

Waits are bounded (hang guards, never timing assertions). ``untrusted`` shares make a
``receiveencrypted`` folder on an untrusted device (a relay laptop or a NAS): it stores only
Syncthing's encrypted blocks and names, and passes them on to trusted devices.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

SYNCTHING = shutil.which("syncthing") or "/usr/bin/syncthing"
HANG_GUARD_S = 120.0
START_ATTEMPTS = 3
_POLL_S = 0.2

_OPTIONS = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "startBrowser": "false",
    "urAccepted": "-1",  # usage reporting declined, not merely unanswered
    "urSeen": "3",
    "crashReportingEnabled": "false",
    "autoUpgradeIntervalH": "0",
    "reconnectionIntervalS": "2",
    "restartOnWakeup": "false",
    "announceLANAddresses": "false",
    "stunKeepaliveStartS": "0",
    "stunKeepaliveMinS": "0",
}


class SyncthingError(AssertionError):
    """The harness could not do what a test asked (with the instances' log tails)."""


class _PortTaken(Exception):
    """A port chosen as free was taken before Syncthing bound it."""


@dataclass(eq=False)  # one object per instance, hashable by identity
class Instance:
    name: str
    home: Path
    device_id: str
    gui_port: int
    listen_port: int
    api_key: str
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(default_factory=Path)

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.listen_port}"

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log.read_text("utf-8", errors="replace")
        except OSError:
            return ""
        return f"--- {self.name} ---\n" + "\n".join(text.splitlines()[-lines:])


@dataclass(frozen=True)
class Share:
    folder_id: str
    paths: Mapping[str, Path]  # instance name -> folder
    untrusted: frozenset[str]  # instances holding the folder encrypted (receiveencrypted)
    password: str
    hub: str | None  # when set, the others know only the hub, never each other

    def peers_of(self, name: str) -> set[str]:
        if name not in self.paths:
            return set()
        if self.hub is not None and name != self.hub:
            return {self.hub}
        return set(self.paths) - {name}


def free_ports(count: int) -> list[int]:
    """Ports free on 127.0.0.1 now (all held at once, so they differ)."""
    held: list[socket.socket] = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            held.append(s)
        return [s.getsockname()[1] for s in held]
    finally:
        for s in held:
            s.close()


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class SyncthingCluster:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.instances: dict[str, Instance] = {}
        self.shares: list[Share] = []

    # --- set-up (before the first start) ------------------------------------------------

    def add(self, name: str) -> Instance:
        home = self.root / f"syncthing-{name}"
        home.mkdir(parents=True)
        done = subprocess.run(
            [SYNCTHING, "generate", f"--home={home}", "--no-default-folder",
             "--skip-port-probing"],
            capture_output=True, text=True, timeout=HANG_GUARD_S, check=False,
            env=self._env(home),
        )  # fmt: skip
        device_id = ""
        for line in (done.stdout + done.stderr).splitlines():
            if "Device ID:" in line:
                device_id = line.split("Device ID:", 1)[1].strip()
        if done.returncode != 0 or not device_id:
            raise SyncthingError(f"syncthing generate failed: {done.stderr[-500:]}")
        # Every start builds config.xml afresh from what generate wrote (Syncthing rewrites
        # config.xml itself, and a retry on new ports must not add peers twice).
        shutil.copyfile(home / "config.xml", home / "config.generated.xml")
        gui_port, listen_port = free_ports(2)
        instance = Instance(name, home, device_id, gui_port, listen_port,
                            secrets.token_urlsafe(24), log=home / "serve.log")  # fmt: skip
        self.instances[name] = instance
        return instance

    def share(
        self,
        folder_id: str,
        paths: Mapping[Instance, Path],
        *,
        untrusted: tuple[Instance, ...] = (),
        password: str = "",
        hub: Instance | None = None,
    ) -> None:
        if untrusted and not password:
            password = secrets.token_urlsafe(24)
        for path in paths.values():
            (path / ".stfolder").mkdir(parents=True, exist_ok=True)
        self.shares.append(
            Share(folder_id, {i.name: p for i, p in paths.items()},
                  frozenset(i.name for i in untrusted), password, hub.name if hub else None)
        )  # fmt: skip

    @staticmethod
    def _env(home: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ST")}
        env.update(HOME=str(home), STNODEFAULTFOLDER="1", STNOUPGRADE="1", STNORESTART="1",
                   all_proxy="", http_proxy="", https_proxy="")  # fmt: skip
        return env

    def _write_config(self, me: Instance) -> None:
        path = me.home / "config.xml"
        tree = ET.parse(me.home / "config.generated.xml")
        config = tree.getroot()
        options = config.find("options")
        assert options is not None
        for tag, value in {**_OPTIONS, "listenAddress": me.address}.items():
            element = options.find(tag)
            if element is None:
                element = ET.SubElement(options, tag)
            element.text = value
        gui = config.find("gui")
        assert gui is not None
        gui.set("tls", "false")
        for tag, value in (("address", f"127.0.0.1:{me.gui_port}"), ("apikey", me.api_key)):
            element = gui.find(tag)
            if element is None:
                element = ET.SubElement(gui, tag)
            element.text = value
        peers = {n for s in self.shares for n in s.peers_of(me.name)}
        untrusted_peers = {n for s in self.shares if me.name not in s.untrusted
                           for n in s.untrusted & s.peers_of(me.name)}  # fmt: skip
        index = list(config).index(gui)
        for offset, name in enumerate(sorted(peers)):
            peer = self.instances[name]
            device = ET.Element("device", id=peer.device_id, name=name, compression="metadata",
                                introducer="false", skipIntroductionRemovals="false",
                                introducedBy="")  # fmt: skip
            ET.SubElement(device, "address").text = peer.address
            ET.SubElement(device, "paused").text = "false"
            ET.SubElement(device, "autoAcceptFolders").text = "false"
            ET.SubElement(device, "untrusted").text = str(name in untrusted_peers).lower()
            config.insert(index + offset, device)
        index = list(config).index(gui)
        for offset, share in enumerate(s for s in self.shares if me.name in s.paths):
            kind = "receiveencrypted" if me.name in share.untrusted else "sendreceive"
            folder = ET.Element(
                "folder", id=share.folder_id, label=share.folder_id,
                path=str(share.paths[me.name]), type=kind, rescanIntervalS="3600",
                fsWatcherEnabled="false", fsWatcherDelayS="1", ignorePerms="false",
                autoNormalize="true",
            )  # fmt: skip
            ET.SubElement(folder, "filesystemType").text = "basic"
            for name in sorted(share.peers_of(me.name) | {me.name}):
                shared = ET.SubElement(folder, "device", id=self.instances[name].device_id,
                                       introducedBy="")  # fmt: skip
                # A trusted device encrypts for an untrusted one; the untrusted one holds
                # no password at all.
                secret = share.password if (name in share.untrusted and
                                            me.name not in share.untrusted) else ""  # fmt: skip
                ET.SubElement(shared, "encryptionPassword").text = secret
            ET.SubElement(folder, "minDiskFree", unit="%").text = "0"
            ET.SubElement(folder, "markerName").text = ".stfolder"
            config.insert(index + offset, folder)
        tree.write(path, encoding="utf-8", xml_declaration=False)

    # --- running ------------------------------------------------------------------------

    def __enter__(self) -> SyncthingCluster:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start every instance and wait until each answers and listens. Ports are free
        when chosen, but another test on this machine may take one before Syncthing binds
        it: then everything is stopped and started again on new ports (a few times)."""
        for attempt in range(1, START_ATTEMPTS + 1):
            try:
                self._start_once()
                return
            except _PortTaken:
                self.stop()
                if attempt == START_ATTEMPTS:
                    raise SyncthingError(f"ports kept being taken\n{self.logs()}") from None
                for instance in self.instances.values():
                    instance.gui_port, instance.listen_port = free_ports(2)
            except BaseException:
                self.stop()
                raise

    def _start_once(self) -> None:
        for instance in self.instances.values():
            self._write_config(instance)
        for instance in self.instances.values():
            log = instance.log.open("ab")
            instance.process = subprocess.Popen(
                [SYNCTHING, "serve", f"--home={instance.home}", "--no-browser",
                 "--no-restart", "--no-upgrade", "--no-default-folder",
                 f"--gui-address=127.0.0.1:{instance.gui_port}",
                 f"--gui-apikey={instance.api_key}"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=self._env(instance.home), start_new_session=True,
            )  # fmt: skip
            log.close()
        try:
            for instance in self.instances.values():
                self._until(lambda i=instance: self._pings(i), f"{instance.name} to answer")
                self._until(lambda i=instance: self._listening(i),
                            f"{instance.name} to listen")  # fmt: skip
        except SyncthingError:
            if "address already in use" in self.logs(lines=40):
                raise _PortTaken from None
            raise

    def _listening(self, instance: Instance) -> bool:
        status = self.get(instance, "/rest/system/status").get("connectionServiceStatus", {})
        listener = status.get(instance.address) if isinstance(status, dict) else None
        if not isinstance(listener, dict):
            return False
        if listener.get("error"):
            if "address already in use" in str(listener["error"]):
                raise _PortTaken
            raise SyncthingError(f"{instance.name} cannot listen: {listener['error']}")
        return True

    def stop(self) -> None:
        """Stop every instance started here: the monitor's pid, then (bounded) its process
        group, which holds the child it runs."""
        for instance in self.instances.values():
            process = instance.process
            if process is None:
                continue
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                process.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)  # the child, should it outlive it
            instance.process = None

    def _pings(self, instance: Instance) -> bool:
        try:
            return self.get(instance, "/rest/system/ping").get("ping") == "pong"
        except (OSError, urllib.error.URLError, ValueError):
            return False

    def _until(self, ready: Any, what: str, guard: float = HANG_GUARD_S) -> Any:
        deadline = time.monotonic() + guard
        while time.monotonic() < deadline:
            for instance in self.instances.values():
                if instance.process is not None and instance.process.poll() is not None:
                    raise SyncthingError(f"syncthing {instance.name} exited\n{self.logs()}")
            result = ready()
            if result:
                return result
            time.sleep(_POLL_S)
        raise SyncthingError(f"gave up waiting for {what} after {guard:.0f} s\n{self.logs()}")

    def wait_until(self, ready: Any, what: str) -> Any:
        """The first true value of ``ready()``, bounded by the hang guard."""
        return self._until(ready, what)

    def logs(self, lines: int = 15) -> str:
        return "\n".join(i.log_tail(lines) for i in self.instances.values())

    # --- REST ---------------------------------------------------------------------------

    def _request(self, instance: Instance, method: str, path: str) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{instance.gui_port}{path}", method=method,
            headers={"X-API-Key": instance.api_key},
        )  # fmt: skip
        with _NO_PROXY.open(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body.strip() else {}

    def get(self, instance: Instance, path: str) -> Any:
        return self._request(instance, "GET", path)

    def post(self, instance: Instance, path: str) -> Any:
        return self._request(instance, "POST", path)

    def scan(self, instance: Instance, folder_id: str) -> None:
        self.post(instance, f"/rest/db/scan?folder={folder_id}")

    def connection(self, instance: Instance, peer: Instance) -> dict[str, Any]:
        connections = self.get(instance, "/rest/system/connections").get("connections", {})
        found = connections.get(peer.device_id, {})
        return found if isinstance(found, dict) else {}

    def wait_connected(self, *instances: Instance) -> None:
        """Every pair among ``instances`` that shares a folder is connected."""
        for a in instances:
            for b in instances:
                shared = any(b.name in s.peers_of(a.name) for s in self.shares)
                if a is not b and shared:
                    self._until(lambda a=a, b=b: self.connection(a, b).get("connected"),
                                f"{a.name} to connect to {b.name}")  # fmt: skip

    def wait_for_file(self, path: Path, expected: bytes) -> Path:
        """Until ``path`` holds exactly ``expected`` (Syncthing writes into a temporary name
        and renames, so a file of that name is whole once it is there)."""

        def arrived() -> bool:
            try:
                return path.read_bytes() == expected
            except OSError:
                return False

        self._until(arrived, f"{path.name} to arrive")
        return path

    def wait_idle(self, instance: Instance, folder_id: str) -> dict[str, Any]:
        """Until the folder on ``instance`` has nothing left to pull; its status."""

        def idle() -> dict[str, Any] | None:
            status = self.get(instance, f"/rest/db/status?folder={folder_id}")
            done = status.get("state") == "idle" and status.get("needFiles", 1) == 0
            return status if done and status.get("globalFiles", 0) > 0 else None

        result: dict[str, Any] = self._until(idle, f"{instance.name} to finish {folder_id}")
        return result
