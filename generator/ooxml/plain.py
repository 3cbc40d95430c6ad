"""Small documents written whole as WordprocessingML, with no template: the print bundle's cover sheet and the
document LibreOffice warms up on.

Written as text they cost a millisecond, and having no styles part LibreOffice opens them in a quarter of the
time it takes over a python-docx document (whose default template brings 180 styles, a theme and a table style
that LibreOffice applies cell by cell): the cover sheet is converted last, when everything else waits for it.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from ..base.derived import made_once
from .package import core_properties, write_package
from .runs import FONT, LANGUAGE, SIZE_PT
from .sections import A4, MARGINS

TWIPS_PER_EMU = 1 / 635
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'


def _twips(length) -> int:
    return round(int(length) * TWIPS_PER_EMU)


TEXT_WIDTH = _twips(A4[0]) - _twips(MARGINS["left"]) - _twips(MARGINS["right"])  # twips between the side margins


def thai_run(text: str, size_pt: float = SIZE_PT, bold: bool = False, font: str = FONT) -> str:
    """A run of ``text`` in ``font`` for every script, Thai language, ``size_pt`` and weight for Thai and
    Latin alike; characters XML cannot hold are left out.

    >>> thai_run("ก & <ข>", bold=True).split("<w:t ")[1]
    'xml:space="preserve">ก &amp; &lt;ข&gt;</w:t></w:r>'
    >>> "\\x07" in thai_run("ก\\x07ข")
    False
    """
    half_points = round(size_pt * 2)
    weight = "<w:b/><w:bCs/>" if bold else ""
    return (f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}"/>{weight}'
            f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            f'<w:lang w:val="{LANGUAGE}" w:bidi="{LANGUAGE}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(_NOT_XML.sub("", text))}</w:t></w:r>')


def paragraph(runs: str = "", align: str | None = None, after_pt: float = 0) -> str:
    """A paragraph of ``runs`` (:func:`thai_run`), aligned ``align`` (left, center, right, thaiDistribute)
    when given, ``after_pt`` points of space after it."""
    alignment = f'<w:jc w:val="{align}"/>' if align else ""
    spacing = f'<w:spacing w:after="{round(after_pt * 20)}"/>' if after_pt else ""
    properties = f"<w:pPr>{spacing}{alignment}</w:pPr>" if spacing or alignment else ""
    return f"<w:p>{properties}{runs}</w:p>"


def grid_table(rows: list[list[str]], widths: list[int], size_pt: float = SIZE_PT) -> str:
    """A table with every border drawn: ``rows`` of cell texts, the first a header row (bold, repeated on every
    page), no row split across pages; ``widths`` of the columns in twips, fixed.

    >>> table = grid_table([["ลำดับ", "เอกสาร"], ["๑", "หนังสือ"]], [1000, 8000])
    >>> table.count("<w:tr>"), table.count("<w:tblHeader/>"), table.count("<w:b/>")
    (2, 1, 2)
    """
    borders = "".join(_BORDER.format(side=side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    made = []
    for index, row in enumerate(rows):
        header = "<w:tblHeader/>" if index == 0 else ""
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                        f'{paragraph(thai_run(text, size_pt, bold=index == 0) if text else "")}</w:tc>'
                        for text, width in zip(row, widths))
        made.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{cells}</w:tr>")
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="108" w:type="dxa"/>'
            '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid>{"".join(made)}</w:tbl>')


def widths_across(proportions: list[float], width: int = TEXT_WIDTH) -> list[int]:
    """Column widths in twips, in ``proportions``, that fill ``width`` (the text's width on A4) exactly.

    >>> widths_across([1.5, 8.5, 4.5, 2.0]), TEXT_WIDTH
    ([825, 4673, 2474, 1099], 9071)
    """
    total = sum(proportions)
    made = [round(width * part / total) for part in proportions]
    made[-1] += width - sum(made)
    return made


_PART = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# the parts a main document must have (the schema's validators say so), each as small as it can be
_DOCUMENT_PARTS = {  # part: (content type, relationship type)
    "word/styles.xml": (_PART + "styles+xml", "styles"),
    "word/settings.xml": (_PART + "settings+xml", "settings"),
    "word/fontTable.xml": (_PART + "fontTable+xml", "fontTable"),
    "word/theme/theme1.xml": ("application/vnd.openxmlformats-officedocument.theme+xml", "theme"),
}


@made_once
def _theme() -> bytes:
    """A document theme: the one of python-docx's own default template (Office's), which the theme's schema
    wants whole (twelve colours, the fonts, three of each fill, line and effect)."""
    import zipfile
    from pathlib import Path

    import docx

    with zipfile.ZipFile(Path(docx.__file__).parent / "templates" / "default.docx") as template:
        return template.read("word/theme/theme1.xml")


def _styles() -> bytes:
    """TH SarabunPSK 16 pt, Thai, single spacing and no space after a paragraph, for everything; the default
    paragraph style and table style Word expects."""
    fonts = f'w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"'
    size = round(SIZE_PT * 2)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {_W}><w:docDefaults>'
            f'<w:rPrDefault><w:rPr><w:rFonts {fonts}/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
            f'<w:lang w:val="{LANGUAGE}" w:bidi="{LANGUAGE}"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            '</w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            '<w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal">'
            '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
            '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            '</w:tblCellMar></w:tblPr></w:style></w:styles>').encode("utf-8")


def plain_document(body: str, title: str = "") -> bytes:
    """A .docx of ``body`` (paragraphs and tables) on A4 with the office's margins, ``title`` in its properties.

    >>> import zipfile, io
    >>> package = zipfile.ZipFile(io.BytesIO(plain_document(paragraph(thai_run("ก")), "ใบปะหน้า")))
    >>> sorted(name for name in package.namelist() if not name.startswith("word/"))
    ['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml']
    >>> "ใบปะหน้า" in package.read("docProps/core.xml").decode()
    True
    """
    margins = {side: _twips(MARGINS[side]) for side in ("top", "right", "bottom", "left")}
    section = (f'<w:sectPr><w:pgSz w:w="{_twips(A4[0])}" w:h="{_twips(A4[1])}"/>'
               f'<w:pgMar w:top="{margins["top"]}" w:right="{margins["right"]}" w:bottom="{margins["bottom"]}" '
               f'w:left="{margins["left"]}" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>')
    xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>'
                        for name, (kind, _) in _DOCUMENT_PARTS.items())
    related = "".join(f'<Relationship Id="rId{number}" Type="{_RELATIONSHIP}{relationship}" '
                      f'Target="{name.removeprefix("word/")}"/>'
                      for number, (name, (_, relationship)) in enumerate(_DOCUMENT_PARTS.items(), start=1))
    return write_package({
        "[Content_Types].xml": (
            f'{xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{_PART}document.main+xml"/>{overrides}'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>').encode(),
        "_rels/.rels": (
            f'{xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RELATIONSHIP}officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/></Relationships>').encode(),
        "docProps/core.xml": core_properties(title),
        "word/_rels/document.xml.rels": (
            f'{xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{related}'
            '</Relationships>').encode(),
        "word/document.xml": f'{xml}<w:document {_W}><w:body>{body}{section}</w:body></w:document>'.encode("utf-8"),
        "word/styles.xml": _styles(),
        "word/settings.xml": (f'{xml}<w:settings {_W}><w:defaultTabStop w:val="720"/>'
                              '<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting '
                              'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
                              '</w:compat></w:settings>').encode(),
        "word/fontTable.xml": (f'{xml}<w:fonts {_W}><w:font w:name="{FONT}"><w:charset w:val="DE"/>'
                               '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>').encode("utf-8"),
        "word/theme/theme1.xml": _theme(),
    })


def thai_table_document() -> bytes:
    """The smallest .docx with what the office's documents hold: a Thai paragraph and a table, on A4.
    LibreOffice opens it first, so that loading its Word import, the font and its PDF export (a quarter of a second)
    is not paid by the first real document.

    >>> import zipfile, io
    >>> "ตัวชี้วัด" in zipfile.ZipFile(io.BytesIO(thai_table_document())).read("word/document.xml").decode()
    True
    """
    text = paragraph(thai_run("สำนักงานพัฒนาชุมชนจังหวัด ๑๒๓"), "thaiDistribute")
    table = grid_table([["ตัวชี้วัดที่ ๑", "ร้อยละ ๘๐"]], widths_across([1, 1]))
    return plain_document(text + table + paragraph())
