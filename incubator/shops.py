"""Applications for incubation, shops, their channels and stages, milestones."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.image_forms import CheckedImageField
from incubator import audit, poor_households, sales_summary, scoping
from incubator.choices import (
    STAGE_DATE_FIELDS,
    STAGE_TRANSITIONS,
    ApplicationStatus,
    MilestoneKind,
    ShopCategory,
    Stage,
)
from incubator.models import Application, Milestone, SalesReport, Shop, ShopChannel
from incubator.values import Errors, clean_choice, clean_day, clean_text, labelled
from trainees.derived import stored
from trainees.models import Certificate, Trainee


def _label(model, field: str):
    return model._meta.get_field(field).verbose_name


# Applications


def holds_valid_certificate(trainee: Trainee) -> bool:
    return Certificate.objects.filter(enrolment__trainee=trainee, revoked_at__isnull=True).exists()


@transaction.atomic
def application_submit(
    *, trainee: Trainee, shop_name: str, category: str, plan: str, by: AbstractBaseUser
) -> Application:
    """A certified trainee asks for incubation with a plan; one open application at a time.

    The trainee applies themselves, or the coordinator of their county for them.
    """
    if not (trainee.user_id is not None and trainee.user_id == by.pk) and not (
        scoping.runs_county(by, trainee.county_id)
    ):
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
    errors.raise_if_any()
    if not holds_valid_certificate(trainee):
        raise ValidationError(
            _(
                "%(trainee)s holds no valid certificate: incubation is open to trainees "
                "who have completed a course."
            )
            % {"trainee": trainee.name}
        )
    open_application = Application.objects.filter(
        trainee=trainee, status=ApplicationStatus.SUBMITTED
    ).first()
    if open_application is not None:
        raise ValidationError(_already_open(open_application))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                trainee=trainee,
                county_id=trainee.county_id,
                shop_name=shop_name,
                category=category,
                plan=plan,
                submitted_at=timezone.now(),
            )
    except IntegrityError:
        # Sent twice at the same moment: the other one is the open application.
        raise ValidationError(
            _already_open(
                Application.objects.get(trainee=trainee, status=ApplicationStatus.SUBMITTED)
            )
        ) from None
    audit.record(application, audit.APPLICATION_SUBMIT, by=by)
    return application


def _already_open(application: Application) -> str:
    return _(
        "An application for %(shop)s, sent on %(day)s, is still waiting for a decision: "
        "only one application at a time."
    ) % {"shop": application.shop_name, "day": timezone.localdate(application.submitted_at)}


def may_decide_application(user: AbstractBaseUser, application: Application) -> bool:
    """Whoever runs the application's county decides it."""
    return scoping.runs_county(user, application.county_id)


def awaits_decision(application: Application) -> bool:
    """An application is decided once, while it is submitted."""
    return application.status == ApplicationStatus.SUBMITTED


@transaction.atomic
def application_decide(
    *, application: Application, accept: bool, by: AbstractBaseUser, reason: str = ""
) -> Application:
    """Accept (the trainee's shop starts incubating today) or decline with a reason.

    Only a programme manager or the coordinator of the application's county decides.
    """
    if not may_decide_application(by, application):
        raise PermissionDenied(
            _("Only programme managers and the county's coordinator decide applications.")
        )
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError(
            {"reason": _("Reason for declining: say why, so that the trainee can improve.")}
        )
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not awaits_decision(application):
        raise ValidationError(
            _("This application was already decided (%(status)s) on %(day)s.")
            % {
                "status": application.get_status_display().lower(),
                "day": timezone.localdate(application.decided_at),
            }
        )
    now = timezone.now()
    application.decided_at, application.decided_by = now, by
    if accept:
        today = timezone.localdate(now)
        shop = Shop.objects.create(
            name=application.shop_name,
            county_id=application.county_id,
            category=application.category,
            stage=Stage.INCUBATING,
            applied_on=min(timezone.localdate(application.submitted_at), today),
            incubating_on=today,
        )
        shop.owners.add(application.trainee_id)
        poor_households.refresh(shop_ids=[shop.pk])
        application.status, application.shop = ApplicationStatus.ACCEPTED, shop
        audit.record(
            shop,
            audit.SHOP_STAGE,
            by=by,
            changes={"stage": [None, Stage.INCUBATING], "incubating_on": [None, str(today)]},
        )
        audit.record(application, audit.APPLICATION_ACCEPT, by=by)
    else:
        application.status, application.decline_reason = ApplicationStatus.DECLINED, reason
        audit.record(application, audit.APPLICATION_DECLINE, by=by, reason=reason)
    application.save(update_fields=["status", "decided_at", "decided_by", "decline_reason", "shop"])
    return application


# Shops and their channels, as a coordinator records them (incubator/admin_views.py)


@transaction.atomic
def shop_save(*, shop: Shop, owners: Iterable[Trainee] | None = None) -> Shop:
    """Save a shop's details and, when given, its owners: the poor households of its owners
    follow them; a shop moved to another county takes its sales there (sales_summary)."""
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
