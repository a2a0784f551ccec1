"""The publication date where the text gives it: issue 10 judges text mode by the share of articles whose
text states their publication date (in any common writing) that the warehouse dates right. score.py counts
every article, including those whose text carries no date at all; this counts only the ones that can be got
right from the text alone."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from extract.nlp.dates import MONTH_NAMES
from extract.warehouse import connect

_MONTHS = ("January February March April May June July August September October November December").split()


def writings(day: dt.date) -> list[str]:
    """Ways an English-language page writes `day` in a dateline, byline or stamp (compared case-folded)."""
    month = MONTH_NAMES[day.month - 1]
    short = month[:3]
    d, m, y = day.day, day.month, day.year
    nth = f"{d}{'th' if d in (11, 12, 13) else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"
    return [
        f"{month} {nth}, {y}",
        f"{nth} {month} {y}",
        day.isoformat(),
        f"{y}/{m:02d}/{d:02d}",
        f"{month} {d}, {y}",
        f"{short} {d}, {y}",
        f"{short}. {d}, {y}",
        f"{d} {month} {y}",
        f"{d:02d} {month} {y}",
        f"{d} {short} {y}",
        f"{d:02d} {short} {y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{m}/{d}/{y}",
    ]


def text_gives(text: str, day: dt.date) -> bool:
    folded = " ".join(text.split()).casefold()
    return any(re.search(rf"(?<![\w/.-]){re.escape(w.casefold())}(?![\w/-])", folded) for w in writings(day))


def published_where_stated(gold_dir: Path, texts: Path, warehouse: Path) -> tuple[int, int]:
    """(right, stated): articles whose text states their gold publication date, and how many of them the
    warehouse's dim_articles dates right."""
    with connect(warehouse, read_only=True) as con:
        predicted = {
            Path(source).name: str(day) if day else None
            for source, day in con.execute("select source_file, published_date from marts.dim_articles").fetchall()
        }
    right = stated = 0
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text())
        text_file = texts / gold["file"]
        if not gold.get("published") or not text_file.is_file():
            continue
        if text_gives(text_file.read_text(encoding="utf-8"), dt.date.fromisoformat(gold["published"][:10])):
            stated += 1
            right += predicted.get(gold["file"]) == gold["published"][:10]
    return right, stated
