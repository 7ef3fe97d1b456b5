from allauth.account.forms import LoginForm, SignupForm

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trainees.accounts import normalise_phone
from trainees.choices import Language
from trainees.models import County


class EagleLoginForm(LoginForm):
    def clean_login(self) -> str:
        login = super().clean_login()
        if "@" in login:
            return login
        # One spelling per number, so that "138 0013 8000" and "+8613800138000"
        # count against the same failed-login limit.
        try:
            return normalise_phone(login)
        except ValidationError:
            return login


class EagleSignupForm(SignupForm):
    """allauth's sign-up form, asking for a mobile number or an e-mail address, or both."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Mobile phone")

    def clean(self) -> dict:
        cleaned_data = super().clean()
        given = cleaned_data.get("phone") or cleaned_data.get("email")
        if not given and not self.has_error("phone") and not self.has_error("email"):
            raise ValidationError(
                _("Enter a mobile phone number or an e-mail address: you will log in with it."),
                code="phone_or_email_required",
            )
        return cleaned_data


class CountyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: County) -> str:
        return f"{obj.name} {obj.name_bo}".strip()


class WelcomeForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the languages shown.")},
    )
    county = CountyChoiceField(
        label=_("County"),
        queryset=County.objects.all(),
        empty_label=_("Choose your county"),
        error_messages={
            "invalid_choice": _("Choose one of the counties of Ganzi in the list."),
            "required": _("Choose the county you live in."),
        },
    )
