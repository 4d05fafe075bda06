"""Review freshness: an approved item is exactly what its reviewer approved, against the same articles."""

from __future__ import annotations

from collections.abc import Iterator

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.model import ReviewStatus
from quizgen.core.review_hash import review_hash

CHANGED = Rule(
    "QG601",
    "changed-since-approval",
    Severity.ERROR,
    "An approved item's review hash matches its content and the text of the articles it cites.",
    """\
The hash covers the content fields (all but ``tags`` and ``review``) and the SHA-256 of every cited article,
so an edit of the item or of a cited article after approval un-approves it. Review the item again and run
``quizgen approve ID --by NAME``, which writes a fresh hash; never edit the hash by hand. While the item has
another error (a quote with a typo), only that error is reported: undoing the mistake restores the
approval, and re-approval is asked for only once the item is valid again.

Fails (the prompt was edited after approval):

```yaml
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold now?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: approved, by: Ana, on: 2025-06-04, hash: "sha256:5530192f597463bd"}
```

Passes:

```yaml
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: approved, by: Ana, on: 2025-06-04, hash: "sha256:5530192f597463bd"}
```
""",
)

INCOMPLETE = Rule(
    "QG602",
    "approval-incomplete",
    Severity.ERROR,
    "An approved item records who approved it, when, and the review hash.",
    """\
Approval is a record, not a flag: ``quizgen approve ID --by NAME`` writes all three.

Fails:

```yaml
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: approved}
```

Passes:

```yaml
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```
""",
)

RULES = (CHANGED, INCOMPLETE)


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Compare an approved item's recorded hash with a fresh one."""
    q = item.question
    review = q.review
    if review.status is not ReviewStatus.APPROVED:
        return
    missing = [k for k, v in (("by", review.by), ("on", review.on), ("hash", review.hash)) if v is None]
    if missing:
        yield diag(
            INCOMPLETE,
            review.location,
            f"approved without {', '.join(missing)}: run `quizgen approve "
            f"{q.id} --by NAME`, which writes them",
            item=q.id,
        )
        return
    if any(e.source not in ctx.digests for e in q.evidence):
        return  # a cited article did not load: that is reported once, where it failed, not here per item
    fresh = review_hash(q, ctx.digests)
    if fresh != review.hash:
        yield diag(
            CHANGED,
            q.at("review"),
            f"changed since approval by {review.by} on {review.on}: the item or an "
            f"article it cites was edited; review it again and run `quizgen approve {q.id} --by NAME`",
            item=q.id,
        )
