from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The interface languages a trainee can choose, each named in its own script.

    The labels are endonyms on purpose: a reader finds their own language by
    its own name, whatever language the page is currently in.
    """

    ZH_HANS = "zh-hans", "简体中文"
    BO = "bo", "བོད་ཡིག"
    EN = "en", "English"


class HouseholdStatus(models.TextChoices):
    REGISTERED_POOR = "registered_poor", _("Registered poor (建档立卡贫困户)")
    LIFTED_OUT = "lifted_out", _("Lifted out of poverty (脱贫户)")
    MONITORED = "monitored", _("Monitored for relapse (监测对象)")
    NONE = "none", _("None")


# The statuses for which a person "counts for a poor household".
POOR_HOUSEHOLD_STATUSES = frozenset(
    {HouseholdStatus.REGISTERED_POOR, HouseholdStatus.LIFTED_OUT, HouseholdStatus.MONITORED}
)


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior middle school")
    SENIOR = "senior", _("Senior middle school")
    VOCATIONAL = "vocational", _("Vocational school")
    COLLEGE = "college", _("College or university")


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Enrolled themselves")
    COORDINATOR = "coordinator", _("Enrolled by a coordinator")
    IMPORT = "import", _("Imported from a roster")


class ProgressSource(models.TextChoices):
    MARKED = "marked", _("Marked as done")
    QUIZ = "quiz", _("Passed the quiz")


class AttendanceMethod(models.TextChoices):
    ROSTER = "roster", _("Taken from the roster")
    QR_CODE = "qr", _("Checked in with the QR code")


class SmsTemplate(models.TextChoices):
    """The kinds of text message the site sends; each needs a template approved by the
    gateway per language (settings.SMS_TEMPLATES, docs/deploy.md)."""

    VERIFICATION_CODE = "verification_code", _("Verification or log-in code")
    ACCOUNT_ALREADY_EXISTS = "account_already_exists", _("Number already has an account")
    UNKNOWN_ACCOUNT = "unknown_account", _("No account uses this number")
    # Incubation: an application decided, or a question asked about it (parameter `shop`).
    APPLICATION_NEWS = "application_news", _("News on an application for incubation")
    # A certificate's follow-up is due (parameter `link`, its phone form).
    FOLLOW_UP = "follow_up", _("Follow-up after a certificate")
    # Reminders (trainees/reminders.py): a class tomorrow (`cohort`, `time`, `place`), a
    # shop's monthly sales report not sent (`shop`, `month`).
    SESSION_TOMORROW = "session_tomorrow", _("A class tomorrow")
    SALES_REPORT_DUE = "sales_report_due", _("A monthly sales report to send")


class SmsResult(models.TextChoices):
    SENT = "sent", _("Handed to the gateway")
    FAILED = "failed", _("Failed")


class OfflineProgressKind(models.TextChoices):
    DONE = "done", _("Marked as done")
    QUIZ = "quiz", _("Quiz answers")


class FollowUpWork(models.TextChoices):
    """A certified trainee's work at a follow-up (docs/outcomes.md, "Follow-ups")."""

    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    NOT_WORKING = "not_working", _("Not working")


class SellingChannel(models.TextChoices):
    """Where a certified trainee sells at a follow-up: the incubator's channels, named here
    because trainees come before the incubator. Every one but OFFLINE is selling online."""

    TAOBAO = "taobao", _("Taobao")
    TMALL = "tmall", _("Tmall")
    JD = "jd", _("JD")
    PINDUODUO = "pinduoduo", _("Pinduoduo")
    YOUZAN = "youzan", _("Youzan")
    WEIDIAN = "weidian", _("Weidian")
    DOUYIN = "douyin", _("Douyin")
    KUAISHOU = "kuaishou", _("Kuaishou")
    PLATFORM_832 = "832", _("832 platform")
    WECHAT = "wechat", _("WeChat mini-program")
    OFFLINE = "offline", _("Offline")


class IncomeBand(models.TextChoices):
    """A certified trainee's income a month, in yuan, at a follow-up."""

    NONE = "none", _("No income")
    UNDER_1000 = "under_1000", _("Less than 1,000 yuan")
    FROM_1000 = "1000_3000", _("1,000 to 3,000 yuan")
    FROM_3000 = "3000_5000", _("3,000 to 5,000 yuan")
    FROM_5000 = "over_5000", _("More than 5,000 yuan")


class FollowUpAnswerMethod(models.TextChoices):
    PHONE_FORM = "phone_form", _("By the trainee, on the phone form")
    CALL = "call", _("By the coordinator, from a call")
