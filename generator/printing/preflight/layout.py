"""A PDF as laid out: pages, lines and words with their boxes, from one
``pdftotext -bbox-layout`` call (poppler), in points from the top left of each page."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
CM = 72 / 2.54  # points


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Line:
    words: list[Word]
    block: int  # lines of one pdftotext block are one column of text, in order
    page: int = 0
    text: str = field(init=False)
    x0: float = field(init=False)
    y0: float = field(init=False)
    x1: float = field(init=False)
    y1: float = field(init=False)

    def __post_init__(self):
        self.text = " ".join(word.text for word in self.words)
        self.x0 = min(w.x0 for w in self.words)
        self.y0 = min(w.y0 for w in self.words)
        self.x1 = max(w.x1 for w in self.words)
        self.y1 = max(w.y1 for w in self.words)

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.width > self.height


INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def _visible(text: str) -> str:
    """Without the zero-width break hints and joiners a PDF copy may carry."""
    return text.translate(INVISIBLE)


def parse_bbox_layout(xml: bytes) -> list[Page]:
    """Pages from pdftotext's ``-bbox-layout`` XHTML."""
    root = etree.fromstring(xml, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    block_id = 0
    for number, page in enumerate(root.iter(XHTML + "page"), start=1):
        current = Page(number, float(page.get("width")), float(page.get("height")))
        for block in page.iter(XHTML + "block"):
            block_id += 1
            for line in block.iter(XHTML + "line"):
                words = [Word(_visible(w.text or ""), float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                              float(w.get("yMax"))) for w in line.iter(XHTML + "word")]
                words = [w for w in words if w.text.strip()]
                if words:
                    current.lines.append(Line(words, block_id, number))
        pages.append(current)
    return pages


def read_layout(pdf: Path, timeout: float = 60.0) -> list[Page]:
    """Every page of ``pdf`` with its lines, in pdftotext's reading order."""
    done = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, timeout=timeout, check=True)
    return parse_bbox_layout(done.stdout)


def pages_between(pages: list[Page], first: int, last: int) -> list[Page]:
    """Pages ``first`` to ``last`` of a PDF's layout, numbered from 1 as the PDF of those pages alone would be
    (a document cut from the PDF of several laid out together).

    >>> pages = [Page(n, 100.0, 200.0, [Line([Word("ก", 1, 2, 3, 4)], n, n)]) for n in (1, 2, 3)]
    >>> [(p.number, p.lines[0].page, p.lines[0].block) for p in pages_between(pages, 2, 3)]
    [(1, 1, 2), (2, 2, 3)]
    """
    return [Page(number, page.width, page.height, [Line(line.words, line.block, number) for line in page.lines])
            for number, page in enumerate(pages[first - 1:last], start=1)]

