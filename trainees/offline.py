"""Learning without a connection (docs/learning.md, "Offline"): who the phone's pages belong
to, the progress made offline and recorded when it arrives, and what a course saved for
offline holds.

The server stays the judge: progress made offline goes through the same services as
progress made online (`learning.lesson_mark_done`, `learning.quiz_attempt_record`, which
mark, check the completion rule and issue the certificate in one transaction).
"""

import datetime
import json
import uuid
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from courses.models import LessonPage
from courses.quiz import mark_quiz, quiz_version, unanswered
from courses.translations import page_in_reader_language
from trainees import learning
from trainees.choices import OfflineProgressKind
from trainees.models import OfflineProgress, Trainee

READER_SALT = "trainees.offline.reader"
TITLE_LENGTH = 200
MOST_QUESTIONS = 100
MOST_CHOICES = 50


def reader_token(user: AbstractBaseUser) -> str:
    """Who a phone's kept pages and waiting progress belong to: the same for a user on every
    visit, unguessable for another."""
    return salted_hmac(READER_SALT, str(user.pk)).hexdigest()[:20]


class BadProgress(ValueError):
    """A payload that is not progress made by our script: answered 400, nothing changed."""


@dataclass(frozen=True)
class Sent:
    """One item of progress as the phone sent it, checked for its shape."""

    uuid: uuid.UUID
    reader: str
    kind: str
    lesson_id: int
    title: str
    answers: list[frozenset[int]] | None
    quiz: str
    made_at: datetime.datetime | None


def _answers(raw) -> list[frozenset[int]]:
    if not isinstance(raw, list) or not 0 < len(raw) <= MOST_QUESTIONS:
        raise BadProgress(_("The answers must be a list with one list of choices a question."))
    answers = []
    for chosen in raw:
        if not isinstance(chosen, list) or len(chosen) > MOST_CHOICES:
            raise BadProgress(_("The answers must be a list with one list of choices a question."))
        if not all(type(number) is int and 0 <= number < MOST_CHOICES for number in chosen):
            raise BadProgress(_("Each choice must be the number of one of the question’s choices."))
        answers.append(frozenset(chosen))
    return answers


