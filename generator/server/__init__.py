"""The office server (``make serve``): staff edit a round in the browser and see its pages, the clerk numbers,
issues, voids and prints, the administrator manages users.

Django brings the users, argon2 password hashing, sessions, CSRF protection and the administration page; htmx
(kept in ``static/server/``, no internet needed) makes the forms check as a person types. ``kpi_data/`` stays the
source of truth: a save writes the round's YAML, comments and order kept. The pipeline is called only through
:mod:`generator.server.pipeline`.

May import: base, thai, ooxml, reading, documents, checking, register, build, printing, results (pipeline.py only).
"""
