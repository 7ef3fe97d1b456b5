import datetime
import json
from decimal import Decimal

import pytest

from outcomes import indicators
from outcomes.areas import WHOLE_PREFECTURE
from outcomes.periods import period_from_text
from outcomes.serialize import as_json
from tests.outcomes.world import TODAY, build


def test_amounts_stay_exact_and_months_read_as_text():
    data = as_json(
        {"total": Decimal("4500.10"), "by_month": {datetime.date(2025, 1, 1): Decimal("0.00")}}
    )
    assert data == {"total": "4500.10", "by_month": {"2025-01": "0.00"}}


@pytest.mark.django_db
def test_every_figure_of_a_scope_turns_into_json():
    world = build()
    scope = indicators.Scope(area=WHOLE_PREFECTURE, period=period_from_text("2025"), today=TODAY)
    data = json.loads(json.dumps(as_json(indicators.compute(scope))))
    assert data["sales"]["total"] == "4500.00"
    assert data["funnel"][0]["cohort"] == {"id": world.k1.pk, "name": world.k1.name}
    assert data["reporting"]["by_month"]["2025-06"]["share"] == "100.0"
