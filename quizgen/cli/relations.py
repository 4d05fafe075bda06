"""``quizgen relations``: which items test the same fact and which give another's answer away, per deck."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from quizgen.cli.app import Root, app, fail


class RelationsFormat(str, enum.Enum):
    """Output formats of ``quizgen relations``."""

    text = "text"
    json = "json"


@app.command()
def relations(
    root: Root = Path("."),
    deck: Annotated[
        str | None,
        typer.Option("--deck", "-d", help="Only this deck (its name or file stem).", show_default=False),
    ] = None,
    output: Annotated[
        RelationsFormat, typer.Option("--format", "-f", help="text or json.")
    ] = RelationsFormat.text,
) -> None:
    """List, per deck, the groups of items that test the same fact and the items that give others away.

    Printed forms and self-test sessions keep related items apart; `related: {ignore: [...], reason: ...}`
    in the bank silences a relation the analysis gets wrong, `excludes: [...]` adds one it misses.
    """
    from quizgen import api
    from quizgen.core.errors import QuizgenError

    try:
        found = api.relations(root, deck=deck)
    except QuizgenError as exc:
        raise fail(exc) from None
    if output is RelationsFormat.json:
        data = {
            "decks": [
                {
                    "deck": r.deck,
                    "stem": r.stem,
                    "items": len(r.items),
                    "groups": [
                        {"tag": f"quizgen::group::{g[0]}", "items": list(g)} for g in r.relations.groups
                    ],
                    "leaks": [
                        {"giver": x.giver, "taker": x.taker, "reason": x.reason, "where": x.where}
                        for x in r.relations.leaks
                    ],
                    "excluded": [list(p) for p in r.relations.excluded],
                    "eliminations": [
                        {
                            "giver": x.giver,
                            "taker": x.taker,
                            "option": x.option,
                            "reason": x.reason,
                            "where": x.where,
                        }
                        for x in r.relations.eliminations
                    ],
                }
                for r in found
            ]
        }
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    out: list[str] = []
    for r in found:
        rel = r.relations
        related = set(rel.apart())
        out.append(
            f"{r.deck}: {len(r.items)} items, {len(rel.groups)} same-fact groups, {len(rel.leaks)} leaks, "
            f"{len(rel.eliminations)} eliminations, {len(rel.excluded)} reviewer exclusions; "
            f"{len(related)} items related"
        )
        for g in rel.groups:
            out.append(f"  same fact (quizgen::group::{g[0]}):")
            out += [f"    {i}" for i in g]
        if rel.leaks:
            out.append("  leaks (giver -> taker):")
            out += [f"    {x.giver} -> {x.taker}: {x.reason}" for x in rel.leaks]
        if rel.eliminations:
            out.append("  eliminations (giver -> taker, the option it rules out):")
            out += [
                f"    {x.giver} -> {x.taker} (distractors.{x.option}): {x.reason}" for x in rel.eliminations
            ]
        if rel.excluded:
            out.append("  kept apart by reviewers:")
            out += [f"    {a} <-> {b}" for a, b in rel.excluded]
    typer.echo("\n".join(out))
