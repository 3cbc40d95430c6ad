"""The letters' templates: the circular (หนังสือภายนอก/เวียน) and the stamped letter (หนังสือประทับตรา).
"""
from __future__ import annotations

from docx import Document
from docx.shared import Pt

from .parts import _body, _document, _enclosures, _letterhead, _p, _page_numbers, _tag


def _kept(paragraph):
    """A paragraph kept on the page of the one after it (the signature block's spacing)."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _office_footer(document) -> None:
    _p(document, "")
    _tag(document, "if qr")
    _p(document, "{{ qr }}")
    _p(document, "{{ qr_caption }}", style="Small").paragraph_format.space_after = Pt(12)  # apart from the office
    _tag(document, "endif")
    _p(document, "{{ office.name }}")
    _p(document, "{{ office.group }}")
    _p(document, "{{ office.phone_line }}")
    _tag(document, "if office.email")
    _p(document, "ไปรษณีย์อิเล็กทรอนิกส์ ", "{{ office.email }}")
    _tag(document, "endif")
    _tag(document, "if copy_to")
    _p(document, "")
    _p(document, "สำเนาส่ง")
    _tag(document, "for name in copy_to")
    _p(document, "{{ name }}", style="Item")
    _tag(document, "endfor")
    _tag(document, "endif")


def _signature_block(document, first: str, *runs: str, lines: str | None = None):
    """The close, the signing space, the name and the position lines as ONE paragraph with
    line breaks, kept together: LibreOffice honours "keep lines together" on a paragraph but
    splits a chain of short paragraphs each kept with the next."""
    paragraph = _p(document, first, style="Signature")
    for _ in range(4):  # three blank lines to sign in
        paragraph.add_run().add_break()
    for text in runs:
        paragraph.add_run(text)
    if lines:
        paragraph.add_run("{% " + lines + " %}")
        paragraph.add_run().add_break()
        paragraph.add_run("{{ line }}")
        paragraph.add_run("{% endfor %}")
    return paragraph


def circular() -> Document:
    """หนังสือภายนอก / หนังสือเวียน"""
    document = _document()
    _page_numbers(document)
    _letterhead(document)
    _p(document, "")
    _p(document, "{{ date_text }}", style="DateLine")
    _p(document, "")
    _p(document, "เรื่อง", "\t", "{{ letter.subject }}", style="Label")
    _p(document, "")
    _p(document, "{{ salutation }}", "\t", "{{ letter.to }}", style="Label")
    _p(document, "")
    _tag(document, "for r in references")
    _p(document, "{% if loop.first %}อ้างถึง{% endif %}", "\t", "{{ r.text }}", style="Label")
    _tag(document, "endfor")
    _tag(document, "if references")
    _p(document, "")
    _tag(document, "endif")
    _enclosures(document)
    _tag(document, "if enclosures")
    _p(document, "")
    _tag(document, "endif")
    _body(document, keep_last=True)
    _tag(document, "if closing")
    _kept(_p(document, ""))
    _kept(_p(document, "{{ closing }}", style="Body"))
    _tag(document, "endif")
    _kept(_p(document, ""))
    _signature_block(document, "{{ complimentary_close }}", "(", "{{ signer.name }}", ")",
                     lines="for line in signer.lines")
    _office_footer(document)
    return document


def stamped() -> Document:
    """หนังสือประทับตรา: ถึง instead of เรียน; the office's name and date at the bottom right."""
    document = _document()
    _page_numbers(document)
    _letterhead(document, with_address=False)
    _p(document, "")
    _p(document, "ถึง", "\t", "{{ letter.to }}", style="Label")
    _p(document, "")
    _enclosures(document)
    _tag(document, "if enclosures")
    _p(document, "")
    _tag(document, "endif")
    _body(document, keep_last=True)
    _kept(_p(document, ""))
    _kept(_p(document, ""))
    _signature_block(document, "{{ office.name }}", "{{ date_text }}")  # the space is for the stamp and initials
    _p(document, "")
    _p(document, "{{ office.group }}")
    _p(document, "{{ office.phone_line }}")
    _tag(document, "if office.email")
    _p(document, "ไปรษณีย์อิเล็กทรอนิกส์ ", "{{ office.email }}")
    _tag(document, "endif")
    return document
