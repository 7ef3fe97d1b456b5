"""Charts as SVG drawn on the server: no script and nothing to download, so they show on a
weak network, print, and go into the PDF report as they are. Every chart is shown with its
table (the page's), for screen readers and for copying the figures.

Drawn here rather than by a charting library: bars on a scale with round steps are all
these charts are, and pygal took 13 ms for a dashboard's four, a tenth of a county's. Every
label and title goes through format_html, which escapes it; each bar's <title> is the
browser's own tooltip.
"""

import math

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 480  # drawn at a phone's width, where its 12 px letters stay readable
COLOUR = "#1f7a3a"
GRID = "#d9e2ec"
INK = "#1f2933"
FONT = 'system-ui, "Noto Sans CJK SC", "Noto Sans Tibetan", sans-serif'
FONT_SIZE = 12
TITLE_HEIGHT = 28
GAP = 8  # between the plot and its labels, and at the chart's edges
STEPS = 5  # about this many steps on the value scale


def bars(labels: list[str], values: list, *, title: str, height: int = 300) -> SafeString:
    """Vertical bars, one per label (months, for a trend)."""
    amounts = _amounts(values)
    ticks = scale(max(amounts, default=0))
    slanted = len(labels) > 12
    left = _widest([_number(tick) for tick in ticks]) + 2 * GAP
    bottom = (50 if slanted else FONT_SIZE + 2 * GAP) + GAP
    plot_width, plot_height = WIDTH - left - GAP, height - TITLE_HEIGHT - bottom
    slot = plot_width / max(len(labels), 1)

    def y(amount: float) -> float:
        return TITLE_HEIGHT + plot_height * (1 - amount / ticks[-1])

    parts = []
    for tick in ticks:
        parts.append(_line(left, y(tick), WIDTH - GAP, y(tick)))
        parts.append(_text(left - GAP, y(tick) + 4, _number(tick), anchor="end"))
    for n, (label, amount) in enumerate(zip(labels, amounts, strict=True)):
        x = left + slot * n
        parts.append(_bar(x + slot * 0.15, y(amount), slot * 0.7, y(0) - y(amount), label, amount))
        label_x, label_y = x + slot / 2, y(0) + GAP + FONT_SIZE
        if slanted:
            parts.append(_text(label_x, label_y, label, anchor="end", rotate=-45))
        else:
            parts.append(_text(label_x, label_y, label, anchor="middle"))
    return _svg(title, height, parts)


def ranking(labels: list[str], values: list, *, title: str) -> SafeString:
    """Horizontal bars, in the order given (counties, channels), labels on the left."""
    amounts = _amounts(values)
    ticks = scale(max(amounts, default=0))
    row = 28
    height = max(160, row * len(labels) + TITLE_HEIGHT + FONT_SIZE + 3 * GAP)
    left = min(_widest(labels), WIDTH // 3) + 2 * GAP
    right = _text_width(_number(ticks[-1])) // 2 + GAP
    plot_width = WIDTH - left - right
    top = TITLE_HEIGHT + FONT_SIZE + GAP  # the scale's figures above the bars

    def x(amount: float) -> float:
        return left + plot_width * amount / ticks[-1]

    parts = []
    for tick in ticks:
        parts.append(_line(x(tick), top, x(tick), height - GAP))
        parts.append(_text(x(tick), top - GAP, _number(tick), anchor="middle"))
    for n, (label, amount) in enumerate(zip(labels, amounts, strict=True)):
        y = top + row * n
        parts.append(_bar(left, y + row * 0.15, x(amount) - left, row * 0.7, label, amount))
        parts.append(_text(left - GAP, y + row / 2 + 4, label, anchor="end"))
    return _svg(title, height, parts)


def scale(top: float) -> list[float]:
    """The scale's ticks from 0 to at least `top`, in round steps (1, 2, 2.5 or 5 times a
    power of ten), about STEPS of them."""
    if top <= 0:
        return [0, 1]
    rough = top / STEPS
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    return [step * n for n in range(math.ceil(top / step - 1e-9) + 1)]


def _amounts(values: list) -> list[float]:
    """A missing figure is drawn as zero, and none below zero."""
    return [max(float(value or 0), 0.0) for value in values]


def _number(amount: float) -> str:
    return f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.1f}"


def _text_width(text: str) -> int:
    """About how wide `text` is drawn: Chinese and Tibetan letters a whole em, others half."""
    return round(sum(FONT_SIZE if ord(ch) > 0x2FF else FONT_SIZE * 0.6 for ch in text))


def _widest(texts: list[str]) -> int:
    return max((_text_width(text) for text in texts), default=0)


def _line(x1: float, y1: float, x2: float, y2: float) -> SafeString:
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
        _at(x1), _at(y1), _at(x2), _at(y2), GRID,
    )  # fmt: skip


def _text(x: float, y: float, text: str, *, anchor: str, rotate: int = 0) -> SafeString:
    turn = format_html(' transform="rotate({} {} {})"', rotate, _at(x), _at(y)) if rotate else ""
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}"{}>{}</text>', _at(x), _at(y), anchor, turn, text
    )


def _bar(x: float, y: float, width: float, height: float, label: str, amount: float):
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
        _at(x), _at(y), _at(width), _at(height), COLOUR, label, _number(amount),
    )  # fmt: skip


def _svg(title: str, height: int, parts: list[SafeString]) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}" font-family="{}" font-size="{}" fill="{}">'
        '<title>{}</title><text x="{}" y="{}" font-size="14" font-weight="600">{}</text>'
        "{}</svg>",
        WIDTH, height, title, FONT, FONT_SIZE, INK,
        title, GAP, FONT_SIZE + GAP, title,
        mark_safe("".join(parts)),  # noqa: S308 (each part made by format_html)
    )  # fmt: skip


def _at(coordinate: float) -> str:
    return f"{coordinate:.1f}"
