"""The report's charts as SVG written here, in Python: the page shows them and the PDF prints them.

No browser and no script draws them, so the PDF holds the same vector drawing the page shows.
A metric split into parts is drawn as horizontal bars, one per part, this period's value as a
solid bar and the previous period's as a thin one beneath it, each labelled with its value.
"""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .report import ReportRow

# Every chain ends with Chinese fonts, so a Chinese label is drawn with characters, not boxes.
FONT_FAMILY = (
    "'Noto Sans SC', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif"
)
WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 120
BAR_HEIGHT = 14
PREVIOUS_HEIGHT = 5
ROW_HEIGHT = 30
TOP = 26
COLOUR = "#206bc4"
PREVIOUS_COLOUR = "#a8b8cc"


def _truncated(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parts_chart(row: ReportRow) -> SafeString:
    """`row`'s parts as bars: an SVG element, sized by its viewBox to the width it is given."""
    parts = row.parts
    largest = max(
        [Decimal(p.amount) for p in parts]
        + [Decimal(p.previous) for p in parts if p.previous is not None]
        + [Decimal(0)]
    )
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP + ROW_HEIGHT * len(parts) + 8
    title = escape(row.label)
    described = _("Bars: each part's value in this period; thin bars: the previous period.")
    elements = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'font-family="{FONT_FAMILY}" font-size="12" aria-label="{title}">',
        f"<title>{title}</title><desc>{escape(described)}</desc>",
        f'<text x="0" y="14" font-size="13" font-weight="bold" fill="#1d273b">{title}</text>',
    ]
    for index, (part, shown, previous_shown, _change) in enumerate(row.parts_shown):
        y = TOP + index * ROW_HEIGHT
        length = 0.0 if not largest else float(Decimal(part.amount) / largest) * bar_space
        elements.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 11}" text-anchor="end" fill="#1d273b">'
            f"{escape(_truncated(part.label))}</text>"
        )
        elements.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1):.1f}" '
            f'height="{BAR_HEIGHT}" fill="{COLOUR}"/>'
        )
        elements.append(
            f'<text x="{LABEL_WIDTH + max(length, 1) + 6:.1f}" y="{y + 11}" '
            f'fill="#1d273b">{escape(shown)}</text>'
        )
        if part.previous is not None and largest:
            before = float(Decimal(part.previous) / largest) * bar_space
            elements.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + BAR_HEIGHT + 2}" width="{max(before, 1):.1f}" '
                f'height="{PREVIOUS_HEIGHT}" fill="{PREVIOUS_COLOUR}">'
                f"<title>{escape(previous_shown)}</title></rect>"
            )
    elements.append("</svg>")
    # Every text in it was escaped above.
    return mark_safe("".join(elements))
