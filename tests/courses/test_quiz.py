import pytest

from django.http import QueryDict

from courses.factories import LessonPageFactory, quiz_block
from courses.quiz import chosen_answers, mark_quiz


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


def test_submitting_wrong_answers_shows_the_score_and_the_explanations(client, quiz_lesson):
    response = client.post(quiz_lesson.url, {"q0": "1", "q1": ["0"]})
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["quiz_result"].score == 0
    assert "832平台是脱贫地区农副产品网络销售平台。" in html
    assert 'value="1" checked' in html


def test_submitting_right_answers_passes(client, quiz_lesson):
    response = client.post(quiz_lesson.url, {"q0": "0", "q1": ["0", "1"]})
    assert response.context["quiz_result"].passed


def test_posting_to_a_lesson_without_a_quiz_is_refused(client, db):
    lesson = LessonPageFactory()
    response = client.post(lesson.url, {"q0": "0"})
    assert response.status_code == 400
