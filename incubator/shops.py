"""Applications for incubation, shops, their channels and stages, milestones."""

import datetime
import logging
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from courses.image_forms import CheckedImageField
from incubator import audit, poor_households, sales_summary, scoping
from incubator.choices import (
    OPEN_APPLICATION_STATUSES,
    STAGE_DATE_FIELDS,
    STAGE_TRANSITIONS,
    ApplicationMessageKind,
    ApplicationStatus,
    Channel,
    IncomeWay,
    MilestoneKind,
    ShopCategory,
    Stage,
    income_way_field,
)
from incubator.models import (
    Application,
    ApplicationMessage,
    ApplicationProduct,
    GeographicalIndication,
    Milestone,
    Product,
    SalesReport,
    Shop,
    ShopChannel,
)
from incubator.values import Errors, clean_choice, clean_day, clean_text, labelled
from trainees.choices import SmsTemplate
from trainees.derived import stored
from trainees.models import Certificate, Profile, Trainee
from trainees.sms import Sms, SmsError, send_sms

logger = logging.getLogger(__name__)


def _label(model, field: str):
    return model._meta.get_field(field).verbose_name


# Applications (docs/incubator.md: their states and who does what)

MAX_PRODUCTS = 10


def holds_valid_certificate(trainee: Trainee) -> bool:
    return Certificate.objects.filter(enrolment__trainee=trainee, revoked_at__isnull=True).exists()


def open_application(trainee: Trainee) -> Application | None:
    """The trainee's application still waiting for a decision or an answer, if any."""
    return Application.objects.filter(trainee=trainee, status__in=OPEN_APPLICATION_STATUSES).first()


def no_certificate_message(trainee: Trainee) -> str:
    return _(
        "%(trainee)s holds no valid certificate: incubation is open to trainees "
        "who have completed a course."
    ) % {"trainee": trainee.name}


def why_cannot_apply(trainee: Trainee) -> str | None:
    """Why the trainee cannot send an application now (no certificate, one already open)."""
    if not holds_valid_certificate(trainee):
        return no_certificate_message(trainee)
    waiting = open_application(trainee)
    if waiting is not None:
        return _already_open(waiting)
    return None


def may_apply_for(user: AbstractBaseUser, trainee: Trainee) -> bool:
    """The trainee applies themselves, or the coordinator of their county for them."""
    return (trainee.user_id is not None and trainee.user_id == user.pk) or scoping.runs_county(
        user, trainee.county_id
    )


def _clean_channels(channels: Iterable[str]) -> list[str]:
    """Channels from choices.Channel, each once, in the list's order."""
    chosen = set()
    for value in channels:
        chosen.add(clean_choice(value, Channel, what=_("sales channels")))
    return [channel.value for channel in Channel if channel.value in chosen]


def _clean_ways(ways: Iterable[str]) -> set[str]:
    return {clean_choice(value, IncomeWay, what=_("ways of driving incomes")) for value in ways}


def _brand(value) -> GeographicalIndication | None:
    if value is None or value == "":
        return None
    if isinstance(value, GeographicalIndication):
        return value
    brand = GeographicalIndication.objects.filter(
        pk=int(value) if str(value).strip().isdigit() else None
    ).first()
    if brand is None:
        raise ValidationError(
            _("Choose a geographical-indication brand from the list, or none."), code="invalid"
        )
    return brand


def _clean_products(products: Iterable) -> list[tuple[str, GeographicalIndication | None]]:
    """(name, brand) pairs: rows left empty are skipped; a brand needs a product's name;
    each name once; MAX_PRODUCTS at most. A brand is a GeographicalIndication or its pk."""
    cleaned, problems, names = [], [], set()
    for number, (name, brand) in enumerate(products, start=1):
        name = (name or "").strip() if isinstance(name, str | None) else str(name).strip()
        if not name and (brand is None or brand == ""):
            continue
        row = _("Product %(number)d") % {"number": number}
        try:
            name = clean_text(name, max_length=100)
            brand = _brand(brand)
        except ValidationError as error:
            problems.append(labelled(row, error))
            continue
        if name in names:
            problems.append(
                labelled(row, ValidationError(_("%(name)s is listed twice.") % {"name": name}))
            )
            continue
        names.add(name)
        cleaned.append((name, brand))
    if len(cleaned) > MAX_PRODUCTS:
        problems.append(
            ValidationError(
                _("List %(max)d products at most: your main ones.") % {"max": MAX_PRODUCTS}
            )
        )
    if problems:
        raise ValidationError(problems)
    return cleaned


