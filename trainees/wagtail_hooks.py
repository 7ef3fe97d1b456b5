from wagtail import hooks

from courses.models import PAGE_EXTRAS_HOOK, QUIZ_MARKED_HOOK
from trainees import learning_views

hooks.register(PAGE_EXTRAS_HOOK, learning_views.page_extras)
hooks.register(QUIZ_MARKED_HOOK, learning_views.quiz_marked)
