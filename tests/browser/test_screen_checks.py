"""The checks the browser tests run on every screen find what they should, and only that."""

import pytest

from benchmarks.browser import PHONE_CONTEXT
from tests.browser.screen_checks import controls_without_a_name, cut_off, han_in_visible_text

pytestmark = pytest.mark.browser

TIBETAN_PAGE = """<!DOCTYPE html><html lang="bo"><body>
<main>
  <h1>ཚོང་ཁང་།</h1>
  <p>卓玛拉姆 ཡི་ལག་ཁྱེར།</p>
  <p>下载证书</p>
  <p style="display: none">隐藏的中文</p>
  <p class="visually-hidden" style="position: absolute; clip: rect(0 0 0 0)">读屏文字</p>
  <span lang="zh-hans">中文</span>
  <input aria-label="搜索" name="q">
  <p>ཚོང་འབབ（སྒོར）</p>
</main>
<footer><p>页脚</p></footer>
</body></html>"""


@pytest.fixture
def blank_page(browser):
    context = browser.new_context(**PHONE_CONTEXT)
    yield context.new_page()
    context.close()


def test_han_characters_are_found_in_the_page_s_own_words_only(blank_page):
    blank_page.set_content(TIBETAN_PAGE)

    found = han_in_visible_text(blank_page, allowed=("卓玛拉姆",))

    # Shown or read aloud, in the page's language, not a name the test gave; the footer is
    # outside main; text marked as Chinese (lang) and hidden text are not read.
    assert found == ["下载证书", "读屏文字", "ཚོང་འབབ（སྒོར）", 'aria-label="搜索"']


def test_controls_without_a_name_are_reported(blank_page):
    blank_page.set_content(
        """<html lang="bo"><body><main>
        <a href="/a">ལག་ཁྱེར།</a> <a href="/b"><img src="data:," alt=""></a>
        <label>ཡི་གེ <input name="named"></label> <input name="unnamed">
        <button></button> <button aria-label="འཚོལ།">🔍</button>
        </main></body></html>"""
    )

    assert sorted(name.split()[0] for name in controls_without_a_name(blank_page)) == [
        "button",
        "link",
        "textbox",
    ]


def test_what_main_cuts_off_at_the_screen_s_edges_is_reported(blank_page):
    blank_page.set_content(
        """<html><head><meta name="viewport" content="width=device-width"></head>
        <body style="margin: 0"><main style="overflow-x: hidden">
        <nav style="display: flex; width: 300px; margin-left: 60px">
          <a style="flex: none; width: 200px">报名 (6)</a>
          <a style="flex: none; width: 200px">线下课次 (2)</a>
        </nav>
        <h1 style="position: relative"><svg style="position: absolute; left: -40px" width="20"
          height="20"><use href="#icon-group"></use></svg>班级</h1>
        <div style="overflow-x: auto">
          <table><tr><td style="min-width: 600px">宽表格</td></tr></table>
        </div>
        <p style="width: 200px">放得下</p>
        </main></body></html>"""
    )

    # The link running past the right edge, the icon past the left one; not the wide table,
    # which scrolls in its own box, nor the drawing inside the icon.
    found = [found.split()[:2] for found in cut_off(blank_page)]
    assert found == [["a", "260..460"], ["svg", "-40..-20"]]