def parse_sent(body: bytes) -> Sent:
    """The item in a request's body, or BadProgress saying what is wrong with it."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadProgress(_("The progress sent is not JSON.")) from None
    if not isinstance(data, dict):
        raise BadProgress(_("The progress sent is not JSON."))
    try:
        made_id = uuid.UUID(str(data.get("id", "")))
    except ValueError:
        raise BadProgress(_("The progress sent has no valid id.")) from None
    kind = data.get("kind")
    if kind not in OfflineProgressKind.values:
        raise BadProgress(_("The progress sent is neither a lesson done nor a quiz’s answers."))
    lesson_id = data.get("lesson")
    if type(lesson_id) is not int or lesson_id <= 0:
        raise BadProgress(_("The progress sent names no lesson."))
    reader, title, quiz = data.get("reader"), data.get("title", ""), data.get("quiz", "")
    if not isinstance(reader, str) or not isinstance(title, str) or not isinstance(quiz, str):
        raise BadProgress(_("The progress sent is not JSON."))
    made_at = None
    if data.get("made"):
        made_at = parse_datetime(str(data["made"])) if isinstance(data["made"], str) else None
        if made_at is None or made_at.tzinfo is None:
            raise BadProgress(_("The time the progress was made is not a valid time."))
    answers = _answers(data.get("answers")) if kind == OfflineProgressKind.QUIZ else None
    return Sent(
        uuid=made_id,
        reader=reader,
        kind=kind,
        lesson_id=lesson_id,
        title=" ".join(title.split())[:TITLE_LENGTH],
        answers=answers,
        quiz=quiz,
        made_at=made_at,
    )


class Refused(Exception):
    """Progress that arrived too late to count: the trainee is told why."""


def _apply(trainee: Trainee, user, sent: Sent) -> str:
    """Record the progress through the learning services; what the trainee is told."""
    lesson = LessonPage.objects.filter(pk=sent.lesson_id).first()
    title = sent.title or str(sent.lesson_id)
    if lesson is None or not lesson.live:
        raise Refused(
            _(
                "“%(lesson)s” was removed from its course while you were offline: what you "
                "did on it could not be kept."
            )
            % {"lesson": title}
        )
    lesson = lesson.specific
    title = page_in_reader_language(lesson).title
    course = lesson.course
    enrolment = learning.enrolment_for(user=user, course=course)
    if enrolment is None:
        raise Refused(
            _(
                "You are no longer enrolled in %(course)s: what you did offline on "
                "“%(lesson)s” could not be kept."
            )
            % {"course": page_in_reader_language(course).title, "lesson": title}
        )
    if sent.kind == OfflineProgressKind.DONE:
        certificate = learning.lesson_mark_done(enrolment=enrolment, lesson=lesson)
        said = _("“%(lesson)s” is marked as done.") % {"lesson": title}
    else:
        quiz = lesson.quiz()
        if quiz is None or quiz_version(quiz) != sent.quiz:
            raise Refused(
                _(
                    "The quiz of “%(lesson)s” changed while you were offline: your answers "
                    "were not marked. Take it again."
                )
                % {"lesson": title}
            )
        if len(sent.answers) != len(quiz["questions"]) or unanswered(sent.answers):
            raise BadProgress(_("The answers do not answer each question of the quiz."))
        for chosen, question in zip(sent.answers, quiz["questions"], strict=True):
            if max(chosen) >= len(question["choices"]) or (
                len(chosen) > 1 and not question["multiple"]
            ):
                raise BadProgress(
                    _("Each choice must be the number of one of the question’s choices.")
                )
        result = mark_quiz(quiz, sent.answers)
        _attempt, certificate = learning.quiz_attempt_record(
            enrolment=enrolment, lesson=lesson, answers=sent.answers, result=result
        )
        if result.passed:
            said = _("Quiz of “%(lesson)s”: you scored %(score)s%% and passed.") % {
                "lesson": title,
                "score": result.score,
            }
        else:
            said = _(
                "Quiz of “%(lesson)s”: you scored %(score)s%%; the pass mark is %(mark)s%%. "
                "Take it again."
            ) % {"lesson": title, "score": result.score, "mark": quiz["pass_mark"]}
    if certificate is not None:
        said += "" if said.endswith("。") else " "  # Chinese sentences follow without a space
        said += _("You have completed %(course)s: your certificate is %(number)s.") % {
            "course": page_in_reader_language(course).title,
            "number": certificate.number,
        }
    return said


class NotYours(Exception):
    """An id already received from another trainee."""


def progress_receive(*, trainee: Trainee, user, sent: Sent) -> tuple[OfflineProgress, bool]:
    """Record progress made offline once: the kept row and whether it arrived before.
    BadProgress for answers that do not fit their quiz (nothing kept)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = OfflineProgress.objects.create(
                    uuid=sent.uuid,
                    trainee=trainee,
                    lesson_ref=sent.lesson_id,
                    kind=sent.kind,
                    made_at=sent.made_at,
                )
        except IntegrityError:
            row = OfflineProgress.objects.get(uuid=sent.uuid)
            if row.trainee_id != trainee.pk:
                raise NotYours from None
            return row, True
        try:
            with transaction.atomic():
                row.message = _apply(trainee, user, sent)
                row.recorded = True
        except (Refused, ValidationError) as refused:
            row.message = (
                " ".join(refused.messages) if isinstance(refused, ValidationError) else str(refused)
            )
        if LessonPage.objects.filter(pk=sent.lesson_id).exists():
            row.lesson_id = sent.lesson_id
        row.save(update_fields=["message", "recorded", "lesson"])
    return row, False


def refused_lately(trainee: Trainee, days: int = 14) -> list[OfflineProgress]:
    """Progress sent from the phone in the last `days` that could not be kept: My learning
    says so, in case the phone that sent it was closed before it could."""
    from django.utils import timezone

    since = timezone.now() - datetime.timedelta(days=days)
    return list(
        OfflineProgress.objects.filter(
            trainee=trainee, recorded=False, received_at__gte=since
        ).order_by("-received_at")[:10]
    )
