"""ทะเบียนหนังสือส่ง: the outgoing letter register, in SQLite.

Every letter's number comes from here. One database per office (a file outside
output/ and outside git), in WAL mode, each allocation one ``BEGIN IMMEDIATE``
transaction: two clerks, or two builds, can never take the same number, and a
process killed mid-allocation leaves nothing behind (the transaction rolls back).

- A series is (office, circular or not, calendar year พ.ศ.): circulars (ว) have
  their own; numbers restart each calendar year and are never reused.
- Allocation is idempotent per letter (its key: ``<round>/<letter file>``): a
  rebuild gets the number it had.
- An issued letter is protected by the hash of its text; a re-issue takes a new
  number and records both, the old entry marked as replaced.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .. import PROJECT_ROOT
from ..base.errors import UserError
from ..thai import thai_date, with_digits
from ..thai.dates import BE_OFFSET, MonthYear, thai_letter_date

DEFAULT_PATH = PROJECT_ROOT / "data" / "register.sqlite3"
COLUMNS_TH = ["เลขทะเบียนส่ง", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "หมายเหตุ"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS series (
    office   TEXT    NOT NULL,              -- "ฉช 0018": province code and department number
    circular INTEGER NOT NULL,              -- 1: the ว series of circulars
    year     INTEGER NOT NULL,              -- calendar year, พ.ศ.
    next     INTEGER NOT NULL CHECK (next >= 1),
    PRIMARY KEY (office, circular, year)
);
CREATE TABLE IF NOT EXISTS entries (
    id          INTEGER PRIMARY KEY,
    office      TEXT    NOT NULL,
    circular    INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    letter_key  TEXT,                       -- <round>/<letter file>, NULL for a hand entry
    dated       TEXT,                       -- ลงวันที่, ISO date
    sender      TEXT    NOT NULL DEFAULT '',-- จาก
    recipient   TEXT    NOT NULL DEFAULT '',-- ถึง
    subject     TEXT    NOT NULL DEFAULT '',-- เรื่อง
    remark      TEXT    NOT NULL DEFAULT '',-- หมายเหตุ
    status      TEXT    NOT NULL DEFAULT 'allocated'
                CHECK (status IN ('allocated', 'issued', 'void', 'replaced')),
    issued_hash TEXT,
    issued_at   TEXT,
    reason      TEXT,                       -- why voided or replaced
    replaces    INTEGER REFERENCES entries(id),
    created_at  TEXT    NOT NULL,
    UNIQUE (office, circular, year, number)
);
CREATE UNIQUE INDEX IF NOT EXISTS one_live_entry_per_letter
    ON entries(letter_key) WHERE letter_key IS NOT NULL AND status IN ('allocated', 'issued');
"""


@dataclass(frozen=True)
class Entry:
    id: int
    office: str
    circular: bool
    year: int
    number: int
    letter_key: str | None
    dated: str | None
    sender: str
    recipient: str
    subject: str
    remark: str
    status: str
    issued_hash: str | None
    reason: str | None
    replaces: int | None

    @property
    def number_text(self) -> str:
        """ที่ ฉช ๐๐๑๘/ว ๒๒๖"""
        return with_digits(f"{self.office}/{'ว ' if self.circular else ''}{self.number}")

    @property
    def register_number(self) -> str:
        """เลขทะเบียนส่ง: the running number with its series and year, e.g. ว ๒๒๖/๒๕๖๘."""
        return with_digits(f"{'ว ' if self.circular else ''}{self.number}/{self.year}")

    @property
    def series_text(self) -> str:
        """The series, as a clerk names it: ฉช ๐๐๑๘/ว ปี ๒๕๖๘."""
        return with_digits(f"{self.office}{'/ว' if self.circular else ''} ปี {self.year}")

    @property
    def start_command(self) -> str:
        """How to continue this series from the paper book."""
        return (f"make register ARGS=\"start --office '{self.office}'{' --circular' if self.circular else ''} "
                f"--year {self.year} --next <เลขถัดไป/next>\"")

    @property
    def date_value(self) -> dt.date | MonthYear | None:
        if not self.dated:
            return None
        if len(self.dated) == 7:  # 2025-01: month and year only, the day written in on signing
            return MonthYear(int(self.dated[:4]), int(self.dated[5:]))
        return dt.date.fromisoformat(self.dated)

    def row(self) -> list[str]:
        status = {"void": "ยกเลิก", "replaced": "ออกเลขใหม่แทน", "issued": "", "allocated": "ยังไม่ส่ง"}[self.status]
        remark = " ".join(x for x in (status, self.reason or "", self.remark) if x)
        dated = thai_letter_date(self.date_value).strip() if self.dated else ""
        return [self.register_number, self.number_text, dated, self.sender, self.recipient, with_digits(self.subject),
                remark]


