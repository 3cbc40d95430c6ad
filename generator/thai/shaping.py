"""Text measured as LibreOffice sets it: HarfBuzz (LibreOffice's own shaper) and the font file
the PDF embeds. fontTools' advance widths alone miss the marks' positioning."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def _font(path: str):
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(path)
    face = hb.Face(blob)
    font = hb.Font(face)
    return font, face.upem


def advances(path: Path, text: str, size: float) -> list[tuple[int, float]]:
    """(cluster start in ``text``, its width in points) for each cluster HarfBuzz makes of
    ``text`` in the font at ``path`` and ``size`` points, in text order.

    A letter and its marks are one cluster:

    >>> from generator.base.fonts import sarabun_file
    >>> font = sarabun_file()
    >>> font is None or [start for start, _ in advances(font, "ที่ไป", 16)] == [0, 3, 4]
    True
    """
    import uharfbuzz as hb

    font, upem = _font(str(path))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    widths: dict[int, float] = {}
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions):
        widths[info.cluster] = widths.get(info.cluster, 0.0) + position.x_advance * size / upem
    return sorted(widths.items())
