from django.urls import path

from trainees import follow_up_views, learning_views, offline_views

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
    # A certificate's follow-up, from the signed link of a text message (trainees/follow_ups.py).
    path("follow-up/<str:token>/", follow_up_views.follow_up_form, name="follow_up_form"),
    path(
        "follow-up/<str:token>/no-more-reminders/",
        follow_up_views.no_more_reminders,
        name="follow_up_no_more_reminders",
    ),
    # Learning without a connection (docs/learning.md, "Offline").
    path("offline/", offline_views.offline_page, name="offline_page"),
    path("manifest.webmanifest", offline_views.web_manifest, name="web_manifest"),
    path("learn/offline/progress/", offline_views.progress_sent, name="offline_progress"),
    path(
        "learn/courses/<int:course_id>/offline/",
        offline_views.course_offline,
        name="offline_course",
    ),
    # The certificate check's service worker and the page it keeps for when there is no
    # connection, under each language's prefix (a worker's scope is its own folder).
    path(
        "certificates/verify/service-worker.js",
        learning_views.certificate_service_worker,
        name="certificate_service_worker",
    ),
    path(
        "certificates/verify/offline/",
        learning_views.certificate_check_offline,
        name="certificate_check_offline",
    ),
    path(
        "certificates/verify/<str:code>/",
        learning_views.certificate_verify,
        name="certificate_verify",
    ),
]
