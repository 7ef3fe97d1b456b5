"""Notices of stopped jobs (machinery/jobs.py), shown on their starter's next admin page."""

from django.contrib import messages
from django.urls import reverse

from machinery.jobs import notices_take


class JobNoticesMiddleware:
    """A job whose worker stopped is told to the person who started it on the next page of
    the admin they open, should they have left its page: as a message, once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(reverse("wagtailadmin_home"))
        ):
            for notice in notices_take(user.pk):
                messages.error(request, notice)
        return self.get_response(request)