def text_hash(paragraphs: list[str]) -> str:
    """The hash of what a letter says: its paragraphs, whitespace-normalised."""
    normalised = "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def register_error(path: Path, error: BaseException) -> UserError:
    """What a clerk is told when the register file cannot be used: which file, and what to do."""
    where = str(path)
    if path.is_dir():
        return UserError("E723 ทะเบียนหนังสือส่งเป็นโฟลเดอร์ ไม่ใช่ไฟล์ฐานข้อมูล: ระบุไฟล์ด้วย --register หรือ CDD_REGISTER",
                         "E723 the register is a folder, not a database file: name a file with --register or "
                         "CDD_REGISTER", where)
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or isinstance(error, PermissionError) \
            or (path.exists() and not os.access(path, os.W_OK)) or not os.access(path.parent, os.W_OK):
        return UserError("E722 เขียนทะเบียนหนังสือส่งไม่ได้ (ไฟล์หรือโฟลเดอร์ของไฟล์เป็นแบบอ่านอย่างเดียว): "
                         "ให้สิทธิ์เขียน หรือระบุไฟล์อื่นด้วย --register",
                         "E722 the register cannot be written (the file or its folder is read-only): "
                         "make it writable or name another file with --register", where)
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError) \
            or "not a database" in text or "malformed" in text:
        return UserError("E721 ไฟล์ทะเบียนหนังสือส่งเสียหรือไม่ใช่ฐานข้อมูลทะเบียน: ใช้ไฟล์สำรองล่าสุด "
                         "(make register ARGS=\"backup …\") หรือระบุไฟล์อื่นด้วย --register",
                         "E721 the register file is damaged or not a register database: restore the last backup "
                         "or name another file with --register", where)
    return UserError(f"E723 เปิดทะเบียนหนังสือส่งไม่ได้: {error}", f"E723 cannot open the register: {error}", where)


