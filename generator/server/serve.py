"""``make serve``: prepare the database, make the roles and, on first start, the first administrator with a
one-time password; then listen on HOST:PORT (127.0.0.1:8000 unless told the office's address).

``python -m generator.server manage <command>`` runs Django's management commands (changepassword, …)."""
from __future__ import annotations

import argparse
import os
import secrets
import sys
import threading


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "generator.server.settings")
    import django

    django.setup()


def prepare(stdout=sys.stdout) -> str | None:
    """Migrate, make the four role groups, and the first administrator when there is no user yet.
    Returns the one-time password of that administrator (None when users exist)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from .roles import ROLES

    call_command("migrate", verbosity=0, interactive=False)
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    users = get_user_model()
    if users.objects.exists():
        return None
    password = secrets.token_urlsafe(12)
    admin = users.objects.create_user("admin", password=password, is_staff=True, is_superuser=True)
    admin.groups.add(*Group.objects.filter(name__in=list(ROLES)))
    return password


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["manage"]:
        setup()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage"] + argv[1:])
        return 0
    parser = argparse.ArgumentParser(prog="python -m generator.server", description="เซิร์ฟเวอร์ของสำนักงาน / the office server")
    parser.add_argument("--host", default=os.environ.get("HOST") or "127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    args = parser.parse_args(argv)
    hosts = {"127.0.0.1", "localhost", args.host}
    if args.host in ("0.0.0.0", "::"):
        hosts.add("*")
    os.environ.setdefault("CDD_ALLOWED_HOSTS", ",".join(sorted(hosts)))
    setup()
    password = prepare()
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer, run

    from .pipeline import build_in_process, check_in_processes, warm_up
    from .wsgi import application

    build_in_process()
    threading.Thread(target=warm_up, daemon=True, name="cdd-warm-up").start()
    check_in_processes()

    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(f"เซิร์ฟเวอร์ของสำนักงานพร้อมที่ / the office server is at http://{shown}:{args.port}/", flush=True)
    print(f"  ข้อมูล / data: {settings.DATA}   ฐานข้อมูลผู้ใช้ / users' database: {settings.DATABASES['default']['NAME']}",
          flush=True)
    if password:
        print("ผู้ดูแลระบบคนแรก (แสดงครั้งเดียว เปลี่ยนรหัสผ่านหลังเข้าระบบ) / the first administrator "
              "(shown once: change the password after logging in):", flush=True)
        print(f"  ชื่อผู้ใช้ / user name: admin   รหัสผ่าน / password: {password}", flush=True)
    print("หยุดด้วย Ctrl+C / stop with Ctrl+C", flush=True)
    try:
        run(args.host, args.port, application, ipv6=":" in args.host, threading=True, server_cls=WSGIServer)
    except KeyboardInterrupt:
        print("หยุดแล้ว / stopped")
    except OSError as error:
        print(f"เปิดที่ {args.host}:{args.port} ไม่ได้: {error.strerror} (พอร์ตถูกใช้อยู่? ลอง PORT=8001) / "
              f"cannot listen on {args.host}:{args.port}: {error.strerror} (port in use? try PORT=8001)", file=sys.stderr)
        return 1
    return 0
