"""Everyone the admin's scoping tells apart, with records in two counties.

County A holds the trainee of `course` (taught by `instructor`); county B holds
the trainee of `other_course` (taught by `other_instructor`).
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from courses.factories import CoursePageFactory, LessonPageFactory
from trainees import roles
from trainees.factories import (
    CertificateFactory,
    CohortFactory,
    EnrolmentFactory,
    HouseholdFactory,
    ProfileFactory,
    TraineeFactory,
    UserFactory,
)
from trainees.models import Attendance, CohortSession, County, HouseholdStatusChange, QuizAttempt

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@dataclass
class Cast:
    county: County
    other_county: County
    course: object
    other_course: object
    anonymous: object
    trainee_user: object
    another_trainee_user: object
    instructor: object
    other_instructor: object
    coordinator: object
    other_coordinator: object
    manager: object
    records: dict  # model name → (record in county A, record in county B)


def user_in(group: str, county: County | None = None):
    user = UserFactory(groups=[group])
    ProfileFactory(user=user, county=county)
    return user


def records_in(county: County, course, trainee_user, suffix: str) -> dict:
    household = HouseholdFactory(village__township__county=county)
    status_change = HouseholdStatusChange.objects.create(
        household=household, status="lifted_out", valid_from=datetime.date(2020, 1, 1)
    )
    trainee = TraineeFactory(county=county, household=household, user=trainee_user)
    cohort = CohortFactory(county=county, name=f"班级{suffix}")
    cohort.courses.add(course)
    session = CohortSession.objects.create(
        cohort=cohort,
        starts_at=datetime.datetime(2025, 3, 2, 9, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2025, 3, 2, 12, tzinfo=SHANGHAI),
        place=f"县电商公共服务中心{suffix}",
        check_in_code=f"code-{suffix}",
    )
    attendance = Attendance.objects.create(session=session, trainee=trainee, method="roster")
    enrolment = EnrolmentFactory(trainee=trainee, course=course, cohort=cohort)
    lesson = LessonPageFactory(parent=course)
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment, lesson=lesson, answers={}, score=80, passed=True
    )
    certificate = CertificateFactory(enrolment=enrolment)
    return {
        "trainee": trainee,
        "township": household.village.township,
        "village": household.village,
        "household": household,
        "householdstatuschange": status_change,
        "cohort": cohort,
        "cohortsession": session,
        "attendance": attendance,
        "enrolment": enrolment,
        "quizattempt": attempt,
        "certificate": certificate,
    }


def cast() -> Cast:
    county, other_county = County.objects.order_by("code")[:2]
    course = CoursePageFactory(title="直播带货入门")
    other_course = CoursePageFactory(title="网店美工")
    instructor = user_in(roles.INSTRUCTORS)
    other_instructor = user_in(roles.INSTRUCTORS)
    course.instructors.add(instructor)
    course.save()
    other_course.instructors.add(other_instructor)
    other_course.save()
    trainee_user = user_in(roles.TRAINEES, county)
    another_trainee_user = user_in(roles.TRAINEES, other_county)
    here = records_in(county, course, trainee_user, "A")
    there = records_in(other_county, other_course, another_trainee_user, "B")
    return Cast(
        county=county,
        other_county=other_county,
        course=course,
        other_course=other_course,
        anonymous=AnonymousUser(),
        trainee_user=trainee_user,
        another_trainee_user=another_trainee_user,
        instructor=instructor,
        other_instructor=other_instructor,
        coordinator=user_in(roles.COUNTY_COORDINATORS, county),
        other_coordinator=user_in(roles.COUNTY_COORDINATORS, other_county),
        manager=user_in(roles.PROGRAMME_MANAGERS),
        records={name: (here[name], there[name]) for name in here},
    )