@transaction.atomic
def application_submit(
    *,
    trainee: Trainee,
    shop_name: str,
    category: str,
    plan: str,
    by: AbstractBaseUser,
    products: Iterable[tuple[str, object]] = (),
    channels: Iterable[str] = (),
    ways: Iterable[str] = (),
) -> Application:
    """A certified trainee asks for incubation with a plan; one open application at a time.

    The trainee applies themselves, or the coordinator of their county for them. `products`
    are (name, geographical-indication brand or None) pairs, `channels` choices.Channel
    values, `ways` choices.IncomeWay values; the trainee's household, if recorded, goes with
    the application.
    """
    if not may_apply_for(by, trainee):
        raise PermissionDenied(_("You can apply for incubation only for yourself."))
    errors = Errors()
    shop_name = errors.check(
        "shop_name", _label(Application, "shop_name"), clean_text, shop_name, max_length=100
    )
    category = errors.check(
        "category",
        _label(Application, "category"),
        clean_choice,
        category,
        ShopCategory,
        what=_("a category"),
    )
    plan = errors.check("plan", _label(Application, "plan"), clean_text, plan)
    try:
        products = _clean_products(products)
    except ValidationError as error:
        errors.add("products", error)
    channels = errors.check("channels", _label(Application, "channels"), _clean_channels, channels)
    ways = errors.check("ways", _("ways of driving incomes"), _clean_ways, ways)
    errors.raise_if_any()
    if not holds_valid_certificate(trainee):
        raise ValidationError(no_certificate_message(trainee))
    waiting = open_application(trainee)
    if waiting is not None:
        raise ValidationError(_already_open(waiting))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                trainee=trainee,
                county_id=trainee.county_id,
                shop_name=shop_name,
                category=category,
                plan=plan,
                channels=channels,
                household_id=trainee.household_id,
                submitted_at=timezone.now(),
                **{income_way_field(way): way in ways for way in IncomeWay.values},
            )
    except IntegrityError:
        # Sent twice at the same moment: the other one is the open application.
        raise ValidationError(_already_open(open_application(trainee))) from None
    ApplicationProduct.objects.bulk_create(
        ApplicationProduct(application=application, name=name, geographical_indication=brand)
        for name, brand in products
    )
    audit.record(application, audit.APPLICATION_SUBMIT, by=by)
    return application


def _already_open(application: Application) -> str:
    return _(
        "An application for %(shop)s, sent on %(day)s, is still waiting for a decision: "
        "only one application at a time."
    ) % {"shop": application.shop_name, "day": timezone.localdate(application.submitted_at)}


def may_decide_application(user: AbstractBaseUser, application: Application) -> bool:
    """Whoever runs the application's county decides it and asks its questions."""
    return scoping.runs_county(user, application.county_id)


def awaits_decision(application: Application) -> bool:
    """An application is decided once, while it is open (waiting, or a question asked)."""
    return application.status in OPEN_APPLICATION_STATUSES


def awaits_question(application: Application) -> bool:
    """A question is asked of an application waiting for a decision, one at a time."""
    return application.status == ApplicationStatus.SUBMITTED


def may_answer_application(user: AbstractBaseUser, application: Application) -> bool:
    """Only the trainee who applied answers the coordinator's question."""
    return application.trainee.user_id is not None and application.trainee.user_id == user.pk


def awaits_answer(application: Application) -> bool:
    return application.status == ApplicationStatus.INFORMATION_ASKED


def _refuse_unless_decider(by: AbstractBaseUser, application: Application) -> None:
    if not may_decide_application(by, application):
        raise PermissionDenied(
            _("Only programme managers and the county's coordinator decide applications.")
        )


def _already_decided(application: Application) -> str:
    return _("This application was already decided (%(status)s) on %(day)s.") % {
        "status": application.get_status_display().lower(),
        "day": timezone.localdate(application.decided_at),
    }


def latest_question(application: Application) -> ApplicationMessage | None:
    return application.thread.filter(kind=ApplicationMessageKind.QUESTION).last()


def _tell_trainee(application: Application) -> None:
    """The trainee learns of a decision or a question: a notice on "My learning" the next
    time they come (`application_news_seen`), and a text message if they have a phone,
    once the decision is written."""
    application.trainee_has_news = True
    transaction.on_commit(lambda: application_news_sms(application_id=application.pk))


