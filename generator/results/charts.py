"""One bar chart per KPI: districts' results, the target line, Thai labels in TH SarabunPSK.

Drawn with matplotlib's Agg backend (no display) into PNG bytes for the summary.
The font is read from its file: the real TH SarabunPSK / TH Sarabun New when the
office has put it in letter_templates/fonts/ or .cache/fonts/, else the scaled copy
the project makes for PDF; a font without the Thai glyphs the chart needs is never used.
"""
from __future__ import annotations

import io
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ..thai import DigitStyle, format_number, with_digits

CHART_VERSION = 4  # raise when the drawing changes: cached charts are drawn again
SAMPLE = "กขคงจฉชซญฎฐณดตถทธนบปผพฟภมยรลวศษสหฬอฮะาำิีึืุูเแโใไ่้๊๋็์๐๑๒๓๔๕๖๗๘๙"


def has_glyphs(path: Path, text: str) -> bool:
    """Whether the font file draws every character of ``text`` (no empty boxes)."""
    from fontTools.ttLib import TTFont

    try:
        cmap = TTFont(str(path), lazy=True).getBestCmap() or {}
    except Exception:
        return False
    return all(ord(ch) in cmap for ch in set(text) if not ch.isspace())


def _regular(paths) -> list[Path]:
    return [p for p in paths if "sarabun" in p.name.lower() and not any(s in p.name.lower() for s in ("bold", "italic"))]


def _real_fonts() -> list[Path]:
    """The real TH SarabunPSK: the office's in letter_templates/fonts/, then the fetched copy."""
    from ..base import fonts

    real = _regular(fonts.user_fonts())
    fetched = fonts.sarabun_file()
    return real + ([fetched] if fetched is not None else [])


@lru_cache(maxsize=1)
def thai_font() -> Path:
    """The chart font: the real TH SarabunPSK when present, else the scaled copy (made only then)."""
    from ..base import fonts

    for path in _real_fonts():
        if has_glyphs(path, SAMPLE):
            return path
    for path in _regular(fonts.synthesize()):
        if "psk" in path.name.lower() and has_glyphs(path, SAMPLE):
            return path
    from ..base.errors import UserError

    raise UserError("ไม่พบฟอนต์ TH SarabunPSK ที่มีอักษรไทยสำหรับแผนภูมิ (ติดตั้ง fonts-thai-tlwg)",
                    "no TH SarabunPSK font with Thai glyphs for the charts (install fonts-thai-tlwg)")


def bar_chart(districts: list[str], values: list[Decimal | None], target: Decimal | None, *, title: str,
              axis_label: str, target_label: str, digits: DigitStyle = "thai") -> bytes:
    """PNG bytes: one bar per district (a missing result shows as no bar), a dashed target line."""
    # a Figure on the Agg canvas, without pyplot: pyplot's import (its backends and state) costs
    # more than drawing the chart
    try:  # installed by make results, not by make letters (requirements-results.lock)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        from ..base.errors import UserError

        raise UserError("ไม่พบ matplotlib ที่ใช้วาดแผนภูมิ: ติดตั้งด้วย make results",
                        "matplotlib, which draws the charts, is not installed: make results installs it "
                        "(requirements-results.lock)") from None

    font_path = thai_font()
    text = title + axis_label + target_label + "".join(districts)
    if not has_glyphs(font_path, text.replace("(", "").replace(")", "")):
        missing = sorted({ch for ch in text if not ch.isspace() and not has_glyphs(font_path, ch)})
        raise ValueError(f"the chart font lacks {missing}")
    font = FontProperties(fname=str(font_path), size=15)
    small = FontProperties(fname=str(font_path), size=13)
    heights = [float(v) if v is not None else 0.0 for v in values]
    figure = Figure(figsize=(7.2, 3.9), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    bars = axes.bar(range(len(districts)), heights, color="#4a78b0", width=0.65)
    for bar, value in zip(bars, values):
        label = format_number(value, None, digits) if value is not None else "–"
        axes.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 2),
                      textcoords="offset points", ha="center", va="bottom", fontproperties=small,
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3}, zorder=4)  # over the target line
    top = max(heights + [float(target or 0)]) * 1.3 or 1  # room above the bars for the legend
    axes.set_ylim(0, top)
    if target is not None:  # named in a legend above the bars, never over a bar's label
        axes.axhline(float(target), color="#c0392b", linestyle="--", linewidth=1.4, label=target_label)
        axes.legend(prop=small, loc="upper left", frameon=False)
    axes.set_xticks(range(len(districts)))
    axes.set_xticklabels(districts, rotation=40, ha="right", fontproperties=small)
    ticks = [t for t in MaxNLocator(nbins=6).tick_values(0, top) if 0 <= t <= top]
    axes.set_yticks(ticks)
    axes.set_yticklabels([with_digits(f"{t:,.0f}", digits) for t in ticks], fontproperties=small, rotation=0)
    axes.set_ylabel(axis_label, fontproperties=font)
    axes.set_title(title, fontproperties=font)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
