"""Rules on how a letter takes its number from the register (ทะเบียนหนังสือส่ง)."""
from __future__ import annotations

from .rules import _at, rule
from ..base.diagnostics import Report
from ..reading.model import Round


@rule
def numbered_letters_are_dated(round_: Round, report: Report) -> None:
    """E720: a letter that takes its number from the register has a date (a day, or month and year):
    the number belongs to the year of the letter's date. A draft takes no number, so it may be undated."""
    if round_.settings.round.draft:
        return
    for name, letter in round_.letters.items():
        if letter.number == "auto" and letter.date is None:
            report.add("E720", _at(round_, f"letter:{name}", "number"),
                       "หนังสือที่ขอเลขจากทะเบียน (number: auto) ต้องมีวันที่ (date:) เพราะเลขเป็นของปีตามวันที่หนังสือ "
                       "ใส่วันที่ เช่น 18 มกราคม 2568 หรือเฉพาะเดือนและปี เช่น มกราคม 2568 "
                       "หรือใช้ number: blank เพื่อเว้นเลขไว้เขียนเมื่อลงนาม",
                       "a letter numbered from the register (number: auto) needs a date: its number belongs to the "
                       "year of that date. Type one (18 มกราคม 2568, or month and year only: มกราคม 2568), "
                       "or use number: blank to leave the number to write in on signing")
