"""The script that keeps a trainee's lessons readable offline (docs/learning.md, "Offline"):
on the pages of a logged-in trainee only, and nothing without JavaScript."""

from django import template
from django.template.loader import render_to_string

from trainees.models import Trainee
from trainees.offline import reader_token

register = template.Library()


def is_trainee(request) -> bool:
    """Whether the reader is a logged-in trainee (one query a request, asked once)."""
    if not hasattr(request, "_eagle_is_trainee"):
        user = getattr(request, "user", None)
        request._eagle_is_trainee = bool(
            user is not None
            and user.is_authenticated
            and Trainee.objects.filter(user=user).exists()
        )
    return request._eagle_is_trainee


@register.simple_tag(takes_context=True)
def offline_script(context) -> str:
    request = context.get("request")
    if request is None or not is_trainee(request):
        return ""
    return render_to_string(
        "trainees/offline/script.html",
        {
            "reader": reader_token(request.user),
            "keep": getattr(request, "eagle_offline_keep", False),
        },
        request=request,
    )
