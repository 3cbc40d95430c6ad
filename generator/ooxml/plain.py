"""Small documents written whole as WordprocessingML, with no template: the print bundle's cover sheet and the
document LibreOffice warms up on. Their tables are :mod:`.grid`'s; the styles those name (TableGrid, TableText,
TableHead) are defined here, with nothing else.

Written as text they cost a millisecond, and with five styles LibreOffice opens them in half the time it takes over
a python-docx document (whose default template brings 180 styles, a theme and a table style that LibreOffice applies
cell by cell): the cover sheet is converted last, when everything else waits for it.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from ..base.derived import made_once
from .grid import GridTable, cell, grid_table_xml
from .names import xml_text
from .package import core_properties, write_package
from .runs import FONT, LANGUAGE, SIZE_PT
from .sections import A4, MARGINS
from .tables import DEFAULT_CELL_MARGIN, TABLE_SIZE_PT

TEXT_WIDTH_CM = A4[0].cm - MARGINS["left"].cm - MARGINS["right"].cm  # between the side margins of an A4 page
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'


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
            f'<w:t xml:space="preserve">{escape(xml_text(text))}</w:t></w:r>')


def paragraph(runs: str = "", align: str | None = None, after_pt: float = 0) -> str:
    """A paragraph of ``runs`` (:func:`thai_run`), aligned ``align`` (left, center, right, thaiDistribute)
    when given, ``after_pt`` points of space after it."""
    alignment = f'<w:jc w:val="{align}"/>' if align else ""
    spacing = f'<w:spacing w:after="{round(after_pt * 20)}"/>' if after_pt else ""
    properties = f"<w:pPr>{spacing}{alignment}</w:pPr>" if spacing or alignment else ""
    return f"<w:p>{properties}{runs}</w:p>"


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
    paragraph and table styles Word expects; and the styles :mod:`.grid`'s tables name: TableGrid (every border
    drawn), TableText and TableHead (bold), at 14 pt."""
    fonts = f'w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"'
    size, table_size = round(SIZE_PT * 2), round(TABLE_SIZE_PT * 2)
    margin = DEFAULT_CELL_MARGIN
    margins = (f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{margin}" w:type="dxa"/>'
               f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>')
    borders = "".join(_BORDER.format(side=side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {_W}><w:docDefaults>'
            f'<w:rPrDefault><w:rPr><w:rFonts {fonts}/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
            f'<w:lang w:val="{LANGUAGE}" w:bidi="{LANGUAGE}"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            '</w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            '<w:qFormat/></w:style>'
            '<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>'
            f'<w:rPr><w:sz w:val="{table_size}"/><w:szCs w:val="{table_size}"/></w:rPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="TableHead"><w:name w:val="Table Head"/>'
            '<w:basedOn w:val="TableText"/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
            f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>{margins}</w:tblPr></w:style>'
            '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
            f'<w:tblPr><w:tblBorders>{borders}</w:tblBorders>{margins}</w:tblPr></w:style>'
            '</w:styles>').encode("utf-8")


def plain_document(body: str, title: str = "") -> bytes:
    """A .docx of ``body`` (paragraphs and tables) on A4 with the office's margins, ``title`` in its properties.

    >>> import zipfile, io
    >>> package = zipfile.ZipFile(io.BytesIO(plain_document(paragraph(thai_run("ก")), "ใบปะหน้า")))
    >>> sorted(name for name in package.namelist() if not name.startswith("word/"))
    ['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml']
    >>> "ใบปะหน้า" in package.read("docProps/core.xml").decode()
    True
    """
    margins = {side: MARGINS[side].twips for side in ("top", "right", "bottom", "left")}
    section = (f'<w:sectPr><w:pgSz w:w="{A4[0].twips}" w:h="{A4[1].twips}"/>'
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
    table = GridTable([TEXT_WIDTH_CM / 2] * 2, [[cell("ตัวชี้วัดที่ ๑", "TableHead"), cell("ร้อยละ ๘๐", "TableHead")],
                                                [cell("๑"), cell("๘๐")]])
    return plain_document(text + grid_table_xml(table) + paragraph())
