"""Forms whose typed values go to the services as typed: the services read and check them
(incubator/values.py), so a form and the CSV import give the same messages."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from incubator.choices import JobKind, MilestoneKind


class TypedForm(forms.Form):
    """Renders its fields and keeps what was typed; it checks nothing itself. The service it
    goes to checks everything (show_service_errors), so each problem is said once."""

    def full_clean(self):
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def typed(self) -> dict:
        """What was typed in each field, as text (and each uploaded file)."""
        return {
            name: self.files.get(self.add_prefix(name))
            if isinstance(field, forms.FileField)
            else self.data.get(self.add_prefix(name), "")
            for name, field in self.fields.items()
        }


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class EndJobForm(forms.Form):
    ends_on = forms.CharField(label=_("Last day"), widget=_date_input())


class OwnerEndJobForm(TypedForm, EndJobForm):
    pass


class SalesReportForm(TypedForm):
    """One channel's figures for one month; the buttons say whether to send it for approval."""

    sales = forms.CharField(
        label=_("sales (yuan)"), widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    orders = forms.CharField(
        label=_("orders"), widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    agricultural_share = forms.CharField(
        label=_("share of agricultural products (%)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class OwnerJobForm(TypedForm):
    """A job at the owner's shop. The household is named by its registry number, which the
    worker knows; owners do not see the county's register of households."""

    worker_name = forms.CharField(label=_("worker"), required=False)
    id_number = forms.CharField(label=_("identity number (if known)"), required=False)
    household_number = forms.CharField(
        label=_("household registry number (if known)"), required=False
    )
    kind = forms.ChoiceField(label=_("kind"), choices=JobKind.choices)
    starts_on = forms.CharField(label=_("starts on"), widget=_date_input())
    monthly_wage = forms.CharField(
        label=_("monthly wage (yuan)"), widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )


class MilestoneForm(TypedForm):
    kind = forms.ChoiceField(label=_("milestone"), choices=MilestoneKind.choices)
    achieved_on = forms.CharField(label=_("achieved on"), widget=_date_input())
    evidence = forms.FileField(
        label=_("evidence (screenshot)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args, reached=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, label) for kind, label in MilestoneKind.choices if kind not in reached
        ]
