from django.urls import path

from trainees import attendance_views

urlpatterns = [
    path(
        "sessions/<int:session_id>/",
        attendance_views.session_attendance,
        name="attendance_session",
    ),
    path("check-in/<str:code>/", attendance_views.check_in, name="attendance_check_in"),
]
