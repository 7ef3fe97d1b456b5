"""Which incubator records a user may see and act on: the one place that says it.

Built on `trainees.scoping` (who manages, which county a coordinator runs):

- Programme managers see every shop and everything of it.
- A county coordinator sees the applications and shops of their county, and
  what belongs to those shops (channels, products, milestones, reports, jobs,
  workers).
- A shop owner (a trainee linked to an account) sees their own applications,
  their own shops and what belongs to them.
- Everyone else sees nothing.

The records of the five ways follow the same rule: a co-operative or company, and a
trainee's business, by their county; a purchase or a shareholding (and its dividends) by
its shop's or its co-operative's or company's, the shop's owners seeing their shop's;
a trainee sees their own businesses.

Acting: the shop's owners and whoever runs its county report sales, record
milestones and jobs; only whoever runs the county decides applications,
approves or returns reports and changes stages; only managers lock months.
Importing sales from a file is for whoever runs a county (managers: any shop;
a coordinator: their county's shops, each row checked with `runs_county`).
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from incubator.models import (
    Application,
    Dividend,
    Enterprise,
    GeographicalIndication,
    Job,
    Milestone,
    MonthLock,
    Product,
    Purchase,
    SalesReport,
    Shareholding,
    Shop,
    ShopChannel,
    TraineeBusiness,
    Worker,
)
from machinery import scoping as machinery_scoping
from trainees.scoping import (
    coordinated_county_id,
    is_programme_manager,
    may_see_personal_data,
    runs_a_county,
    runs_county,
)

__all__ = [
    "is_owner",
    "may_act_for_shop",
    "may_import_sales",
    "may_lock_months",
    "may_manage_jobs",
    "may_see_personal_data",  # a worker's ID number, by the shop's county (trainees' rule)
    "runs_county",
]


def _authenticated(user) -> bool:
    return getattr(user, "is_authenticated", False)


def _county_or_own(queryset: QuerySet, *, own: Q, user) -> QuerySet:
    """Managers: all; a coordinator: their county's; anyone signed in: their own; else none."""
    if is_programme_manager(user):
        return queryset
    if not _authenticated(user):
        return queryset.none()
    county_id = coordinated_county_id(user)
    if county_id is not None:
        own |= Q(county=county_id)
    return queryset.filter(own)


def visible_applications(user) -> QuerySet:
    return _county_or_own(Application.objects.all(), own=Q(trainee__user=user), user=user)


def owned_shop_ids(user) -> QuerySet:
    """The ids of the shops the user owns (a subquery: no join fan-out over owners)."""
    owners = Shop.owners.through.objects
    if not _authenticated(user):
        return owners.none().values("shop_id")
    return owners.filter(trainee__user=user).values("shop_id")


def visible_shops(user) -> QuerySet:
    return _county_or_own(Shop.objects.all(), own=Q(pk__in=owned_shop_ids(user)), user=user)


def _of_visible_shops(queryset: QuerySet, user) -> QuerySet:
    if is_programme_manager(user):
        return queryset
    return queryset.filter(shop__in=visible_shops(user).values("pk"))


def visible_channels(user) -> QuerySet:
    return _of_visible_shops(ShopChannel.objects.all(), user)


def visible_products(user) -> QuerySet:
    return _of_visible_shops(Product.objects.all(), user)


def visible_milestones(user) -> QuerySet:
    return _of_visible_shops(Milestone.objects.all(), user)


def visible_reports(user) -> QuerySet:
    return _of_visible_shops(SalesReport.objects.all(), user)


def visible_jobs(user) -> QuerySet:
    return _of_visible_shops(Job.objects.all(), user)


def visible_workers(user) -> QuerySet:
    """The workers of the visible shops' jobs."""
    if is_programme_manager(user):
        return Worker.objects.all()
    return Worker.objects.filter(pk__in=visible_jobs(user).values("worker"))


def visible_month_locks(user) -> QuerySet:
    """The lock history: for managers and coordinators (whose reports it freezes)."""
    if runs_a_county(user):
        return MonthLock.objects.all()
    return MonthLock.objects.none()


def visible_geographical_indications(user) -> QuerySet:
    """Brands are public facts: anyone may choose one for a product."""
    return GeographicalIndication.objects.all()


def visible_enterprises(user) -> QuerySet:
    return _county_or_own(Enterprise.objects.all(), own=Q(pk__in=[]), user=user)


def _of_shop_or_enterprise(queryset: QuerySet, user, path: str = "") -> QuerySet:
    """Records of a visible shop, or of a co-operative or company of the user's county."""
    if is_programme_manager(user):
        return queryset
    shops = visible_shops(user).values("pk")
    return queryset.filter(
        Q(**{f"{path}shop__in": shops})
        | Q(**{f"{path}enterprise__in": visible_enterprises(user).values("pk")})
    )


def visible_purchases(user) -> QuerySet:
    return _of_shop_or_enterprise(Purchase.objects.all(), user)


def visible_shareholdings(user) -> QuerySet:
    return _of_shop_or_enterprise(Shareholding.objects.all(), user)


def visible_dividends(user) -> QuerySet:
    return _of_shop_or_enterprise(Dividend.objects.all(), user, "shareholding__")


def visible_trainee_businesses(user) -> QuerySet:
    return _county_or_own(TraineeBusiness.objects.all(), own=Q(trainee__user=user), user=user)


_VISIBLE = {
    Application: visible_applications,
    Shop: visible_shops,
    ShopChannel: visible_channels,
    Product: visible_products,
    Milestone: visible_milestones,
    SalesReport: visible_reports,
    Job: visible_jobs,
    Worker: visible_workers,
    MonthLock: visible_month_locks,
    GeographicalIndication: visible_geographical_indications,
    Enterprise: visible_enterprises,
    Purchase: visible_purchases,
    TraineeBusiness: visible_trainee_businesses,
    Shareholding: visible_shareholdings,
    Dividend: visible_dividends,
}


def register() -> None:
    """Serve these rules to the scoped admin (machinery.scoping) and its related-record choices."""
    for model, visible in _VISIBLE.items():
        machinery_scoping.register_visible(model, visible)


def is_owner(user: AbstractBaseUser, shop: Shop) -> bool:
    return owned_shop_ids(user).filter(shop_id=shop.pk).exists()


def may_act_for_shop(user: AbstractBaseUser, shop: Shop) -> bool:
    """Report sales, record milestones and jobs: the shop's owners and whoever runs its county."""
    return runs_county(user, shop.county_id) or is_owner(user, shop)


def may_lock_months(user: AbstractBaseUser, lock: MonthLock | None = None) -> bool:
    """Lock a month, or unlock it (`lock`): programme managers."""
    return is_programme_manager(user)


def may_manage_jobs(user: AbstractBaseUser, job: Job | None = None) -> bool:
    """Add jobs and end one (`job`) in the admin: whoever runs a county (for a job, its shop's
    county). A shop's owners do it on their shop's page (`may_act_for_shop`)."""
    if job is None:
        return runs_a_county(user)
    return runs_county(user, job.shop.county_id)


def may_import_sales(user: AbstractBaseUser) -> bool:
    """Import a file of monthly sales: managers, and coordinators of a county."""
    return runs_a_county(user)
