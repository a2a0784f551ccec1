"""A throwaway PostgreSQL server for tests: Debian's `postgresql` binaries, a cluster in a temp folder, TCP on
127.0.0.1 at a free port, trust authentication, stopped and removed when the fixture ends.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user (created by
Debian's package) and its commands run through `runuser`. Without the binaries the fixture installs
`postgresql` with apt-get when it can (root), else the tests that need it are skipped with that reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    port: int
    user: str

    def url(self, database: str, driver: str = "postgresql+psycopg2") -> str:
        return f"{driver}://{self.user}@127.0.0.1:{self.port}/{database}"


def _bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _install() -> str | None:
    """Install Debian's postgresql (as root); return why not, or None."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "Debian's postgresql is not installed and this user cannot apt-get install it"
    proc = subprocess.run(
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql",
        shell=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return None if proc.returncode == 0 else f"apt-get install postgresql failed: {proc.stderr[-300:]}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_server() -> Iterator[Server | str]:
    """Yield a running Server, or a string saying why none could be started (the caller skips)."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        why = _install()
        bin_dir = _bin_dir()
        if bin_dir is None:
            yield why or "postgresql installed, but no initdb found"
            return
    as_root = os.geteuid() == 0
    owner = "postgres" if as_root else pwd.getpwuid(os.geteuid()).pw_name
    if as_root:
        try:
            pwd.getpwnam(owner)
        except KeyError:
            yield "running as root and there is no `postgres` user to own the cluster"
            return

    def run(*cmd: str) -> subprocess.CompletedProcess:
        full = ["runuser", "-u", owner, "--", *cmd] if as_root else list(cmd)
        return subprocess.run(full, capture_output=True, text=True, timeout=120)

    root = Path(tempfile.mkdtemp(prefix="conflict-pg-"))
    if as_root:
        shutil.chown(root, owner)
    data, port = root / "data", _free_port()
    try:
        proc = run(str(bin_dir / "initdb"), "-D", str(data), "-U", owner, "--auth=trust", "-E", "UTF8", "--no-sync")
        assert proc.returncode == 0, f"initdb failed: {proc.stderr}"
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        proc = run(
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        assert proc.returncode == 0, f"pg_ctl start failed: {proc.stderr}{(root / 'server.log').read_text()}"
        try:
            yield Server(port=port, user=owner)
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def create_database(server: Server, name: str) -> None:
    import psycopg2

    con = psycopg2.connect(host="127.0.0.1", port=server.port, user=server.user, dbname="postgres")
    con.autocommit = True
    try:
        with con.cursor() as cur:
            cur.execute(f'create database "{name}"')
    finally:
        con.close()
