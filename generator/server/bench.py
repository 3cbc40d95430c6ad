"""``make bench-serve``: 20 simulated members of staff on a server of its own (loopback only, a temporary copy of
one round), bounded in requests and time. Prints the p95 of pages, of checks as you type (each answered with the
real findings), and of a one-field save until its first page image is shown (the bundle and the preflight go on
after it; the job's page is asked again at the interval the page itself polls at), each beside the issue's target;
the errors; whether every save is in the file; the load average before and after. Not a test: it measures."""
from __future__ import annotations

import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from generator import PROJECT_ROOT

USERS, PAGES, CHECKS, SAVES, LIMIT = 20, 5, 5, 12, 600.0  # per user; saves in all; seconds in all
TARGETS = {"pages": 0.3, "checks": 0.3, "saves": 2.0}  # the p95 targets, seconds
THINK = (0.5, 2.0)  # seconds a person takes between two actions (reading a page, typing a word)
ROUND, LETTER = "2568-1-chachoengsao", "02-stamped"


def p95(values: list[float]) -> float:
    """The 95th percentile, as the bench has always taken it (the value at index int(0.95 n): of 20 or fewer
    values, the largest).

    >>> p95([0.1] * 19 + [2.0]), p95([0.1] * 99 + [2.0]), p95([float(n) for n in range(100)])
    (2.0, 0.1, 95.0)
    """
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _figure(values: list[float], target: float) -> str:
    if not values:
        return "-"
    met = "met" if p95(values) <= target else "MISSED"
    return f"{1000 * p95(values):,.0f} ms (n={len(values)}, median {1000 * statistics.median(values):,.0f} ms, " \
           f"max {1000 * max(values):,.0f} ms) · เป้า / target ≤ {1000 * target:,.0f} ms: {met}"


