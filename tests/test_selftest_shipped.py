"""Every approved item of the shipped bank, answered with its own answer or an alias, is graded correct."""

from __future__ import annotations

from pathlib import Path

from quizgen.core.model import QuestionType
from quizgen.selftest.grading import Verdict
from quizgen.selftest.pool import Filters, grade, select, show

ROOT = Path(__file__).resolve().parent.parent


def test_the_bank_answers_its_own_questions() -> None:
    pool = select(ROOT, Filters())
    assert pool.questions and not pool.with_errors
    for q in pool.questions.values():
        shown = show(q, 5)
        if q.type is QuestionType.MCQ:
            answers = ["ABCDEFGHIJ"[[right for _, right in shown.options].index(True)], str(q.answer)]
        elif q.type is QuestionType.TRUE_FALSE:
            answers = ["t" if q.answer else "f"]
        else:
            answers = [shown.expected, *(q.aliases if q.type is QuestionType.SHORT else ())]
        for answer in answers:
            result = grade(shown, answer)
            assert not isinstance(result, str) and result.verdict is Verdict.CORRECT, (q.id, answer, result)
