"""An office server of its own for a test: a temporary copy of the rounds, its own runtime folder, output and
register, on a free loopback port. Stopped by the test that started it (its own process id only)."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    url: str
    root: Path
    data: Path
    output: Path
    register: Path
    password: str
    process: subprocess.Popen
    env: dict

    def manage(self, code: str) -> str:
        """Run Python with Django set up on this server's database (users and roles made here)."""
        done = subprocess.run([sys.executable, "-m", "generator.server", "manage", "shell", "-c", code],
                              env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def add_user(self, name: str, password: str, *roles: str) -> None:
        self.manage("from django.contrib.auth.models import User, Group\n"
                    f"u = User.objects.create_user({name!r}, password={password!r})\n"
                    f"u.groups.add(*Group.objects.filter(name__in={list(roles)!r}))")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.root, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(rounds=None) -> Server:
    root = Path(tempfile.mkdtemp(prefix="cdd-serve-test-"))
    data = root / "kpi_data"
    shutil.copytree(ROOT / "kpi_data", data, ignore=None if rounds is None else
                    lambda folder, names: [n for n in names if Path(folder) == ROOT / "kpi_data"
                                           and (ROOT / "kpi_data" / n).is_dir() and n not in rounds])
    port = free_port()
    env = dict(os.environ, CDD_SERVER_HOME=str(root / "home"), CDD_DATA=str(data), CDD_OUTPUT=str(root / "output"),
               CDD_REGISTER=str(root / "register.sqlite3"), PYTHAINLP_OFFLINE="1",
               PYTHAINLP_DATA=str(ROOT / ".cache" / "pythainlp-data"), PYTHONUNBUFFERED="1")
    log = open(root / "server.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "generator.server", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=log, text=True)
    password, lines = None, []
    deadline = time.time() + 90
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"password: (\S+)", line)
        if found:
            password = found.group(1)
        if "Ctrl+C" in line:
            break
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/login/", timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    server = Server(url, root, data, root / "output", root / "register.sqlite3", password or "", process, env)
    assert password, "".join(lines) + (root / "server.log").read_text()
    return server
