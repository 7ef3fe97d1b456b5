"""A course for the learning tests: two lessons, the second ending in a quiz, each with its
Tibetan and English aliases."""

from courses.factories import CoursePageFactory, LessonPageFactory, quiz_block
from courses.services import translation_aliases_create
from trainees import learning


def course_with_a_quiz(title: str = "直播带货入门"):
    course = CoursePageFactory(title=title)
    LessonPageFactory(parent=course, title="第一课 开播前的准备")
    LessonPageFactory(parent=course, title="第二课 测验", body=[("quiz", quiz_block())])
    for lesson in learning.course_lessons(course):
        translation_aliases_create(page=lesson)
    return course