class Person:
    def __init__(self, base: str, name: str, password: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.get("/login/")[1]
        self.post("/login/", {"username": name, "password": password, "csrfmiddlewaretoken": self.token(page)})

    def get(self, path: str) -> tuple[float, str]:
        started = time.perf_counter()
        with self.opener.open(self.base + path, timeout=60) as response:
            body = response.read().decode()
        return time.perf_counter() - started, body

    def post(self, path: str, fields: dict, csrf: str | None = None) -> tuple[float, str]:
        request = urllib.request.Request(self.base + path, urllib.parse.urlencode(fields).encode(),
                                         headers={"X-CSRFToken": csrf} if csrf else {})
        started = time.perf_counter()
        with self.opener.open(request, timeout=120) as response:
            body = response.read().decode()
        return time.perf_counter() - started, body

    @staticmethod
    def token(page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _first_print(base: str) -> None:
    """The round built and printed once before anyone starts, as an office's round is (its documents and PDFs are
    there from the last save): each save then makes only what it changed, as it would in the office."""
    person = Person(base, "staff0", "bench-password-0")
    page = person.get(f"/rounds/{ROUND}/")[1]
    _, body = person.post(f"/rounds/{ROUND}/build/", {"csrfmiddlewaretoken": Person.token(page)})
    job = re.search(r'/jobs/(\d+)/', body).group(1)
    for _ in range(600):
        status = person.get(f"/rounds/{ROUND}/jobs/{job}/")[1]
        if "job done" in status:
            return
        if "job failed" in status:
            raise RuntimeError("the first print failed")
        time.sleep(0.5)
    raise RuntimeError("the first print took more than 5 minutes")


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="cdd-bench-serve-"))
    shutil.copytree(PROJECT_ROOT / "kpi_data" / ROUND, root / "kpi_data" / ROUND)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, CDD_SERVER_HOME=str(root / "home"), CDD_DATA=str(root / "kpi_data"),
               CDD_OUTPUT=str(root / "output"), CDD_REGISTER=str(root / "register.sqlite3"), PYTHONUNBUFFERED="1")
    server = subprocess.Popen([sys.executable, "-m", "generator.server", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in server.stdout:
            if "Ctrl+C" in line:
                break
        users = "".join(f"u=User.objects.create_user('staff{i}', password='bench-password-{i}');"
                        f"u.groups.add(Group.objects.get(name='staff'));" for i in range(USERS))
        subprocess.run([sys.executable, "-m", "generator.server", "manage", "shell", "-c",
                        "from django.contrib.auth.models import User, Group;" + users], env=env, check=True)
        base = f"http://127.0.0.1:{port}"
        _first_print(base)
        before = os.getloadavg()
        deadline = time.time() + LIMIT
        pages, checks, saves, posts, errors, typed = [], [], [], [], [], []
        lock, saving = threading.Lock(), threading.Lock()

        def staff(i: int) -> None:
            held = False
            try:
                person = Person(base, f"staff{i}", f"bench-password-{i}")
                for n in range(PAGES):
                    if time.time() > deadline:
                        return
                    time.sleep(random.uniform(*THINK))
                    took, page = person.get(f"/rounds/{ROUND}/edit/letter/{LETTER}/" if n % 2 else f"/rounds/{ROUND}/")
                    with lock:
                        pages.append(took)
                page = person.get(f"/rounds/{ROUND}/edit/letter/{LETTER}/")[1]
                token = person.token(page)
                for n in range(CHECKS):
                    time.sleep(random.uniform(*THINK))
                    took, _ = person.post(f"/rounds/{ROUND}/edit/letter/{LETTER}/check/",
                                          {f"v|letters/{LETTER}.yaml|to": f"ทุกอำเภอ {i}-{n}"}, token)
                    with lock:
                        checks.append(took)
                if i < SAVES:
                    saving.acquire()  # saves one after another, each on the file as the last left it
                    held = True
                    page = person.get(f"/rounds/{ROUND}/edit/letter/{LETTER}/")[1]
                    versions = dict(re.findall(r'name="(version\|[^"]+)" value="([0-9a-f]+)"', page))
                    started = time.perf_counter()
                    value = f"เรื่องทดสอบความเร็ว {i}"
                    posted, body = person.post(f"/rounds/{ROUND}/edit/letter/{LETTER}/",
                                               {**versions, "csrfmiddlewaretoken": token,
                                                f"v|letters/{LETTER}.yaml|subject": value})
                    job = re.search(r'/jobs/(\d+)/', body)
                    if not job:
                        raise RuntimeError("the save started no build")
                    every = re.search(r'hx-trigger="every (\d+)ms"', body)  # as often as the page itself asks
                    interval = int(every.group(1)) / 1000 if every else 1.0
                    _, status = person.get(f"/rounds/{ROUND}/jobs/{job.group(1)}/")  # at once (hx-trigger="load")
                    while "page new" not in status and time.time() < deadline:
                        if "job failed" in status:
                            raise RuntimeError("build failed")
                        if "job done" in status:
                            raise RuntimeError("the build ended without a new page image")
                        time.sleep(interval)
                        _, status = person.get(f"/rounds/{ROUND}/jobs/{job.group(1)}/")
                    if "page new" not in status:
                        raise RuntimeError("no page image within the bench's time")
                    with lock:
                        saves.append(time.perf_counter() - started)
                        posts.append(posted)
                        typed.append(value)
                    held = False
                    saving.release()
            except Exception as error:  # counted and printed: the measure is how many there are
                with lock:
                    errors.append(f"staff{i}: {error}")
                if held:
                    saving.release()

        threads = [threading.Thread(target=staff, args=(i,)) for i in range(USERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(max(1.0, deadline - time.time()))
        text = (root / "kpi_data" / ROUND / "letters" / f"{LETTER}.yaml").read_text(encoding="utf-8")
        after = os.getloadavg()
        print(f"ผู้ใช้ {USERS} คน / {USERS} simulated staff on 127.0.0.1, {os.cpu_count()} cores, "
              f"load average {before[0]:.1f} before, {after[0]:.1f} after (1 min)")
        print(f"  หน้า / page p95: {_figure(pages, TARGETS['pages'])}")
        print(f"  ตรวจขณะพิมพ์ / checks as you type p95: {_figure(checks, TARGETS['checks'])}")
        print(f"  บันทึกหนึ่งช่องจนเห็นภาพหน้า / one-field save to page images p95: {_figure(saves, TARGETS['saves'])}")
        if posts:
            print(f"    of which the save itself (checks, write, the round's page): median "
                  f"{1000 * statistics.median(posts):,.0f} ms, max {1000 * max(posts):,.0f} ms; the rest is the build, "
                  f"LibreOffice, pdftoppm and the page's polling")
        print(f"  ผิดพลาด / errors: {len(errors)}" + "".join(f"\n    {e}" for e in errors[:5]))
        print(f"  บันทึกหาย / saves lost: {0 if typed and typed[-1] in text or not typed else 'the last save is not in the file'}")
        return 1 if errors else 0
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
