"""``python -m quizgen``."""

from quizgen.cli import run

run()
