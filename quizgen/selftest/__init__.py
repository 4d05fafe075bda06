"""``quizgen selftest``: a terminal quiz over the approved bank, with spaced repetition (FSRS) that never loses
an answer.

- :mod:`~quizgen.selftest.grading`: pure answer checking (verdicts, character diffs).
- :mod:`~quizgen.selftest.scheduler`: the only module importing ``fsrs``.
- :mod:`~quizgen.selftest.state`: the SQLite store (schema version, migrations, one transaction per answer).
- :mod:`~quizgen.selftest.pool`: which questions a session asks, and how each is shown and graded.
- :mod:`~quizgen.selftest.session`: the engine, with injected clock, randomness and I/O.
- :mod:`~quizgen.selftest.stats`: ``quizgen selftest stats``.
- :mod:`~quizgen.selftest.terminal`: the line-mode terminal (a tty, a pipe, or a file of answers).
- :mod:`~quizgen.selftest.run`: the commands assembled: pool, state file, scheduler, clock and terminal wired
  into an engine; stats and proposed aliases (what :mod:`quizgen.api` calls).
"""
