"""The coordinator's call list: the follow-ups due and not answered (trainees/follow_ups.py)
of the trainees of their county, whether their text message went out or not, each with the
form where the coordinator records the answer of the call. Programme managers see every
county's. Scoped as the rest of the trainees' admin (trainees/scoping.py)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column

from machinery.admin.actions import Action
from machinery.admin.views import ScopedIndexView, ServiceFormView
from machinery.admin.viewsets import ScopedModelViewSet
from machinery.display import local_text
from trainees import follow_ups
from trainees.forms import FollowUpCallForm
from trainees.models import FollowUp


def text_message_sent(follow_up: FollowUp) -> str:
    if follow_up.sms_sent_on is None:
        return _("not sent")
    return local_text(follow_up.sms_sent_on)


class CallListView(ScopedIndexView):
    """Only the follow-ups to call about, the longest overdue first."""

    def annotate_queryset(self, queryset):
        return follow_ups.due_for_call(queryset, timezone.localdate()).order_by("due_on", "pk")


class CallAnswerView(ServiceFormView):
    """The answer of a call, recorded by the coordinator (over the trainee's, if any)."""

    form_class = FollowUpCallForm
    page_title = _("Record the call's answer")
    header_icon = "mobile-alt"
    submit_button_label = _("Save the answer")

    def get_queryset(self):
        return super().get_queryset().select_related("certificate__enrolment__trainee")

    def summary(self):
        trainee = self.object.certificate.enrolment.trainee
        return [
            (_("trainee"), trainee.name),
            (_("mobile phone"), trainee.phone),
            (_("due on"), local_text(self.object.due_on)),
        ]

    def act(self, data):
        follow_ups.follow_up_answer(follow_up=self.object, by=self.request.user, **data)
        return _("The answer of %(trainee)s is saved.") % {
            "trainee": self.object.certificate.enrolment.trainee.name
        }


class FollowUpViewSet(ScopedModelViewSet):
    model = FollowUp
    icon = "mobile-alt"
    menu_order = 510
    menu_label = _("Follow-up calls")
    index_view_class = CallListView
    form_fields = []
    list_display = [
        "certificate",
        Column(
            "trainee",
            label=_("trainee"),
            accessor=lambda follow_up: follow_up.certificate.enrolment.trainee.name,
        ),
        Column("certificate.enrolment.trainee.phone", label=_("mobile phone")),
        "months",
        "due_on",
        Column("sms_sent_on", label=_("text message sent on"), accessor=text_message_sent),
    ]
    list_filter = ["months", "certificate__enrolment__trainee__county"]
    list_export = [
        "certificate",
        "certificate.enrolment.trainee",
        "certificate.enrolment.trainee.phone",
        "months",
        "due_on",
        "sms_sent_on",
    ]
    export_headings = {
        "certificate.enrolment.trainee": _("trainee"),
        "certificate.enrolment.trainee.phone": _("mobile phone"),
    }
    search_fields = ["certificate__enrolment__trainee__name", "certificate__number"]
    list_select_related = ("certificate__enrolment__trainee",)
    personal_fields = ("certificate.enrolment.trainee.phone",)
    personal_scope_path = "certificate.enrolment.trainee.county_id"
    export_filename = "follow_up_calls"
    actions = (
        Action(
            "record_call",
            _("Record the call's answer"),
            "mobile-alt",
            CallAnswerView,
            may=follow_ups.may_record_call,
            priority=1,
        ),
    )
