"""Letters: หนังสือภายนอก/หนังสือเวียน (circular.docx) and หนังสือประทับตรา (stamped.docx)."""
from __future__ import annotations

import io
from pathlib import Path

from ..reading.model import Letter, Round
from ..base.paths import DEFAULT_EMBLEM
from ..thai import thai_date, with_digits
from ..thai.dates import thai_letter_date
from .common import (
    CLOSES,
    enclosure_lines,
    office_view,
    paragraphs,
    province_of,
    signer_view,
    sources,
)
from .job import DocumentJob, Image

EMBLEM_HEIGHT_CM = 3.0
BLANK_NUMBER = "........"


def emblem_path(round_: Round) -> Path | None:
    """The Garuda image: the office's own, else letter_templates/garuda.png, else none."""
    configured = round_.settings.office.emblem
    if configured:
        path = (round_.folder / configured).resolve()
        return path if path.is_file() else None
    return DEFAULT_EMBLEM if DEFAULT_EMBLEM.is_file() else None


def office_key(round_: Round) -> str:
    """The office as its letters number it: province code and department number (ฉช 0018)."""
    return f"{province_of(round_).code} {round_.settings.office.department_number}"


def number_text(round_: Round, letter: Letter, digits, allocated: int | None = None) -> str:
    """ที่ ฉช ๐๐๑๘/ว ๒๒๖ — a letter sent to many (ว), of whatever kind, carries ว. With ``number: blank``,
    or ``auto`` in a draft round (a draft takes no number), the number is left blank to write in on
    signing: ที่ ฉช ๐๐๑๘/ว"""
    series = "ว " if letter.sent_to_many else ""
    number = allocated if allocated is not None else letter.number
    if number == "blank" or (number == "auto" and round_.settings.round.draft):
        return with_digits(f"{office_key(round_)}/{series}".rstrip(), digits)
    running = BLANK_NUMBER if number in (None, "auto") else str(number)
    return with_digits(f"{office_key(round_)}/{series}{running}", digits)


def qr_png(target: str) -> bytes:
    import qrcode

    image = qrcode.make(target, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def letter_context(round_: Round, name: str, letter: Letter, allocated: int | None = None) -> dict:
    digits = round_.settings.digits
    emblem = emblem_path(round_)
    references = [
        {"text": with_digits(f"{r.text} ที่ {r.number} ลงวันที่ {thai_date(r.date)}", digits)}
        for r in letter.references
    ]
    return {
        "digits": digits,
        "letter": {"subject": with_digits(letter.subject or "", digits), "to": with_digits(letter.to, digits),
                   "kind": letter.kind, "date": letter.date},
        "number_text": number_text(round_, letter, digits, allocated),
        "date_text": thai_letter_date(letter.date, digits) if letter.date else "......................................",
        "salutation": letter.salutation,
        "complimentary_close": letter.complimentary_close or CLOSES[letter.salutation],
        "references": references,
        "enclosures": enclosure_lines(letter.enclosures, digits),
        "body": paragraphs(letter.body, digits),
        "closing": with_digits(letter.closing, digits) if letter.closing else "",
        "signer": signer_view(round_, digits),
        "office": office_view(round_, digits),
        "emblem": Image(EMBLEM_HEIGHT_CM, path=emblem) if emblem else "",
        "qr": Image(3.0, data=qr_png(letter.qr)) if letter.qr else "",
        "qr_caption": with_digits(letter.qr_caption or "", digits),
        "copy_to": [with_digits(c, digits) for c in letter.copy_to],
    }


def jobs(round_: Round, numbers: dict[str, int] | None = None, only: str | None = None) -> list[DocumentJob]:
    result = []
    for name, letter in round_.letters.items():
        if only is not None and name != only:
            continue
        template = "stamped.docx" if letter.kind == "stamped" else "circular.docx"
        kind = "stamped" if letter.kind == "stamped" else "circular"
        result.append(DocumentJob(
            kind=kind, template=template, output=f"letter-{name}.docx",
            title=f"{'หนังสือประทับตรา' if kind == 'stamped' else 'หนังสือ'} {letter.subject or letter.to}",
            context=letter_context(round_, name, letter, (numbers or {}).get(name)),
            sources=sources(round_, f"letter:{name}"), attach=list(letter.attach),
        ))
    return result
