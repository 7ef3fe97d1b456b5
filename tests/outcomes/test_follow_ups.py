"""The follow-up indicators against a world counted by hand.

Today is 2026-12-15. Certificates, each with its follow-ups at 3, 6 and 12 months:

- c1, county A, issued 2026-01-10: due 04-10, 07-10, 2027-01-10 (not yet due).
  3 months: self-employed, sells on Taobao. 6 months: employed, sells offline only.
- c2, county A, issued 2026-02-20: due 05-20, 08-20, 2027-02-20 (not yet due).
  3 months: not working. 6 months: unanswered.
- c3, county B, issued 2025-12-01: due 2026-03-01, 06-01, 12-01.
  3 months: employed, sells on Douyin. 6 and 12: unanswered.
- c4, county A, issued 2026-01-05 and revoked: none of its follow-ups count, though its
  3-month one is answered (employed).

For 2026, the whole prefecture: due at 3 months c1, c2, c3 (3), answered 3: employed 1
(c3), self-employed 1 (c1), selling online 2 (c1 Taobao, c3 Douyin). At 6 months c1, c2,
c3 (3), answered 1 (c1: employed, offline only). At 12 months c3 (1), answered 0.
Altogether 7 due, 4 answered (57.1 %): employed 2 (50.0 %), self-employed 1 (25.0 %),
selling online 2 (50.0 %). County A alone: 4 due (c1, c2 at 3 and 6), 3 answered.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine

from outcomes.areas import WHOLE_PREFECTURE, area_from_code
from outcomes.follow_ups import follow_ups
from outcomes.indicators import Scope
from outcomes.periods import period_from_text
from trainees import follow_ups as trainee_follow_ups
from trainees.choices import FollowUpWork, IncomeBand, SellingChannel
from trainees.factories import CertificateFactory, EnrolmentFactory, TraineeFactory
from trainees.models import County, FollowUp

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 15)
D = datetime.date
P = Decimal


def certificate(county, issued_on, revoked=False):
    made = CertificateFactory(
        enrolment=EnrolmentFactory(trainee=TraineeFactory(county=county)),
        issued_on=issued_on,
        revoked_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC) if revoked else None,
    )
    trainee_follow_ups.follow_ups_schedule(certificates=[made])
    return made


def answer(made, months, working, channels=()):
    trainee_follow_ups.follow_up_answer(
        follow_up=FollowUp.objects.get(certificate=made, months=months),
        working=working,
        own_shop=bool(channels),
        channels=list(channels),
        income_band=IncomeBand.FROM_1000,
        consents_to_show=False,
    )


@pytest.fixture
def counties():
    county_a, county_b = County.objects.order_by("code")[:2]
    c1 = certificate(county_a, D(2026, 1, 10))
    answer(c1, 3, FollowUpWork.SELF_EMPLOYED, [SellingChannel.TAOBAO])
    answer(c1, 6, FollowUpWork.EMPLOYED, [SellingChannel.OFFLINE])
    c2 = certificate(county_a, D(2026, 2, 20))
    answer(c2, 3, FollowUpWork.NOT_WORKING)
    c3 = certificate(county_b, D(2025, 12, 1))
    answer(c3, 3, FollowUpWork.EMPLOYED, [SellingChannel.DOUYIN])
    c4 = certificate(county_a, D(2026, 1, 5))
    answer(c4, 3, FollowUpWork.EMPLOYED)
    c4.revoked_at = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    c4.save()
    return county_a, county_b


def scope(area=WHOLE_PREFECTURE, period="2026") -> Scope:
    return Scope(area=area, period=period_from_text(period), today=TODAY)


def test_the_prefectures_follow_ups_of_2026(counties):
    figures = follow_ups(scope())

    assert (figures["due"], figures["answered"], figures["response_rate"]) == (7, 4, P("57.1"))
    assert (figures["employed"], figures["employed_share"]) == (2, P("50.0"))
    assert (figures["self_employed"], figures["self_employed_share"]) == (1, P("25.0"))
    assert (figures["selling_online"], figures["selling_online_share"]) == (2, P("50.0"))
    three, six, twelve = (figures["by_months"][months] for months in (3, 6, 12))
    assert (three["due"], three["answered"], three["response_rate"]) == (3, 3, P("100.0"))
    assert (three["employed"], three["self_employed"], three["selling_online"]) == (1, 1, 2)
    assert three["selling_online_share"] == P("66.7")
    assert (six["due"], six["answered"], six["employed"], six["selling_online"]) == (3, 1, 1, 0)
    assert (twelve["due"], twelve["answered"], twelve["response_rate"]) == (1, 0, P("0.0"))
    assert twelve["employed_share"] is None  # nobody answered: no share


def test_a_countys_follow_ups(counties):
    county_a, county_b = counties

    a = follow_ups(scope(area_from_code(county_a.code)))
    b = follow_ups(scope(area_from_code(county_b.code)))

    assert (a["due"], a["answered"], a["employed"], a["self_employed"]) == (4, 3, 1, 1)
    assert a["by_months"][12]["due"] == 0
    assert (b["due"], b["answered"], b["selling_online"]) == (3, 1, 1)


def test_only_the_follow_ups_due_in_the_period_and_by_today_count(counties):
    assert follow_ups(scope(period="2026-05"))["due"] == 1  # c2 at 3 months
    assert follow_ups(scope(period="2025"))["due"] == 0
    before_the_summer = Scope(
        area=WHOLE_PREFECTURE, period=period_from_text("2026"), today=D(2026, 6, 30)
    )
    assert follow_ups(before_the_summer)["due"] == 4  # c1, c2, c3 at 3; c3 at 6


def test_one_query_whatever_the_number_of_follow_ups(counties, django_assert_num_queries):
    with django_assert_num_queries(1):
        follow_ups(scope())
    certificate(counties[0], D(2026, 3, 1))
    with django_assert_num_queries(1):
        assert follow_ups(scope())["due"] == 9


def test_the_api_gives_the_follow_ups_in_its_figures(client, counties):
    from tests.outcomes.test_api import get, new_token

    _, plain = new_token()

    with time_machine.travel(datetime.datetime(2026, 12, 15, 12, tzinfo=datetime.UTC)):
        figures = get(client, plain, period="2026").json()["figures"]["follow_ups"]

    assert (figures["due"], figures["answered"], figures["response_rate"]) == (7, 4, "57.1")
    assert figures["by_months"]["3"]["selling_online_share"] == "66.7"
    assert figures["by_months"]["12"]["employed_share"] is None