def application_news_sms(*, application_id: int) -> None:
    """A text to the trainee's phone, in their language, saying there is news on their
    application; nothing for a trainee without a phone. A text the gateway would not take
    is in the delivery log (trainees.sms), and changes nothing else."""
    application = Application.objects.select_related("trainee").get(pk=application_id)
    profile = (
        Profile.objects.filter(user_id=application.trainee.user_id).exclude(phone=None).first()
        if application.trainee.user_id
        else None
    )
    if profile is None or not profile.phone:
        return
    with translation.override(profile.language):
        text = _(
            "Eagle programme: there is news on your application for incubation (%(shop)s). "
            "Open My learning to read it."
        ) % {"shop": application.shop_name}
        message = Sms(
            phone=profile.phone,
            template=SmsTemplate.APPLICATION_NEWS,
            text=text,
            params={"shop": application.shop_name},
            language=profile.language,
        )
    try:
        send_sms(message)
    except SmsError:
        logger.warning("The text about application %s could not be sent", application.pk)


MAX_THREAD_TEXT = 2000


def _thread_text(field: str, label, value, *, empty: str) -> str:
    """A question or an answer: required (with its own message), plain text, not too long."""
    if not (value.strip() if isinstance(value, str) else value):
        raise ValidationError({field: empty})
    errors = Errors()
    text = errors.check(field, label, clean_text, value, max_length=MAX_THREAD_TEXT)
    errors.raise_if_any()
    return text


@transaction.atomic
def application_ask(
    *, application: Application, question: str, by: AbstractBaseUser
) -> Application:
    """The coordinator asks the trainee for more information; the application waits for the
    answer (and may still be decided meanwhile)."""
    _refuse_unless_decider(by, application)
    question = _thread_text(
        "question",
        pgettext("application thread", "Question"),
        question,
        empty=_("Question: say what the trainee should tell you."),
    )
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.INFORMATION_ASKED:
        asked = latest_question(application)
        raise ValidationError(
            _("A question asked on %(day)s is still waiting for the trainee's answer.")
            % {"day": timezone.localdate(asked.written_at) if asked else "–"}
        )
    if not awaits_question(application):
        raise ValidationError(_already_decided(application))
    ApplicationMessage.objects.create(
        application=application,
        kind=ApplicationMessageKind.QUESTION,
        text=question,
        written_at=timezone.now(),
        written_by=by,
    )
    application.status = ApplicationStatus.INFORMATION_ASKED
    _tell_trainee(application)
    application.save(update_fields=["status", "trainee_has_news"])
    audit.record(
        application,
        audit.APPLICATION_ASK,
        by=by,
        changes={"status": [ApplicationStatus.SUBMITTED, ApplicationStatus.INFORMATION_ASKED]},
    )
    return application


@transaction.atomic
def application_answer(
    *, application: Application, answer: str, by: AbstractBaseUser
) -> Application:
    """The trainee answers the coordinator's question; the application waits again."""
    if not may_answer_application(by, application):
        raise PermissionDenied(
            _("Only the trainee who applied answers the coordinator's question.")
        )
    answer = _thread_text(
        "answer",
        pgettext("application thread", "Answer"),
        answer,
        empty=_("Answer: write your answer to the question."),
    )
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not awaits_answer(application):
        if application.status == ApplicationStatus.SUBMITTED:
            raise ValidationError(_("No question is waiting for your answer on this application."))
        raise ValidationError(_already_decided(application))
    ApplicationMessage.objects.create(
        application=application,
        kind=ApplicationMessageKind.ANSWER,
        text=answer,
        written_at=timezone.now(),
        written_by=by,
    )
    application.status = ApplicationStatus.SUBMITTED
    application.save(update_fields=["status"])
    audit.record(
        application,
        audit.APPLICATION_ANSWER,
        by=by,
        changes={"status": [ApplicationStatus.INFORMATION_ASKED, ApplicationStatus.SUBMITTED]},
    )
    return application


def application_news_seen(*, application: Application) -> None:
    """The trainee has seen the decision or question on "My learning"."""
    Application.objects.filter(pk=application.pk).update(trainee_has_news=False)
    application.trainee_has_news = False


@transaction.atomic
def application_decide(
    *, application: Application, accept: bool, by: AbstractBaseUser, reason: str = ""
) -> Application:
    """Accept (the trainee's shop starts incubating today, with the channels, products and
    ways of the application) or decline with a reason.

    Only a programme manager or the coordinator of the application's county decides.
    """
    _refuse_unless_decider(by, application)
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError(
            {"reason": _("Reason for declining: say why, so that the trainee can improve.")}
        )
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not awaits_decision(application):
        raise ValidationError(_already_decided(application))
    now = timezone.now()
    application.decided_at, application.decided_by = now, by
    if accept:
        shop = _shop_of(application, today=timezone.localdate(now), by=by)
        application.status, application.shop = ApplicationStatus.ACCEPTED, shop
        audit.record(application, audit.APPLICATION_ACCEPT, by=by)
    else:
        application.status, application.decline_reason = ApplicationStatus.DECLINED, reason
        audit.record(application, audit.APPLICATION_DECLINE, by=by, reason=reason)
    _tell_trainee(application)
    application.save(
        update_fields=[
            "status",
            "decided_at",
            "decided_by",
            "decline_reason",
            "shop",
            "trainee_has_news",
        ]
    )
    return application


