from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import (
    ConfirmLoginCodeForm,
    LoginForm,
    RequestLoginCodeForm,
    SignupForm,
    VerifyPhoneForm,
)
from allauth.account.internal.flows.login import perform_login
from allauth.account.internal.flows.signup import complete_signup
from allauth.account.models import Login
from allauth.core import context, ratelimit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from trainees.choices import FollowUpWork, IncomeBand, Language, SellingChannel
from trainees.identity import mask_phone
from trainees.models import County
from trainees.phones import normalise_phone


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


class NumberPadCode:
    """A texted code: its six digits are typed on the phone's number pad."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"


class EagleConfirmLoginCodeForm(NumberPadCode, ConfirmLoginCodeForm):
    pass


class EagleVerifyPhoneForm(NumberPadCode, VerifyPhoneForm):
    def clean_code(self) -> str:
        """A new number that another account holds is refused once its code is typed (the
        person has the number in hand): the message names the number masked and says
        nothing of that account."""
        try:
            return super().clean_code()
        except ValidationError as error:
            if error.code != "phone_taken":
                raise
            raise ValidationError(
                _(
                    "%(phone)s is already the number of another account, so it cannot "
                    "become this account's number. Keep your current number, or choose "
                    "another one."
                ),
                code="phone_taken",
                params={"phone": mask_phone(self.phone or "")},
            ) from error


class EagleRequestLoginCodeForm(RequestLoginCodeForm):
    """allauth's form, which crashes when both its fields are left empty (neither is
    required when both log-in methods are on): that is refused on the form. The phone comes
    first: trainees mostly log in with their phone."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["phone", "email"])

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not cleaned_data.get("email") and not cleaned_data.get("phone"):
            raise ValidationError(
                _("Enter your mobile phone number or your e-mail address."), code="required"
            )
        return cleaned_data


class EagleSignupForm(SignupForm):
    """allauth's sign-up form, asking for a mobile number or an e-mail address, or both."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Mobile phone")
        self.email_taken = False

    def validate_unique_email(self, value: str) -> str:
        # allauth hides a registered address only when e-mail verification is mandatory
        # (ACCOUNT_PREVENT_ENUMERATION); ours is mandatory for e-mail sign-ups alone (see
        # try_save), so the decision waits for clean(), which knows whether a phone was
        # given.
        try:
            return super().validate_unique_email(value)
        except ValidationError as error:
            if error.code != "email_taken" or not account_settings.PREVENT_ENUMERATION:
                raise
            self.email_taken = True
            return value

    def is_email_sign_up(self) -> bool:
        return bool(self.cleaned_data.get("email")) and not self.cleaned_data.get("phone")

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if self.email_taken:
            if self.is_email_sign_up():
                # Answered as a new address would be; allauth mails the owner instead.
                self.account_already_exists = True
            else:
                # With a phone, the phone's code is what proves the person: keep saying so.
                self.add_error("email", get_adapter().validation_error("email_taken"))
        given = cleaned_data.get("phone") or cleaned_data.get("email")
        if not given and not self.has_error("phone") and not self.has_error("email"):
            raise ValidationError(
                _("Enter a mobile phone number or an e-mail address: you will log in with it."),
                code="phone_or_email_required",
            )
        phone = cleaned_data.get("phone")
        if phone and not ratelimit.consume(
            context.request, action="verify_phone", key=phone, dry_run=True
        ):
            # Refused before the account is made: once made, its code could not be sent.
            raise ratelimit.RateLimited
        return cleaned_data

    def try_save(self, request):
        """A sign-up with an e-mail address and no phone goes on, new address or registered
        one alike, to allauth's "we have sent you an e-mail" page: a new address gets the
        link that confirms it (and logs in), a registered one's owner gets allauth's
        "account already exists" mail and nobody is logged in. With a phone, the phone's
        code does that job. (A `?next=` of the sign-up page is not kept on this path.)"""
        if not self.is_email_sign_up():
            return super().try_save(request)
        mandatory = account_settings.EmailVerificationMethod.MANDATORY
        email = self.cleaned_data["email"]
        if self.account_already_exists:
            login = Login(user=None, email=email, signup=True, email_verification=mandatory)
            return None, perform_login(request, login)
        user = self.save(request)
        return user, complete_signup(request, user=user, email_verification=mandatory)


class AdminLoginForm(WagtailLoginForm):
    """Wagtail's admin log-in, checked by allauth's adapter so that failed attempts count
    against the same limit per account as on /accounts/login/."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's form leaves the password without a label: Django then shows "Password",
        # made from the field's name, in English whatever the language.
        self.fields["password"].label = _("Password")

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, username=username, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class CountyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: County) -> str:
        return obj.display_name


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


class FollowUpAnswerForm(forms.Form):
    """A follow-up's questions (trainees/follow_ups.py), on the trainee's phone and in the
    coordinator's call form: each answered by a tap; the service checks they agree."""

    working = forms.ChoiceField(
        label=_("Do you work now?"),
        choices=FollowUpWork.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether you work, and how."),
            "invalid_choice": _("Say whether you work, and how."),
        },
    )
    own_shop = forms.TypedChoiceField(
        label=_("Do you run your own shop?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether you run your own shop."),
            "invalid_choice": _("Say whether you run your own shop."),
        },
    )
    channels = forms.MultipleChoiceField(
        label=_("Where do you sell? (tick every one)"),
        choices=SellingChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose where you sell from the list.")},
    )
    income_band = forms.ChoiceField(
        label=_("Your income a month"),
        choices=IncomeBand.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose your income a month."),
            "invalid_choice": _("Choose your income a month."),
        },
    )
    consents_to_show = forms.BooleanField(
        label=_("Show this on my certificate's public page"),
        required=False,
    )


class FollowUpCallForm(FollowUpAnswerForm):
    """The coordinator's form: the same questions, and whether the programme checked it."""

    verified = forms.BooleanField(
        label=_("Checked by the programme (I saw the shop, the sales or the job)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consents_to_show"].label = _(
            "The trainee agrees to show this on their certificate's public page"
        )
