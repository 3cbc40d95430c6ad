"""What the server keeps in its own database: the audit log, login failures, and the file versions a form
was opened on (so that a later save can tell what someone else changed meanwhile)."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One change: who, when, what, and the value before and after (text, as the file or record held it)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150)  # kept when the user is deleted
    action = models.CharField(max_length=64)
    target = models.CharField(max_length=512)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "บันทึกการเปลี่ยนแปลง / audit entry"
        verbose_name_plural = "บันทึกการเปลี่ยนแปลง / audit log"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.target}"


class LoginFailure(models.Model):
    """Failed logins of one user name in a row; locked until ``locked_until`` after LOCKOUT_FAILURES."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)


class FileVersion(models.Model):
    """A data file's text as a form read it, by its SHA-256: the base of a three-way merge on save."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    text = models.TextField()
    seen = models.DateTimeField(auto_now=True)