def _shop_of(application: Application, *, today: datetime.date, by: AbstractBaseUser) -> Shop:
    """The accepted application's shop: incubating from today, its owner the trainee, its
    channels and products those of the application."""
    shop = Shop.objects.create(
        name=application.shop_name,
        county_id=application.county_id,
        category=application.category,
        stage=Stage.INCUBATING,
        applied_on=min(timezone.localdate(application.submitted_at), today),
        incubating_on=today,
    )
    shop.owners.add(application.trainee_id)
    ShopChannel.objects.bulk_create(
        ShopChannel(shop=shop, channel=channel) for channel in application.channels
    )
    Product.objects.bulk_create(
        Product(
            shop=shop, name=product.name, geographical_indication=product.geographical_indication
        )
        for product in application.products.all()
    )
    poor_households.refresh(shop_ids=[shop.pk])
    audit.record(
        shop,
        audit.SHOP_STAGE,
        by=by,
        changes={"stage": [None, Stage.INCUBATING], "incubating_on": [None, str(today)]},
    )
    return shop


# Shops and their channels, as a coordinator records them (incubator/admin_views.py)


def why_no_application_missing() -> str:
    return _(
        "Why without an application: say why this shop is added here rather than from a "
        "trainee's application (an application accepted makes its shop itself)."
    )


def needs_why_no_application(shop: Shop) -> bool:
    """A shop added by hand, not by accepting an application, says why."""
    return shop._state.adding and not (shop.why_no_application or "").strip()


@transaction.atomic
def shop_save(*, shop: Shop, owners: Iterable[Trainee] | None = None) -> Shop:
    """Save a shop's details and, when given, its owners: the poor households of its owners
    follow them; a shop moved to another county takes its sales there (sales_summary). A new
    shop says why it comes without an application."""
    if needs_why_no_application(shop):
        raise ValidationError({"why_no_application": why_no_application_missing()})
    shop.why_no_application = (shop.why_no_application or "").strip()
    county_before = stored(shop, "county_id")
    shop.save()
    if owners is not None:
        shop.owners.set(owners)
    poor_households.refresh(shop_ids=[shop.pk])
    if county_before is not None and county_before != shop.county_id:
        sales_summary.refresh_shop(shop, county_ids=[county_before, shop.county_id])
    return shop


def _channels_changed(shop_ids: Iterable[int]) -> None:
    """A shop's channels decide which reports it owes each month (sales_summary)."""
    for shop in Shop.objects.filter(pk__in=set(shop_ids)).order_by("pk"):
        sales_summary.refresh_shop(shop, county_ids=[shop.county_id])


@transaction.atomic
def shop_channel_save(*, channel: ShopChannel) -> ShopChannel:
    """Save a shop's channel; one moved to another shop changes both shops' summaries.
    It opened no later than the first month reported on it (see `sales.first_month`)."""
    reported = SalesReport.objects.filter(shop=channel.shop_id, channel=channel.channel)
    earliest = reported.aggregate(earliest=Min("month"))["earliest"]
    if channel.opened_on and earliest and earliest < channel.opened_on.replace(day=1):
        raise ValidationError(
            {
                "opened_on": _(
                    "%(channel)s has sales reported for %(month)s: it opened in that month "
                    "or earlier."
                )
                % {"channel": channel.get_channel_display(), "month": f"{earliest:%Y-%m}"}
            }
        )
    shop_before = stored(channel, "shop_id")
    channel.save()
    _channels_changed({channel.shop_id, shop_before} - {None})
    return channel


@transaction.atomic
def shop_channel_delete(*, channel: ShopChannel) -> None:
    shop = stored(channel, "shop_id")
    channel.delete()
    _channels_changed([shop])


# Stages


def may_change_stage(user: AbstractBaseUser, shop: Shop) -> bool:
    """Whoever runs the shop's county changes its stage."""
    return scoping.runs_county(user, shop.county_id)


def next_stages(shop: Shop) -> list[Stage]:
    """The stages the shop may move to from its own, in the order of the stages."""
    return sorted(STAGE_TRANSITIONS[Stage(shop.stage)], key=list(Stage).index)


