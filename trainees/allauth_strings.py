"""The strings of django-allauth, and of Django's own forms, that our account pages show.

Why this module exists: allauth ships Chinese but no Tibetan, and Django has
no Tibetan catalogue at all, so under /bo/ their strings fell back to Chinese.
makemessages collects msgids only from our own code; listing here the ones
that /accounts/login/, sign-up, phone verification, log-in by code, password
reset and log-out (and the e-mails they send) show puts them into our
catalogues, where training_site/locale/bo translates them.

In zh_Hans their msgstr stays empty, so allauth's and Django's own Chinese is
used (msgfmt leaves an empty msgstr out of the compiled catalogue, so it
overrides nothing). Only where allauth's Chinese reads wrong ("错误代码" for
"Incorrect code.", "代码" for a verification code) does our catalogue give
its own.

Nothing imports this module. Each msgid must stay exactly as allauth or
Django spells it: tests/training_site/test_translations.py checks that each
one is in their Chinese catalogues, and that Chinese left empty here still
shows in Chinese. After upgrading allauth, render the account pages under
/bo/ again and add what is new.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

ALLAUTH_STRINGS = (
    # Log in: account/login.html, LoginForm, PasswordField
    gettext_noop("Sign In"),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    pgettext_lazy("field label", "Login"),
    gettext_noop("Username, email or phone"),
    gettext_noop("Password"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Remember Me"),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("The username and/or password you specified are not correct."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("The phone number and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("This account is currently inactive."),
    gettext_noop("Successfully signed in as %(name)s."),
    # Sign up: account/signup.html, SignupForm, EmailField, PhoneField
    gettext_noop("Signup"),
    gettext_noop("Sign Up"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Phone"),
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Email (optional)"),
    gettext_noop("Username"),
    gettext_noop("Username (optional)"),
    gettext_noop("Password (again)"),
    gettext_noop("You must type the same password each time."),
    gettext_noop("A user is already registered with this email address."),
    gettext_noop("A user is already registered with this phone number."),
    gettext_noop("Username can not be used. Please use other username."),
    # Phone verification: account/confirm_phone_verification_code.html, base_confirm_code.html
    gettext_noop("Phone Verification"),
    gettext_noop("Enter Phone Verification Code"),
    gettext_noop(
        "We've sent a code to %(recipient)s. The code expires shortly, so please enter it soon."
    ),
    gettext_noop("Code"),
    gettext_noop("Confirm"),
    gettext_noop("Request new code"),
    gettext_noop("Cancel"),
    gettext_noop("Use a different phone number"),
    gettext_noop("Incorrect code."),
    gettext_noop("A verification code has been sent to %(phone)s."),
    gettext_noop("You have verified phone number %(phone)s."),
    gettext_noop("Be patient, you are sending too many requests."),
    # Log in by code: account/request_login_code.html, confirm_login_code.html
    gettext_noop("Request Code"),
    gettext_noop("Other sign-in options"),
    gettext_noop("Enter Sign-In Code"),
    gettext_noop("A sign-in code has been sent to %(recipient)s."),
    gettext_noop("Please select only one."),
    # Password reset: account/password_reset*.html
    gettext_noop("Password Reset"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you "
        "an email allowing you to reset it."
    ),
    gettext_noop("Reset My Password"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("Change Password"),
    gettext_noop("Bad Token"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  "
        'Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Your password is now changed."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Note"),
    gettext_noop("You are already logged in as %(user_display)s."),
    # Log out: account/logout.html
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You have signed out."),
    # E-mails: account/email/base_message.txt, password_reset_key_*, login_code_*, unknown_account_*
    gettext_noop("Hello from %(site_name)s!"),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop("Password Reset Email"),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password "
        "reset for your user account.\nIt can be safely ignored if you did not request a "
        "password reset. Click the link below to reset your password."
    ),
    gettext_noop("In case you forgot, your username is %(username)s."),
    gettext_noop("Sign-In Code"),
    gettext_noop("Your sign-in code is listed below. Please enter it in your open browser window."),
    gettext_noop("This mail can be safely ignored if you did not initiate this action."),
    gettext_noop("Unknown Account"),
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to access an "
        "account with email %(email)s. However, we do not have any record of such an "
        "account in our database."
    ),
    gettext_noop("If it was you, you can sign up for an account using the link below."),
    # E-mail sign-up, confirmed by a link: account/verification_sent.html, email_confirm.html,
    # messages/email_confirm*, email/email_confirmation_*, email/account_already_exists_*
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to "
        "finalize the signup process. If you do not see the verification email in your main "
        "inbox, check your spam folder. Please contact us if you do not receive the "
        "verification email within a few minutes."
    ),
    gettext_noop("Confirm Email Address"),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address '
        "for user %(user_display)s."
    ),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please "
        '<a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_noop("Confirmation email sent to %(email)s."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your email "
        "address to register an account on %(site_domain)s."
    ),
    gettext_noop("To confirm this is correct, go to %(activate_url)s"),
    gettext_noop("Account Already Exists"),
    gettext_noop(
        "You are receiving this email because you or someone else tried to signup for an\n"
        "account using email address:\n\n%(email)s\n\nHowever, an account using that email "
        "address already exists.  In case you have\nforgotten about this, please use the "
        "password forgotten procedure to recover\nyour account:\n\n%(password_reset_url)s"
    ),
)

DJANGO_STRINGS = (
    # Form labels end with this suffix; form errors; contrib.auth's user model
    gettext_noop(":"),
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("A user with that username already exists."),
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, "
        "and @/./+/-/_ characters."
    ),
    gettext_noop("username"),
    gettext_noop("email address"),
    gettext_noop("first name"),
    gettext_noop("last name"),
    # Password validators (AUTH_PASSWORD_VALIDATORS): the sign-up form's help and errors
    gettext_noop("Your password can’t be too similar to your other personal information."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    # Django 5.2 spells this one with %d, which its own Chinese catalogue lacks.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
)
