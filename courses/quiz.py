"""Marking of a lesson quiz. Pure functions: the caller decides what to keep."""

import hashlib
import json
from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True)
class QuestionResult:
    chosen: frozenset[int]
    correct_choices: frozenset[int]

    @property
    def correct(self) -> bool:
        return self.chosen == self.correct_choices


@dataclass(frozen=True)
class QuizResult:
    questions: list[QuestionResult]
    pass_mark: int

    @property
    def score(self) -> int:
        """Share of questions answered right, in whole percent."""
        if not self.questions:
            return 0
        right = sum(1 for question in self.questions if question.correct)
        return round(100 * right / len(self.questions))

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_mark


def answer_field(question_number: int) -> str:
    """Name of the form field that carries the answers to one question."""
    return f"q{question_number}"


def chosen_answers(quiz, data: QueryDict) -> list[frozenset[int]]:
    """The choice numbers ticked for each question; anything unknown is ignored."""
    chosen = []
    for number, question in enumerate(quiz["questions"]):
        valid = range(len(question["choices"]))
        picked = set()
        for raw in data.getlist(answer_field(number)):
            if raw.isdecimal() and int(raw) in valid:
                picked.add(int(raw))
        if not question["multiple"] and len(picked) > 1:
            picked = set()
        chosen.append(frozenset(picked))
    return chosen


def unanswered(chosen: list[frozenset[int]]) -> list[int]:
    """The numbers (from 0) of the questions given no answer: a quiz is marked only when
    every question has one, so an empty form is never a 0% attempt."""
    return [number for number, picked in enumerate(chosen) if not picked]


def mark_quiz(quiz, chosen: list[frozenset[int]]) -> QuizResult:
    results = []
    for question, picked in zip(quiz["questions"], chosen, strict=True):
        correct = frozenset(i for i, choice in enumerate(question["choices"]) if choice["correct"])
        results.append(QuestionResult(chosen=picked, correct_choices=correct))
    return QuizResult(questions=results, pass_mark=quiz["pass_mark"])


def quiz_version(quiz) -> str:
    """A short fingerprint of a quiz's questions, choices, right answers and pass mark: the
    answers given offline are marked only against the quiz they answered."""
    shape = {
        "pass_mark": quiz["pass_mark"],
        "questions": [
            {
                "text": str(question["question"]),
                "multiple": bool(question["multiple"]),
                "choices": [
                    [str(choice["text"]), bool(choice["correct"])] for choice in question["choices"]
                ],
            }
            for question in quiz["questions"]
        ],
    }
    text = json.dumps(shape, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
