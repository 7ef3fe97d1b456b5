"""How django-allauth stores and reaches trainees' phone numbers.

Phone numbers live on `Profile.phone` in E.164 form (+8613800138000), read by
trainees/phones.py's `normalise_phone`; codes go out through trainees.sms.
"""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from allauth.core.internal.ratelimit import get_ip

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from trainees import services
from trainees.choices import Language
from trainees.identity import mask_phone
from trainees.models import Profile, Trainee
from trainees.phones import normalise_phone
from trainees.sms import Sms, SmsError, send_sms

PHONE_VERIFIED_MESSAGE = "account/messages/phone_verified.txt"


def home_url() -> str:
    """The home page in the language the person is using (the URL's prefix)."""
    return reverse("wagtail_serve", args=[""])


def chosen_language(user: AbstractBaseUser) -> str | None:
    """The interface language the person chose (Profile.language), if they have a profile."""
    if not user.is_authenticated:
        return None
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    return language if language in Language.values else None


def landing_language(request, user: AbstractBaseUser, redirect_url=None) -> str:
    """The language a person lands in after logging in: the language of an explicit `next`
    (the page they were reading when asked to log in, such as a course's "Log in to enrol",
    is where they go back to, in the language it is in); without one, the language they
    chose; else the one they are reading."""
    next_url = redirect_url if isinstance(redirect_url, str) else None
    next_url = next_url or get_next_redirect_url(request)
    if next_url:
        return translation.get_language_from_path(urlsplit(next_url).path) or (
            settings.LANGUAGE_CODE
        )
    return chosen_language(user) or get_language()


def user_display(user: AbstractBaseUser) -> str:
    """What allauth calls a person ("Successfully signed in as ..."): the name they gave
    (About you), else their mobile number masked, else their e-mail address. A phone
    sign-up's username is made up by allauth ("user", "user2"), so it comes last."""
    trainee = Trainee.objects.filter(user=user).only("name").first()
    if trainee is not None and trainee.name:
        return trainee.name
    profile = Profile.objects.filter(user=user).only("phone").first()
    if profile is not None and profile.phone:
        return mask_phone(profile.phone)
    return user.email or user.get_username()


class EagleAccountAdapter(DefaultAccountAdapter):
    def phone_form_field(self, **kwargs):
        # allauth's own check wants "+<country code>"; clean_phone below also
        # takes the number as people type it, and says what is wrong.
        kwargs.setdefault("validators", [])
        kwargs.setdefault("help_text", gettext_lazy("For example 138 0013 8000."))
        return super().phone_form_field(**kwargs)

    def clean_username(self, username: str, shallow: bool = False) -> str:
        # A username that reads as a phone number would be taken for one at login.
        try:
            normalise_phone(username)
        except ValidationError:
            return super().clean_username(username, shallow=shallow)
        raise ValidationError(
            _("A username cannot be a phone number; enter your number as the phone."),
            code="username_is_phone",
        )

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # The "key" of ACCOUNT_RATE_LIMITS["login_failed"] (allauth: site and login) with
        # the client's address added: failed passwords count per address and account, so
        # a stranger's guesses block the stranger's address, never the account itself
        # (the trainee logs in from their own). get_ip is allauth's own reading of the
        # address for the "ip" limits (trusted proxies, IPv6 by its prefix).
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        """allauth's messages, with every phone number masked (138****8000): a message shows
        on a screen others may see. A phone sign-up verifies the number of someone not yet
        logged in, whose log-in follows at once: its greeting names the masked number, so
        "verified" is not said as well (one message). A logged-in person changing their
        number is told it is verified."""
        if message_template == PHONE_VERIFIED_MESSAGE and not request.user.is_authenticated:
            return
        context = dict(message_context or {})
        if context.get("phone"):
            masked = mask_phone(str(context["phone"]))
            if context.get("recipient") == context["phone"]:
                context["recipient"] = masked
            context["phone"] = masked
        super().add_message(
            request,
            level,
            message_template=message_template,
            message_context=context,
            extra_tags=extra_tags,
            message=message,
        )

    def get_login_redirect_url(self, request) -> str:
        """The home page in the language the person chose, whatever language the log-in page
        was in (a trainee who reads Tibetan logs in on /accounts/login/ and lands on /bo/)."""
        with translation.override(chosen_language(request.user) or get_language()):
            return home_url()

    def post_login(self, request, user, **kwargs):
        """Log-in answers in the language the person lands in ("Signed in as ...")."""
        if kwargs.get("signup"):
            return super().post_login(request, user, **kwargs)
        with translation.override(landing_language(request, user, kwargs.get("redirect_url"))):
            return super().post_login(request, user, **kwargs)

    def get_logout_redirect_url(self, request) -> str:
        return home_url()

    def clean_phone(self, phone: str) -> str:
        return normalise_phone(phone)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            language = get_language()
            services.trainee_register(
                user=user, language=language if language in Language.values else Language.ZH_HANS
            )
        return user

    def set_phone(self, user: AbstractBaseUser, phone: str, verified: bool) -> None:
        services.profile_phone_set(user=user, phone=phone, verified=verified)

    def get_phone(self, user: AbstractBaseUser) -> tuple[str, bool] | None:
        profile = Profile.objects.filter(user=user).exclude(phone=None).first()
        if profile is None:
            return None
        return profile.phone, profile.phone_verified

    def set_phone_verified(self, user: AbstractBaseUser, phone: str) -> None:
        services.profile_phone_verify(user=user, phone=phone)

    def get_user_by_phone(self, phone: str) -> AbstractBaseUser | None:
        try:
            phone = normalise_phone(phone)
        except ValidationError:
            return None
        return get_user_model().objects.filter(profile__phone=phone).first()

    def send_verification_code_sms(
        self, user: AbstractBaseUser, phone: str, code: str, **kwargs
    ) -> None:
        text = _("Eagle programme: your code is %(code)s. Do not share it with anyone.") % {
            "code": code
        }
        self.send_sms(
            Sms(phone=phone, template="verification_code", text=text, params={"code": code})
        )

    def send_account_already_exists_sms(self, phone: str) -> None:
        text = _(
            "Eagle programme: this number already has an account. "
            "Log in with it, or ask for a log-in code."
        )
        self.send_sms(Sms(phone=phone, template="account_already_exists", text=text))

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        text = _("Eagle programme: no account uses this number. Sign up first.")
        self.send_sms(Sms(phone=phone, template="unknown_account", text=text))

    def send_sms(self, message: Sms) -> None:
        """A text the gateway would not take is said on the next page (the one asking for
        the code, which offers to send it again), not a server error; the delivery log keeps
        what the gateway answered. Every kind of text fails alike, so the words tell a
        stranger nothing about the number."""
        try:
            send_sms(message)
        except SmsError:
            if self.request is not None:
                messages.error(
                    self.request,
                    _(
                        "The text message could not be sent just now. "
                        "Ask for a new code in a few minutes."
                    ),
                )
