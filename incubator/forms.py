"""Forms whose typed values go to the services as typed: the services read and check them
(incubator/values.py), so a form and the CSV import give the same messages."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from incubator.choices import Channel, IncomeWay, JobKind, MilestoneKind, ShopCategory
from incubator.models import GeographicalIndication
from machinery.forms import DateInput
from trainees.choices import Gender


class TypedForm(forms.Form):
    """Renders its fields and keeps what was typed; it checks nothing itself. The service it
    goes to checks everything (show_service_errors), so each problem is said once."""

    def full_clean(self):
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def typed(self) -> dict:
        """What was typed in each field, as text (and each uploaded file; each value ticked
        of a field of several)."""
        return {name: self._typed(name, field) for name, field in self.fields.items()}

    def _typed(self, name, field):
        key = self.add_prefix(name)
        if isinstance(field, forms.FileField):
            return self.files.get(key)
        if isinstance(field, forms.MultipleChoiceField):
            return self.data.getlist(key) if hasattr(self.data, "getlist") else []
        return self.data.get(key, "")


def _date_input():
    return DateInput()


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


# A worker's gender, when they say it: so that the women employed can be counted.
GENDER_CHOICES = [("", "—"), *Gender.choices]


class OwnerJobForm(TypedForm):
    """A job at the owner's shop. The household is named by its registry number, which the
    worker knows; owners do not see the county's register of households."""

    worker_name = forms.CharField(label=_("worker"), required=False)
    id_number = forms.CharField(label=_("identity number (if known)"), required=False)
    household_number = forms.CharField(
        label=_("household registry number (if known)"), required=False
    )
    gender = forms.ChoiceField(label=_("gender"), choices=GENDER_CHOICES, required=False)
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


# Applying for incubation

PRODUCT_ROWS = 3


class ApplicationForm(TypedForm):
    """What a trainee sends to apply for incubation (shops.application_submit checks it):
    the shop, the plan, up to PRODUCT_ROWS products with their brands, channels, ways."""

    shop_name = forms.CharField(label=_("shop name"), max_length=100)
    category = forms.ChoiceField(
        label=_("category"), choices=[("", "---------"), *ShopCategory.choices]
    )
    plan = forms.CharField(
        label=_("idea and plan"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you will sell, to whom, and how the shop will grow in its first year."),
    )
    channels = forms.MultipleChoiceField(
        label=_("sales channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ways = forms.MultipleChoiceField(
        label=_("ways of driving incomes"),
        choices=IncomeWay.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        brands = [("", _("No brand")), *GeographicalIndication.objects.values_list("pk", "name")]
        self.product_rows = []
        for number in range(1, PRODUCT_ROWS + 1):
            self.fields[f"product_{number}"] = forms.CharField(
                label=_("Product %(number)d") % {"number": number}, required=False, max_length=100
            )
            self.fields[f"brand_{number}"] = forms.ChoiceField(
                label=_("Geographical-indication brand of product %(number)d") % {"number": number},
                choices=brands,
                required=False,
            )
            self.product_rows.append((self[f"product_{number}"], self[f"brand_{number}"]))

    def service_values(self) -> dict:
        """The keywords of shops.application_submit, from what was typed."""
        typed = self.typed()
        products = [
            (typed.pop(f"product_{number}"), typed.pop(f"brand_{number}"))
            for number in range(1, PRODUCT_ROWS + 1)
        ]
        return {**typed, "products": products}


class AnswerForm(TypedForm):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}))
