"""Roles are Django groups: staff edit rounds, the clerk numbers, issues, voids and prints, the reviewer takes
returns and makes results, the administrator manages users. Every view says which roles it serves
(``@role(...)``): an anonymous request goes to the login page, a signed-in person without the role gets 403."""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

STAFF, CLERK, REVIEWER, ADMIN = "staff", "clerk", "reviewer", "admin"
ROLES = {
    STAFF: ("เจ้าหน้าที่ (แก้ข้อมูลรอบ)", "staff: edit rounds"),
    CLERK: ("งานสารบรรณ (ออกเลข ส่ง ยกเลิก พิมพ์)", "clerk: number, issue, void, print"),
    REVIEWER: ("ผู้รวบรวมผล (รับแบบรายงาน สรุปผล)", "reviewer: returns and results"),
    ADMIN: ("ผู้ดูแลระบบ (จัดการผู้ใช้)", "administrator: users"),
}


def roles_of(user) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_cdd_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) & set(ROLES)
        user._cdd_roles = cached
    return cached


def has_role(user, *wanted: str) -> bool:
    return bool(roles_of(user) & set(wanted))


def role(*wanted: str):
    """The view serves a person holding any of ``wanted``; it keeps the roles on the view for the route test."""
    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *wanted):
                raise PermissionDenied("ไม่มีสิทธิ์ / not allowed for your role")
            return view(request, *args, **kwargs)
        guarded.roles = frozenset(wanted)
        return guarded
    return decorate


def public(view):
    """A view anyone may open (the login page, the static files): marked so the route test knows."""
    view.public = True
    return view


def context(request) -> dict:
    """Templates show only the actions the person may take."""
    held = roles_of(request.user) if hasattr(request, "user") else set()
    return {"roles": held, "is_staff_role": STAFF in held, "is_clerk": CLERK in held,
            "is_reviewer": REVIEWER in held, "is_admin": ADMIN in held}
