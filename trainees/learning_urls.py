from django.urls import path

from trainees import learning_views

# Included under the language prefix, before Wagtail's catch-all page URLs.
urlpatterns = [
    path("learn/", learning_views.learning_home, name="learning_home"),
    path("learn/about-you/", learning_views.about_you, name="learning_about_you"),
    path("learn/courses/<int:course_id>/enrol/", learning_views.enrol, name="learning_enrol"),
    path(
        "learn/lessons/<int:lesson_id>/done/",
        learning_views.lesson_done,
        name="learning_lesson_done",
    ),
    path(
        "certificates/verify/<str:code>/",
        learning_views.certificate_verify,
        name="certificate_verify",
    ),
]