def has_next_stage(shop: Shop) -> bool:
    return bool(next_stages(shop))


@transaction.atomic
def shop_stage_change(
    *, shop: Shop, stage: str, on: datetime.date, by: AbstractBaseUser, reason: str = ""
) -> Shop:
    """Move the shop to `stage` from day `on`: incubating → graduated or closed, and so on.

    The day is not in the future and not before the day of the current stage.
    """
    if not may_change_stage(by, shop):
        raise PermissionDenied(
            _("Only programme managers and the county's coordinator change a shop's stage.")
        )
    shop = Shop.objects.select_for_update().get(pk=shop.pk)
    errors = Errors()
    stage = errors.check(
        "stage", _label(Shop, "stage"), clean_choice, stage, Stage, what=_("a stage")
    )
    day_field = STAGE_DATE_FIELDS.get(stage, "stage")
    day_label = _label(Shop, day_field) if stage else _("day")
    on = errors.check(day_field, day_label, clean_day, on)
    errors.raise_if_any()
    current = Stage(shop.stage)
    if stage not in next_stages(shop):
        raise ValidationError(
            {
                "stage": _("%(shop)s is %(current)s: it cannot become %(stage)s.")
                % {
                    "shop": shop.name,
                    "current": current.label.lower(),
                    "stage": Stage(stage).label.lower(),
                }
            }
        )
    since = shop.stage_date or shop.applied_on
    if on < since:
        raise ValidationError(
            {
                day_field: labelled(
                    _label(Shop, day_field),
                    ValidationError(
                        _("%(day)s is before %(since)s, when the shop became %(current)s.")
                        % {"day": on, "since": since, "current": current.label.lower()}
                    ),
                )
            }
        )
    before = audit.snapshot(shop, ["stage", day_field])
    shop.stage = stage
    setattr(shop, day_field, on)
    shop.save(update_fields=["stage", day_field])
    if day_field == "incubating_on":
        poor_households.refresh(shop_ids=[shop.pk])
    audit.record(
        shop,
        audit.SHOP_STAGE,
        by=by,
        changes=audit.changes_of(shop, before, ["stage", day_field]),
        reason=(reason or "").strip(),
    )
    return shop


# Milestones


def check_evidence_image(evidence) -> UploadedFile:
    """A real image, not too large and not a decompression bomb (the admin's image checks)."""
    if evidence is None:
        raise ValidationError(_("Add a screenshot as evidence."), code="required")
    return CheckedImageField(required=True).clean(evidence)


@transaction.atomic
def milestone_record(
    *,
    shop: Shop,
    kind: str,
    achieved_on: datetime.date,
    evidence: UploadedFile,
    by: AbstractBaseUser,
) -> Milestone:
    """Record a milestone the shop reached, with a screenshot as evidence; each kind once."""
    if not scoping.may_act_for_shop(by, shop):
        raise PermissionDenied(_("Only the shop's owners and coordinators record its milestones."))
    errors = Errors()
    kind = errors.check(
        "kind", _label(Milestone, "kind"), clean_choice, kind, MilestoneKind, what=_("a milestone")
    )
    achieved_on = errors.check(
        "achieved_on", _label(Milestone, "achieved_on"), clean_day, achieved_on
    )
    evidence = errors.check(
        "evidence", _label(Milestone, "evidence"), check_evidence_image, evidence
    )
    errors.raise_if_any()
    earlier = Milestone.objects.filter(shop=shop, kind=kind).first()
    if earlier is not None:
        raise ValidationError({"kind": _already_reached(earlier)})
    milestone = Milestone(
        shop=shop, kind=kind, achieved_on=achieved_on, evidence=evidence, recorded_by=by
    )
    try:
        with transaction.atomic():
            milestone.save()
    except IntegrityError:
        # Recorded at the same moment by someone else: keep theirs, drop this file.
        milestone.evidence.delete(save=False)
        earlier = Milestone.objects.get(shop=shop, kind=kind)
        raise ValidationError({"kind": _already_reached(earlier)}) from None
    try:
        audit.record(
            milestone,
            audit.MILESTONE_RECORD,
            by=by,
            changes={"kind": [None, kind], "achieved_on": [None, str(achieved_on)]},
        )
    except Exception:
        # The row goes with the transaction; its file would stay, pointed at by nothing.
        milestone.evidence.delete(save=False)
        raise
    return milestone


def _already_reached(milestone: Milestone) -> str:
    return _("“%(milestone)s” was already recorded, reached on %(day)s.") % {
        "milestone": milestone.get_kind_display(),
        "day": milestone.achieved_on,
    }
