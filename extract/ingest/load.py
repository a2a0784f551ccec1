"""Load every input file of a folder into raw.articles, recording what became of each directory entry.

Every entry the walk meets (file, .jsonl line, hidden file, symbolic link, named pipe, unreadable file or
folder) ends up in exactly one state, written to raw.load_log:
- loaded: its article is in raw.articles (new, or already there from the same file);
- duplicate: its text equals, up to whitespace (paragraph spacing, line wrapping), an article loaded from
  another file (or an earlier line);
- rejected: it cannot be an article; the reason also goes to audit.rejected_articles.
Files are told apart by their path below the folder, so the same name in two folders is two files.
Articles are keyed by the hash of their normalised text, so a re-run adds no rows.
"""
from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from extract.ids import content_hash
from extract.ingest.normalise import dedup_key
from extract.ingest.readers import RawArticle, Rejected, read_file
from extract.warehouse import connect, ensure_schema, insert_rows, transaction

ARTICLE_COLUMNS = ["article_id", "content_hash", "source_file", "source_path", "source_format", "source_line",
                   "title", "url", "outlet", "published_raw", "text", "n_chars", "first_run_id", "ingested_at",
                   "source_relpath", "dedup_hash"]
LOG_COLUMNS = ["run_id", "source_file", "source_path", "source_line", "status", "article_id", "reason",
               "logged_at", "source_relpath"]


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


_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device"}


def walk(folder: Path) -> Iterator[Path | Rejected]:
    """Every entry below `folder`, in a stable order: a Path for each file to read (symbolic links to files
    are followed), a Rejected for every other entry (hidden, broken link, link to a folder, pipe, device,
    unreadable folder). Never opens anything but folders."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Rejected(str(folder), folder.name, None, f"the folder could not be read: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        reject = partial(Rejected, str(path), entry.name, None)   # reject(reason)
        try:
            if entry.name.startswith("."):
                what = "folder" if entry.is_dir(follow_symlinks=False) else "file"
                yield reject(f"hidden {what} (its name starts with '.'): not read")
            elif entry.is_symlink():
                target = os.readlink(path)
                if not path.exists():
                    yield reject(f"broken symbolic link (to {target}): nothing to read")
                elif path.is_dir():
                    yield reject(f"symbolic link to a folder ({target}): not followed")
                elif path.is_file():
                    yield path
                else:
                    yield reject(f"symbolic link to {_kind(path.stat().st_mode)} ({target}): not read")
            elif entry.is_dir(follow_symlinks=False):
                yield from walk(path)
            elif entry.is_file(follow_symlinks=False):
                yield path
            else:
                yield reject(f"not a regular file ({_kind(entry.stat(follow_symlinks=False).st_mode)}): not read")
        except OSError as exc:
            yield reject(f"the entry could not be examined: {exc.strerror or exc}")


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "a special file")


def input_files(folder: Path) -> list[Path]:
    """Every file below `folder` that the loader reads, in a stable order."""
    if not folder.is_dir():
        raise FileNotFoundError(f"articles folder {folder} does not exist or is not a folder")
    return [p for p in walk(folder) if isinstance(p, Path)]


def _items(folder: Path) -> Iterator[RawArticle | Rejected]:
    for entry in walk(folder):
        if isinstance(entry, Rejected):
            yield entry
            continue
        try:
            yield from read_file(entry)
        except Exception as exc:   # noqa: BLE001 - a reader bug must lose one file, not the run
            yield Rejected(str(entry), entry.name, None, f"the file could not be read: {type(exc).__name__}: {exc}")


def _relpath(folder: Path, source_path: str) -> str:
    try:
        return Path(source_path).relative_to(folder).as_posix()
    except ValueError:
        return source_path


def load_articles(folder: Path, warehouse: Path, run_id: str) -> LoadReport:
    if not folder.is_dir():
        raise FileNotFoundError(f"articles folder {folder} does not exist or is not a folder")
    report = LoadReport()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with connect(warehouse) as con:
        ensure_schema(con)
        with transaction(con):
            _fill_dedup_hashes(con)
            con.execute("delete from raw.load_log where run_id = ?", [run_id])
            con.execute("delete from audit.rejected_articles where run_id = ?", [run_id])
            known = {row[0]: (row[1], row[2], row[3]) for row in con.execute(
                "select dedup_hash, coalesce(source_relpath, source_file), source_line, article_id "
                "from raw.articles").fetchall()}
            articles: list[tuple] = []
            log: list[tuple] = []
            rejected: list[tuple] = []
            for item in _items(folder):
                report.seen += 1
                rel = _relpath(folder, item.source_path)
                entry = [run_id, item.source_file, item.source_path, item.source_line]
                if isinstance(item, Rejected):
                    report.rejected += 1
                    report.rejections.append((item.source_file, item.reason))
                    log.append((*entry, "rejected", None, item.reason, now, rel))
                    rejected.append((run_id, rel, item.reason, now))
                    continue
                key = content_hash(dedup_key(item.text))
                if key in known and known[key][:2] != (rel, item.source_line):
                    report.duplicate += 1
                    first_file, first_line, article_id = known[key]
                    where = first_file + (f" line {first_line}" if first_line else "")
                    log.append((*entry, "duplicate", article_id, f"same text as {where}", now, rel))
                    continue
                if key not in known:
                    digest = content_hash(item.text)
                    articles.append((digest[:16], digest, item.source_file, item.source_path, item.source_format,
                                     item.source_line, item.title, item.url, item.outlet, item.published,
                                     item.text, len(item.text), run_id, now, rel, key))
                    known[key] = (rel, item.source_line, digest[:16])
                report.loaded += 1
                log.append((*entry, "loaded", known[key][2], item.note, now, rel))
            insert_rows(con, "raw.articles", ARTICLE_COLUMNS, articles)
            insert_rows(con, "raw.load_log", LOG_COLUMNS, log)
            insert_rows(con, "audit.rejected_articles", ["run_id", "source_file", "reason", "rejected_at"], rejected)
    return report


def _fill_dedup_hashes(con) -> None:
    """Articles loaded by a version without dedup_hash get theirs."""
    for article_id, text in con.execute("select article_id, text from raw.articles where dedup_hash is null"
                                        ).fetchall():
        con.execute("update raw.articles set dedup_hash = ? where article_id = ?",
                    [content_hash(dedup_key(text)), article_id])
