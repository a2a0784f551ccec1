"""Load every input file of a folder into raw.articles, recording what became of each file.

Each file (each line of a .jsonl file) ends up in exactly one state, written to raw.load_log:
- loaded: its article is in raw.articles (new, or already there from a file of the same name);
- duplicate: its normalised text equals an article loaded from another file (or an earlier line);
- rejected: it cannot be an article; the reason also goes to audit.rejected_articles.
Articles are keyed by the hash of their normalised text, so a re-run adds no rows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from extract.ids import content_hash
from extract.ingest.readers import RawArticle, Rejected, read_file
from extract.warehouse import connect, ensure_schema


@dataclass
class LoadReport:
    seen: int = 0
    loaded: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)  # (source_file, reason)

    def as_dict(self) -> dict:
        return {"seen": self.seen, "loaded": self.loaded, "duplicate": self.duplicate,
                "rejected": self.rejected, "rejections": self.rejections}


def input_files(folder: Path) -> list[Path]:
    """Every regular, non-hidden file below `folder`, in a stable order."""
    if not folder.is_dir():
        raise FileNotFoundError(f"articles folder {folder} does not exist or is not a folder")
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def load_articles(folder: Path, warehouse: Path, run_id: str) -> LoadReport:
    report = LoadReport()
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with connect(warehouse) as con:
        ensure_schema(con)
        con.execute("delete from raw.load_log where run_id = ?", [run_id])
        con.execute("delete from audit.rejected_articles where run_id = ?", [run_id])
        known = {row[0]: (row[1], row[2]) for row in con.execute(
            "select content_hash, source_file, source_line from raw.articles").fetchall()}
        for path in input_files(folder):
            for item in read_file(path):
                report.seen += 1
                if isinstance(item, Rejected):
                    report.rejected += 1
                    report.rejections.append((item.source_file, item.reason))
                    _log(con, run_id, item.source_file, item.source_path, item.source_line, "rejected", None,
                         item.reason, now)
                    con.execute("insert into audit.rejected_articles values (?, ?, ?, ?)",
                                [run_id, item.source_file, item.reason, now])
                    continue
                digest = content_hash(item.text)
                article_id = digest[:16]
                if digest in known and known[digest] != (item.source_file, item.source_line):
                    report.duplicate += 1
                    first_file, first_line = known[digest]
                    where = first_file + (f" line {first_line}" if first_line else "")
                    _log(con, run_id, item.source_file, item.source_path, item.source_line, "duplicate",
                         article_id, f"same text as {where}", now)
                    continue
                if digest not in known:
                    _insert_article(con, item, digest, article_id, run_id, now)
                    known[digest] = (item.source_file, item.source_line)
                report.loaded += 1
                _log(con, run_id, item.source_file, item.source_path, item.source_line, "loaded", article_id,
                     None, now)
    return report


def _insert_article(con, item: RawArticle, digest: str, article_id: str, run_id: str, now: dt.datetime) -> None:
    con.execute(
        """insert into raw.articles (article_id, content_hash, source_file, source_path, source_format,
               source_line, title, url, outlet, published_raw, text, n_chars, first_run_id, ingested_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [article_id, digest, item.source_file, item.source_path, item.source_format, item.source_line,
         item.title, item.url, item.outlet, item.published, item.text, len(item.text), run_id, now])


def _log(con, run_id, source_file, source_path, source_line, status, article_id, reason, now) -> None:
    con.execute("insert into raw.load_log values (?, ?, ?, ?, ?, ?, ?, ?)",
                [run_id, source_file, source_path, source_line, status, article_id, reason, now])
