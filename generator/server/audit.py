"""The audit log: every change, who made it, when, what, before and after."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver


def record(user, action: str, target: str, before: str = "", after: str = "") -> None:
    from .models import AuditEntry

    AuditEntry.objects.create(user=user if getattr(user, "is_authenticated", False) else None,
                              username=getattr(user, "username", "") or str(user or "-"),
                              action=action, target=target[:512], before=before, after=after)


def _user_text(user) -> str:
    groups = ",".join(sorted(user.groups.values_list("name", flat=True))) if user.pk else ""
    return f"{user.username} active={user.is_active} groups={groups}"


def _acting_user():
    from .middleware import current_user

    return current_user()


User = get_user_model()


@receiver(post_save, sender=User)
def _user_saved(sender, instance, created, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login is logged as a login, not as a change to the user
    record(_acting_user() or "system", "user.create" if created else "user.change", f"user:{instance.username}",
           "" if created else "-", _user_text(instance))


@receiver(post_delete, sender=User)
def _user_deleted(sender, instance, **kwargs):
    record(_acting_user() or "system", "user.delete", f"user:{instance.username}", instance.username, "")


@receiver(m2m_changed, sender=User.groups.through)
def _groups_changed(sender, instance, action, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, User):
        return
    from django.contrib.auth.models import Group

    names = ",".join(sorted(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True)))
    record(_acting_user() or "system", f"user.groups.{action.removeprefix('post_')}", f"user:{instance.username}",
           "", names)
