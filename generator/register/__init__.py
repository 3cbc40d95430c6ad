"""The letter register (ทะเบียนหนังสือส่ง): numbers a letter once, in SQLite, whatever runs at the same time.

- :mod:`.store`    the database: allocation in one transaction, issue, void, replace, backup
- :mod:`.exports`  the clerk's CSV and Excel copies and the printed register page

May import: base, thai, ooxml.
"""
