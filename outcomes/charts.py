"""Charts as SVG drawn on the server with pygal: no script and nothing to download, so they
show on a weak network, print, and go into the PDF report as they are. Every chart is shown
with its table (the page's), for screen readers and for copying the figures."""

from xml.etree import ElementTree

import pygal
from pygal.style import Style

from django.utils.safestring import mark_safe

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#d9e2ec",
    colors=("#1f7a3a", "#8a3b12", "#2f6fab", "#d9a300", "#6b4c9a"),
    font_family='system-ui, "Noto Sans CJK SC", "Noto Sans Tibetan", sans-serif',
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=11,
    title_font_size=14,
)


def _render(chart) -> str:
    """The chart's SVG without pygal's script (its settings for the tooltips we do not load):
    no script at all in the page's charts."""
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    svg = ElementTree.tostring(tree, encoding="unicode")
    return mark_safe(svg)  # noqa: S308 (serialised by ElementTree, which escapes every label)


def _config(**options) -> dict:
    return {
        "style": STYLE,
        "js": [],  # no script: no tooltips, and nothing fetched from the internet
        "disable_xml_declaration": True,
        "explicit_size": False,
        "show_legend": False,
        "width": 720,
        "height": 300,
        "margin": 8,
        "truncate_label": -1,  # labels whole: a county's name, a month
        **options,
    }


def bars(labels: list[str], values: list, *, title: str) -> str:
    """Vertical bars, one per label (months, for a trend)."""
    chart = pygal.Bar(**_config(title=title, x_label_rotation=-45 if len(labels) > 12 else 0))
    chart.x_labels = labels
    chart.add(title, [float(value or 0) for value in values])
    return _render(chart)


def ranking(labels: list[str], values: list, *, title: str) -> str:
    """Horizontal bars, largest first (counties, channels)."""
    height = max(160, 28 * len(labels) + 60)
    chart = pygal.HorizontalBar(**_config(title=title, height=height, print_values=False))
    chart.x_labels = labels
    chart.add(title, [float(value or 0) for value in values])
    return _render(chart)


def funnel(steps: list[str], values: list[int], *, title: str) -> str:
    chart = pygal.Bar(**_config(title=title, height=260))
    chart.x_labels = steps
    chart.add(title, values)
    return _render(chart)
