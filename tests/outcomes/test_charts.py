"""Charts are SVG with no script, whatever their labels hold."""

from outcomes import charts


def test_a_chart_is_svg_without_any_script_and_escapes_its_labels():
    svg = charts.ranking(
        ["</script><img src=x onerror=alert(1)>", "理塘县"], [5, 3], title="销售额"
    )
    assert svg.startswith("<svg")
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;img src=x" in svg
    assert "理塘县" in svg and "销售额" in svg


def test_empty_values_draw_as_zero():
    svg = charts.bars(["2025-01", "2025-02"], [None, 12], title="t")
    assert "2025-02" in svg
