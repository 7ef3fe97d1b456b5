import pytest

from django.http import QueryDict

from courses.factories import LessonPageFactory, quiz_block
from courses.quiz import chosen_answers, mark_quiz, unanswered
from courses.services import translation_aliases_create


def answers(query: str):
    return chosen_answers(quiz_block(), QueryDict(query))


def test_all_right_answers_score_full_marks_and_pass():
    result = mark_quiz(quiz_block(), answers("q0=0&q1=0&q1=1"))
    assert (result.score, result.passed) == (100, True)


def test_a_multiple_choice_question_needs_exactly_the_right_set():
    result = mark_quiz(quiz_block(), answers("q0=0&q1=0"))
    assert [question.correct for question in result.questions] == [True, False]
    assert (result.score, result.passed) == (50, False)


def test_unknown_choices_and_two_ticks_on_a_single_choice_question_count_as_no_answer():
    assert answers("q0=0&q0=1&q1=7&q1=x&q9=0") == [frozenset(), frozenset()]


def test_the_questions_given_no_answer_are_found():
    assert unanswered(answers("q1=2")) == [0]
    assert unanswered(answers("q0=1&q1=2")) == []


def test_pass_mark_decides_passing():
    result = mark_quiz(quiz_block(pass_mark=50), answers("q0=0"))
    assert (result.score, result.passed) == (50, True)


@pytest.fixture
def quiz_lesson(db):
    return LessonPageFactory(body=[("heading", "测验"), ("quiz", quiz_block())])


def test_lesson_page_shows_the_quiz_form(client, quiz_lesson):
    html = client.get(quiz_lesson.url).content.decode()
    assert "哪个平台是国家扶贫产品采购平台？" in html
    assert 'type="radio" name="q0" value="0"' in html
    assert 'type="checkbox" name="q1" value="1"' in html


def test_a_failed_attempt_says_which_questions_were_wrong_and_explains_them(client, quiz_lesson):
    response = client.post(quiz_lesson.url, {"q0": "0", "q1": ["0"]})
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["quiz_result"].score == 50
    assert "答错的题：2。" in html
    assert html.count("回答正确。") == 1
    assert html.count("回答有误。") == 1
    assert "832平台是脱贫地区农副产品网络销售平台。" in html
    assert "冰袋和泡沫箱让松茸在路上保持低温。" in html


def test_a_failed_attempt_keeps_the_trainees_own_ticks_and_gives_no_right_answer_away(
    client, quiz_lesson
):
    """Their own choices stay ticked, so they see what they answered beside "Not quite.";
    a right choice they did not pick is neither ticked nor marked."""
    html = client.post(quiz_lesson.url, {"q0": "1", "q1": ["0"]}).content.decode()

    assert 'name="q0" value="1" checked' in html
    assert 'name="q1" value="0" checked' in html
    assert html.count(" checked") == 2  # not q0's right choice 0, not q1's right choice 1
    assert "✓" not in html
    assert "答错的题：1, 2。" in html
    assert html.count("回答有误。") == 2


def test_a_failed_attempt_without_explanations_still_says_which_were_wrong(client, db):
    quiz = quiz_block()
    for question in quiz["questions"]:
        question["explanation"] = ""
    lesson = LessonPageFactory(body=[("quiz", quiz)])

    html = client.post(lesson.url, {"q0": "1", "q1": ["0", "1"]}).content.decode()

    assert "答错的题：1。" in html
    assert html.count("回答有误。") == 1
    assert html.count("回答正确。") == 1


def test_a_pass_shows_the_ticks_and_the_right_answers_as_before(client, quiz_lesson):
    html = client.post(quiz_lesson.url, {"q0": "0", "q1": ["0", "1"]}).content.decode()

    assert "您的得分为 100%，已及格。" in html
    assert 'name="q0" value="0" checked' in html
    assert html.count("✓") == 3


@pytest.mark.parametrize(
    ("data", "unanswered"),
    [
        ({}, [1, 2]),
        ({"q0": "0"}, [2]),
        ({"q1": ["0", "1"]}, [1]),
        ({"q0": ["0", "1"], "q1": "7"}, [1, 2]),  # two ticks on one choice, an unknown choice
    ],
)
def test_a_quiz_with_a_question_unanswered_is_refused_and_not_marked(
    client, quiz_lesson, data, unanswered
):
    response = client.post(quiz_lesson.url, data)
    html = response.content.decode()

    assert response.status_code == 400
    assert response.context.get("quiz_result") is None
    assert "请先回答每一道题再提交：下面标出的题目还没有作答。本次没有评分。" in html
    assert html.count("请为这道题选择答案。") == len(unanswered)
    for number in unanswered:
        assert f'aria-describedby="q{number - 1}-missing"' in html
    assert "您的得分为" not in html
    assert "✓" not in html


def test_a_refused_quiz_keeps_the_answers_given(client, quiz_lesson):
    html = client.post(quiz_lesson.url, {"q0": "1"}).content.decode()
    assert 'name="q0" value="1" checked' in html
    assert html.count("checked") == 1


def test_the_quiz_answers_in_tibetan(client, quiz_lesson):
    translation_aliases_create(page=quiz_lesson)
    bo_url = f"/bo{quiz_lesson.url}"

    refused = client.post(bo_url, {"q0": "0"})
    failed = client.post(bo_url, {"q0": "1", "q1": ["0", "1"]}).content.decode()

    assert refused.status_code == 400
    assert "དྲི་བ་འདིའི་ལན་ཞིག་འདེམས་རོགས།" in refused.content.decode()
    assert "ཐེངས་འདིར་སྐར་གྲངས་བརྩིས་མེད།" in refused.content.decode()
    assert "ལན་ནོར་བའི་དྲི་བ། 1། " in failed
    assert "ལན་ཅུང་ཙམ་ནོར་འདུག" in failed
    # The trainee's own three ticks, kept: q0's wrong one and q1's two.
    assert 'name="q0" value="1" checked' in failed
    assert failed.count(" checked") == 3


def test_submitting_right_answers_passes(client, quiz_lesson):
    response = client.post(quiz_lesson.url, {"q0": "0", "q1": ["0", "1"]})
    assert response.context["quiz_result"].passed


def test_posting_to_a_lesson_without_a_quiz_is_refused(client, db):
    lesson = LessonPageFactory()
    response = client.post(lesson.url, {"q0": "0"})
    assert response.status_code == 400
