"""Server-side SVG charts: readable without colour (patterns, markers, printed values), titled for screen readers."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .parsing import format_number

INK = "#1b2a38"
GRID = "#c9d1d9"
BAR = "#1f5f99"


def _nice_max(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        candidate = Decimal(str(step)) * magnitude
        if candidate >= value:
            return candidate
    return value


def _ticks(maximum: Decimal, count: int = 4) -> list[Decimal]:
    return [maximum * i / count for i in range(count + 1)]


def bar_chart(*, chart_id: str, title: str, rows: list[tuple[str, object]], typ: str) -> str:
    """Horizontal bars, one per unit; suppressed cells show "<3" without a bar."""
    label_w, bar_w, row_h, top = 170, 360, 24, 34
    width = label_w + bar_w + 110
    height = top + row_h * max(len(rows), 1) + 28
    values = [c.wert for _n, c in rows if c.wert is not None]
    maximum = _nice_max(max(values) if values else Decimal(0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">Balkendiagramm mit {len(rows)} Einträgen; die Werte stehen am Balken '
        "und in der Tabelle daneben.</desc>",
        f'<defs><pattern id="{chart_id}-p" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{BAR}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>',
    ]
    for tick in _ticks(maximum):
        x = label_w + float(tick / maximum) * bar_w
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 24}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{top - 12}" font-size="11" text-anchor="middle" fill="{INK}">'
            f"{escape(format_number(tick.quantize(Decimal('0.01')) if tick % 1 else tick, typ))}</text>"
        )
    for index, (name, cell) in enumerate(rows):
        y = top + index * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" font-size="13" text-anchor="end" fill="{INK}">'
            f"{escape(name[:26])}</text>"
        )
        if cell.wert is None:
            parts.append(
                f'<text x="{label_w + 6}" y="{y + 16}" font-size="13" font-style="italic" fill="{INK}">'
                f"{escape(cell.anzeige)}</text>"
            )
            continue
        w = float(cell.wert / maximum) * bar_w if maximum else 0
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row_h - 8}" '
            f'fill="url(#{chart_id}-p)" stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" font-size="13" fill="{INK}">{escape(cell.anzeige)}</text>'
        )
    parts.append(
        f'<line x1="{label_w}" y1="{top - 6}" x2="{label_w}" y2="{height - 24}" stroke="{INK}" stroke-width="1.5"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above


def line_chart(*, chart_id: str, title: str, points: list[tuple[str, object]], typ: str) -> str:
    """A line over the periods with square markers and printed values; suppressed points break the line."""
    rotate = len(points) > 8
    left, right, top, bottom, inset = 64, 24, 28, (70 if rotate else 40), 36
    width = max(520, left + right + 2 * inset + 64 * max(len(points) - 1, 1))
    height = 300
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [c.wert for _n, c in points if c.wert is not None]
    maximum = _nice_max(max(values) if values else Decimal(0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">Liniendiagramm über {len(points)} Zeiträume; die Werte stehen an den Punkten '
        "und in der Tabelle daneben.</desc>",
    ]
    for tick in _ticks(maximum):
        y = top + plot_h - float(tick / maximum) * plot_h
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="{INK}">'
            f"{escape(format_number(tick.quantize(Decimal('0.01')) if tick % 1 else tick, typ))}</text>"
        )
    step = (plot_w - 2 * inset) / max(len(points) - 1, 1)
    coords = []
    for index, (label, cell) in enumerate(points):
        x = left + inset + (index * step if len(points) > 1 else (plot_w - 2 * inset) / 2)
        label_y = height - bottom + 20
        transform = f' transform="rotate(-35 {x:.1f} {label_y})"' if rotate else ""
        parts.append(
            f'<text x="{x:.1f}" y="{label_y}" font-size="12" text-anchor="{"end" if rotate else "middle"}" '
            f'fill="{INK}"{transform}>{escape(label[:24])}</text>'
        )
        if cell.wert is None:
            coords.append(None)
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_h - 6}" font-size="12" font-style="italic" text-anchor="middle" '
                f'fill="{INK}">{escape(cell.anzeige)}</text>'
            )
            continue
        y = top + plot_h - float(cell.wert / maximum) * plot_h
        coords.append((x, y, cell.anzeige))
    segment: list[str] = []
    for point in [*coords, None]:
        if point is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{BAR}" stroke-width="2.5"/>'
                )
            segment = []
        else:
            segment.append(f"{point[0]:.1f},{point[1]:.1f}")
    for point in coords:
        if point is None:
            continue
        x, y, text = point
        parts.append(
            f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y - 10:.1f}" font-size="12" font-weight="600" text-anchor="middle" fill="{INK}">'
            f"{escape(text)}</text>"
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{INK}" stroke-width="1.5"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above
