"""The derived tables as stored, and as a rebuild from the raw rows would make them.

`assert_kept_right(step)` compares the two (the rebuild is rolled back, so the stored rows
stay as the services left them): a service that forgot a refresh fails on its own step."""

from django.db import transaction

from incubator import poor_households, sales_summary
from incubator.models import MonthlySales, PoorOwnerHousehold, PoorWorkerHousehold, ShopYearSales
from trainees import training_summary
from trainees.models import CertifiedTrainee, TraineeMonth

TABLES = {
    "training summary: months": (
        TraineeMonth,
        [
            "trainee_id",
            "month",
            "county_id",
            "household_id",
            "completions",
            "poor_completions",
            "certificates",
        ],
    ),
    "training summary: certified trainees": (CertifiedTrainee, ["cohort_id", "trainee_id"]),
    "poor households of owners": (
        PoorOwnerHousehold,
        ["shop_id", "household_id", "incubating_on"],
    ),
    "poor households of workers": (
        PoorWorkerHousehold,
        ["job_id", "shop_id", "household_id", "starts_on", "ends_on"],
    ),
    "sales summary: months": (
        MonthlySales,
        [
            "county_id",
            "month",
            "channel",
            "reports",
            "sales",
            "agricultural_weight",
            "active_shops",
            "on_time_shops",
        ],
    ),
    "sales summary: shop years": (
        ShopYearSales,
        ["shop_id", "year", "channel", "sales", "active_at_end"],
    ),
}
REBUILDS = (training_summary.rebuild, poor_households.rebuild, sales_summary.rebuild)


def stored() -> dict[str, list[tuple]]:
    return {
        name: sorted(model.objects.values_list(*fields)) for name, (model, fields) in TABLES.items()
    }


def rebuilt() -> dict[str, list[tuple]]:
    """Every table recomputed from the raw rows, then put back as it was."""
    savepoint = transaction.savepoint()
    try:
        for rebuild in REBUILDS:
            rebuild()
        return stored()
    finally:
        transaction.savepoint_rollback(savepoint)


def assert_kept_right(step: str) -> None:
    now, expected = stored(), rebuilt()
    wrong = [name for name in TABLES if now[name] != expected[name]]
    assert not wrong, f"after {step}: {', '.join(wrong)} not as recomputed"
    for name in TABLES:
        assert now[name] == expected[name], f"after {step}: {name}"


class Run:
    """Calls a service, then compares the derived tables with a rebuild."""

    def __init__(self):
        self.called = set()

    def __call__(self, service_name: str, service, /, **kwargs):
        result = service(**kwargs)
        self.called.add(service_name)
        assert_kept_right(service_name)
        return result