class Register:
    def __init__(self, path: Path | None = None):
        self.path = Path(path or os.environ.get("CDD_REGISTER") or DEFAULT_PATH)
        self.db = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.is_dir():
                raise IsADirectoryError(self.path)
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)  # we issue BEGIN ourselves
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=60000")
            tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if tables and not {"series", "entries"} <= tables:  # another program's database
                raise sqlite3.DatabaseError("not a register database")
            with self._transaction():  # executescript would commit on its own: one statement at a time
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
        except (sqlite3.Error, OSError) as error:
            if self.db is not None:
                self.db.close()
            raise register_error(self.path, error) from None

    @contextmanager
    def errors(self):
        """A damaged or read-only register met in use is told as such, naming the file."""
        try:
            yield
        except sqlite3.Error as error:
            raise register_error(self.path, error) from None

    def close(self) -> None:
        if self.db is not None:
            self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def _transaction(self):
        for attempt in range(200):
            try:
                self.db.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:  # busy beyond busy_timeout: wait and retry
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
                time.sleep(0.05)
        else:
            raise UserError("ทะเบียนหนังสือถูกใช้งานอยู่นานเกินไป ลองใหม่อีกครั้ง",
                            "the register stayed locked too long: try again")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------ allocation
    def allocate(self, office: str, circular: bool, year: int, letter_key: str | None, *, dated=None,
                 sender: str = "", recipient: str = "", subject: str = "") -> Entry:
        """The letter's number: the one it has, or the next of its series (one transaction)."""
        with self._transaction():
            if letter_key is not None:
                existing = self._live(letter_key)
                if existing is not None:  # an issued letter keeps the day it was signed
                    self.db.execute("UPDATE entries SET dated=CASE WHEN status='issued' THEN dated ELSE ? END, "
                                    "sender=?, recipient=?, subject=? WHERE id=?",
                                    (_iso(dated), sender, recipient, subject, existing["id"]))
                    return self._entry(existing["id"])
            return self._take_next(office, circular, year, letter_key, dated, sender, recipient, subject, None)

    def _take_next(self, office, circular, year, letter_key, dated, sender, recipient, subject, replaces) -> Entry:
        row = self.db.execute("SELECT next FROM series WHERE office=? AND circular=? AND year=?",
                              (office, int(circular), year)).fetchone()
        number = row["next"] if row else 1
        _pause_for_tests()
        cursor = self.db.execute(
            "INSERT INTO entries (office, circular, year, number, letter_key, dated, sender, recipient, subject,"
            " replaces, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (office, int(circular), year, number, letter_key, _iso(dated), sender, recipient, subject, replaces,
             _now()))
        self.db.execute(
            "INSERT INTO series (office, circular, year, next) VALUES (?,?,?,?) "
            "ON CONFLICT (office, circular, year) DO UPDATE SET next = excluded.next",
            (office, int(circular), year, number + 1))
        return self._entry(cursor.lastrowid)

    def series_started(self, office: str, circular: bool, year: int) -> bool:
        """Whether this register has used the series, or been told where the paper book is (start)."""
        return self.db.execute("SELECT 1 FROM series WHERE office=? AND circular=? AND year=? UNION ALL "
                               "SELECT 1 FROM entries WHERE office=? AND circular=? AND year=? LIMIT 1",
                               (office, int(circular), year) * 2).fetchone() is not None

    def set_start(self, office: str, circular: bool, year: int, next_number: int) -> None:
        """An office moving from the paper book: the next number of a series. Never goes back."""
        with self._transaction():
            highest = self.db.execute(
                "SELECT MAX(number) FROM entries WHERE office=? AND circular=? AND year=?",
                (office, int(circular), year)).fetchone()[0] or 0
            if next_number <= highest:
                raise UserError(f"เลข {next_number} ถูกใช้ไปแล้ว (ใช้ถึง {highest}) เลขที่ออกแล้วใช้ซ้ำไม่ได้",
                                f"number {next_number} is taken (used up to {highest}): numbers are never reused")
            self.db.execute(
                "INSERT INTO series (office, circular, year, next) VALUES (?,?,?,?) "
                "ON CONFLICT (office, circular, year) DO UPDATE SET next = excluded.next",
                (office, int(circular), year, next_number))

    # ------------------------------------------------------------ issue, void, re-issue
    def live(self, letter_key: str) -> Entry | None:
        row = self._live(letter_key)
        return self._entry(row["id"]) if row else None

    def mark_issued(self, entry_id: int, content_hash: str, signed: dt.date | None = None) -> Entry:
        """Signed and sent: its text is locked. A letter is issued on a day: ``signed`` gives it when
        the letter was dated by month and year only (or not at all)."""
        with self._transaction():
            entry = self._entry(entry_id)
            if entry.status not in ("allocated", "issued"):
                raise UserError(f"เลข {entry.register_number} ถูก{'ยกเลิก' if entry.status == 'void' else 'แทนที่'}แล้ว",
                                f"{entry.register_number} is {entry.status}")
            dated = signed or entry.date_value
            if not isinstance(dated, dt.date):
                raise UserError(
                    f"E724 หนังสือ ที่ {entry.number_text} ยังไม่มีวันที่ลงนาม: ระบุด้วย --date เช่น --date '18 มกราคม 2568'",
                    f"E724 {entry.number_text} has no day it was signed: give it with --date, e.g. --date '18 มกราคม 2568'")
            if dated.year + BE_OFFSET != entry.year:
                raise UserError(
                    f"E725 วันที่ลงนาม {thai_date(dated)} ไม่อยู่ในปี {with_digits(str(entry.year))} ของเลข {entry.register_number}",
                    f"E725 the day signed, {dated}, is not in {entry.year}, the year of {entry.register_number}")
            self.db.execute("UPDATE entries SET status='issued', issued_hash=?, issued_at=?, dated=? WHERE id=?",
                            (content_hash, _now(), dated.isoformat(), entry_id))
        return self._entry(entry_id)

    def void(self, entry_id: int, reason: str) -> Entry:
        if not reason.strip():
            raise UserError("ต้องระบุเหตุผลการยกเลิก", "a reason is required to void a number")
        with self._transaction():
            entry = self._entry(entry_id)
            if entry.status in ("void", "replaced"):
                raise UserError(f"เลข {entry.register_number} ยกเลิกหรือแทนที่ไปแล้ว", f"{entry.register_number} is already {entry.status}")
            self.db.execute("UPDATE entries SET status='void', reason=? WHERE id=?", (reason.strip(), entry_id))
        return self._entry(entry_id)

    def reissue(self, entry_id: int, reason: str, year: int, dated=None) -> Entry:
        """A new number for an issued letter; the old entry is kept, marked replaced."""
        with self._transaction():
            old = self._entry(entry_id)
            self.db.execute("UPDATE entries SET status='replaced', reason=? WHERE id=?",
                            (reason or "ออกเลขใหม่", entry_id))
            new = self._take_next(old.office, old.circular, year, old.letter_key, dated or old.dated, old.sender,
                                  old.recipient, old.subject, old.id)
            self.db.execute("UPDATE entries SET remark=? WHERE id=?", (f"แทนที่ {old.number_text}", new.id))
            return self._entry(new.id)

    # ------------------------------------------------------------ reading
    def entries(self, year: int | None = None) -> list[Entry]:
        query = "SELECT id FROM entries" + (" WHERE year=?" if year else "") + " ORDER BY year, circular DESC, number"
        return [self._entry(r["id"]) for r in self.db.execute(query, (year,) if year else ())]

    def find(self, key: str) -> Entry:
        """An entry by id, or by its number as printed (ว 226/2568, 412/2568)."""
        text = with_digits(key.strip(), "arabic")
        if text.isdigit():
            row = self.db.execute("SELECT id FROM entries WHERE id=?", (int(text),)).fetchone()
        else:
            circular = text.startswith("ว")
            body = text.removeprefix("ว").strip()
            number, _, year = body.partition("/")
            row = self.db.execute("SELECT id FROM entries WHERE circular=? AND number=? AND year=? "
                                  "ORDER BY id DESC", (int(circular), int(number), int(year or 0))).fetchone() \
                if number.isdigit() and year.isdigit() else None
        if row is None:
            raise UserError(f"ไม่พบเลขทะเบียน '{key}'", f"no register entry '{key}'")
        return self._entry(row["id"])

    def integrity(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]

    def backup(self, target: Path) -> None:
        """SQLite's online backup: a consistent copy while others keep working."""
        target.parent.mkdir(parents=True, exist_ok=True)
        # into a new file renamed over the target: an earlier backup (or any file of that name) is replaced
        # whole, never merged into or left half-written
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        destination = sqlite3.connect(partial)
        try:
            with destination:
                self.db.backup(destination)
        finally:
            destination.close()
        os.replace(partial, target)

    def _live(self, letter_key: str):
        return self.db.execute("SELECT id FROM entries WHERE letter_key=? AND status IN ('allocated','issued')",
                               (letter_key,)).fetchone()

    def _entry(self, entry_id: int) -> Entry:
        row = self.db.execute("SELECT * FROM entries WHERE id=?", (entry_id,)).fetchone()
        if row is None:
            raise UserError(f"ไม่พบรายการที่ {entry_id}", f"no register entry {entry_id}")
        return Entry(row["id"], row["office"], bool(row["circular"]), row["year"], row["number"], row["letter_key"],
                     row["dated"], row["sender"], row["recipient"], row["subject"], row["remark"], row["status"],
                     row["issued_hash"], row["reason"], row["replaces"])


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, (dt.date, MonthYear)) else str(value)


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _pause_for_tests() -> None:
    """Tests kill a process here, inside the transaction, to show nothing is lost or doubled."""
    pause = os.environ.get("CDD_REGISTER_TEST_PAUSE")
    if pause:
        time.sleep(float(pause))
