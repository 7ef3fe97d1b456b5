"""The approver is told what their workflow action did.

Wagtail's workflow action view (the dashboard's "Awaiting your review" and the page listing's
"Approve", "Approve with comment" and "Request changes", whose modal posts the comment) acts
and sends the approver back without a word: a manager who approved a lesson could not tell
that it went through. It now says so, in the approver's language, with Wagtail's own words
(those of its notifications, translated in training_site/locale, courses/wagtail_strings.py),
naming the stage as the reader reads it (courses/workflow_names.py).

Installed once, when the courses app is ready (courses/apps.py).
"""

from django.contrib import messages
from django.utils.translation import gettext

# What an action left the task in, and what the approver is told.
SAID = {
    "approved": 'The page "%(title)s" has been approved in moderation stage "%(task)s".',
    "rejected": 'The page "%(title)s" has been rejected in moderation stage "%(task)s".',
}


def tell_approvers_what_their_action_did() -> None:
    from wagtail.admin.views.generic.workflow import WorkflowAction
    from wagtail.models import Page, TaskState

    post = WorkflowAction.post

    def post_and_tell(self, request, *args, **kwargs):
        response = post(self, request, *args, **kwargs)
        status = TaskState.objects.filter(pk=self.task_state.pk).values_list("status", flat=True)
        said = SAID.get(status.first())
        if said and isinstance(self.object, Page):
            title = self.object.get_admin_display_title()
            messages.success(request, gettext(said) % {"title": title, "task": self.task.name})
        return response

    WorkflowAction.post = post_and_tell
