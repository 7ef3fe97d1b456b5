"""Charts are SVG with no script, whatever their labels hold, and bars to scale."""

import re

import pytest

from outcomes import charts


def _rects(svg: str) -> list[dict]:
    return [
        {name: float(value) for name, value in re.findall(r'(\w+)="([\d.]+)"', attributes)}
        for attributes in re.findall(r"<rect ([^>]*)>", svg)
    ]


def test_a_chart_is_svg_without_any_script_and_escapes_its_labels():
    svg = charts.ranking(
        ["</script><img src=x onerror=alert(1)>", "理塘县"], [5, 3], title="销售额<b>"
    )
    assert svg.startswith("<svg")
    assert "<script" not in svg and "<img" not in svg and "<b>" not in svg
    assert "&lt;img src=x" in svg and "销售额&lt;b&gt;" in svg
    assert "理塘县" in svg


def test_empty_and_negative_values_draw_as_zero():
    svg = charts.bars(["2025-01", "2025-02", "2025-03"], [None, 12, -4], title="t")
    assert "2025-02" in svg
    heights = [rect["height"] for rect in _rects(svg)]
    assert heights[0] == 0 and heights[1] > 0 and heights[2] == 0


def test_bars_are_drawn_to_scale_and_name_their_figure():
    svg = charts.bars(["一月", "二月"], [1000, 2500], title="sales")
    first, second = _rects(svg)
    assert second["height"] == pytest.approx(2.5 * first["height"], abs=0.2)
    assert "<title>二月: 2,500</title>" in svg


def test_ranking_bars_are_drawn_to_scale_and_leave_room_for_the_longest_label():
    svg = charts.ranking(["832平台", "微信小程序"], [300, 150], title="channels")
    first, second = _rects(svg)
    assert first["width"] == pytest.approx(2 * second["width"], abs=0.2)
    # The bars start to the right of the longest label: five Chinese letters at 12 px.
    assert first["x"] >= 5 * charts.FONT_SIZE


@pytest.mark.parametrize(
    "top, ticks",
    [
        (0, [0, 1]),
        (7, [0, 2, 4, 6, 8]),
        (100, [0, 20, 40, 60, 80, 100]),
        (1234, [0, 250, 500, 750, 1000, 1250]),
        (0.3, [0, 0.1, 0.2, 0.3]),
    ],
)
def test_the_scale_goes_in_round_steps_to_at_least_the_largest_value(top, ticks):
    assert charts.scale(top) == pytest.approx(ticks)
