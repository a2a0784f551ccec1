"""Load every input file of a folder into raw.articles, recording what became of each directory entry.

Every entry the walk meets (file, .jsonl line, hidden file, symbolic link, named pipe, unreadable file or
folder) ends up in exactly one state, written to raw.load_log:
- loaded: its article is in raw.articles (new, or already there from the same file);
- duplicate: its text equals, up to whitespace (paragraph spacing, line wrapping), an article loaded from
  another file (or an earlier line);
- rejected: it cannot be an article; the reason also goes to audit.rejected_articles.
Files are told apart by their path below the folder, so the same name in two folders is two files.
Articles are keyed by the hash of their normalised text, so a re-run adds no rows.

A file already read unchanged is not read again: each file's bytes are hashed (with the loader's own code and
settings, `loader_hash`), and when raw.source_files holds the same hash for the same path, the file's log
lines from the run that read it are repeated for this run (same outcome, same article) without decoding,
normalising or language detection. A run over a folder of old files costs a hash per file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from extract import build_state
from extract.config import DATA_DIR, max_article_chars
from extract.ids import content_hash
from extract.ingest.normalise import dedup_key
from extract.ingest.readers import RawArticle, Rejected, read_file
from extract.warehouse import check_keys, connect, ensure_schema, insert_rows, transaction

ARTICLE_COLUMNS = [
    "article_id",
    "content_hash",
    "source_file",
    "source_path",
    "source_format",
    "source_line",
    "title",
    "url",
    "outlet",
    "published_raw",
    "text",
    "n_chars",
    "first_run_id",
    "ingested_at",
    "source_relpath",
    "dedup_hash",
]
LOG_COLUMNS = [
    "run_id",
    "source_file",
    "source_path",
    "source_line",
    "status",
    "article_id",
    "reason",
    "logged_at",
    "source_relpath",
    "file_hash",
]


@dataclass
class LoadReport:
    seen: int = 0
    loaded: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)  # (source_file, reason)

    def as_dict(self) -> dict:
        return {
            "seen": self.seen,
            "loaded": self.loaded,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "rejections": self.rejections,
        }


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


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
        reject = partial(Rejected, str(path), entry.name, None)  # reject(reason)
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


@lru_cache(maxsize=1)
def loader_hash() -> str:
    """A hash of what decides how a file is loaded: the loader's code, its language data, the size limit."""
    digest = hashlib.sha256(str(max_article_chars()).encode())
    for path in sorted(Path(__file__).parent.glob("*.py")) + [DATA_DIR / "languages.yml"]:
        digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_hash(path: Path) -> str | None:
    """The hash a file is recognised by when it is met again (None if it cannot be read)."""
    digest = hashlib.sha256(loader_hash().encode())
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _read(entry: Path) -> Iterator[RawArticle | Rejected]:
    try:
        yield from read_file(entry)
    except Exception as exc:  # noqa: BLE001 - a reader bug must lose one file, not the run
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
            known = {
                row[0]: (row[1], row[2], row[3])
                for row in con.execute(
                    "select dedup_hash, coalesce(source_relpath, source_file), source_line, article_id "
                    "from raw.articles"
                ).fetchall()
            }
            replayable = _replayable(con)
            articles: list[tuple] = []
            log: list[tuple] = []
            rejected: list[tuple] = []
            read: list[tuple[str, str]] = []  # (relpath, file_hash)
            for entry in walk(folder):
                digest = None
                if isinstance(entry, Path):
                    rel = _relpath(folder, str(entry))
                    digest = file_hash(entry)
                    if digest is not None and digest in replayable.get(rel, {}):
                        for row in replayable[rel][digest]:
                            _count(report, row)
                            log.append((run_id, row[0], str(entry), *row[1:], now, rel, digest))
                            if row[2] == "rejected":
                                rejected.append((run_id, rel, row[4], now))
                        continue
                    if digest is not None:
                        read.append((rel, digest))
                for item in [entry] if isinstance(entry, Rejected) else _read(entry):
                    report.seen += 1
                    rel = _relpath(folder, item.source_path)
                    entry_cols = [run_id, item.source_file, item.source_path, item.source_line]
                    if isinstance(item, Rejected):
                        report.rejected += 1
                        report.rejections.append((item.source_file, item.reason))
                        log.append((*entry_cols, "rejected", None, item.reason, now, rel, digest))
                        rejected.append((run_id, rel, item.reason, now))
                        continue
                    key = content_hash(dedup_key(item.text))
                    if key in known and known[key][:2] != (rel, item.source_line):
                        report.duplicate += 1
                        first_file, first_line, article_id = known[key]
                        where = first_file + (f" line {first_line}" if first_line else "")
                        log.append((*entry_cols, "duplicate", article_id, f"same text as {where}", now, rel, digest))
                        continue
                    if key not in known:
                        text_hash = content_hash(item.text)
                        articles.append(
                            (
                                text_hash[:16],
                                text_hash,
                                item.source_file,
                                item.source_path,
                                item.source_format,
                                item.source_line,
                                item.title,
                                item.url,
                                item.outlet,
                                item.published,
                                item.text,
                                len(item.text),
                                run_id,
                                now,
                                rel,
                                key,
                            )
                        )
                        known[key] = (rel, item.source_line, text_hash[:16])
                    report.loaded += 1
                    log.append((*entry_cols, "loaded", known[key][2], item.note, now, rel, digest))
            insert_rows(con, "raw.articles", ARTICLE_COLUMNS, articles)
            insert_rows(con, "raw.load_log", LOG_COLUMNS, log)
            insert_rows(con, "audit.rejected_articles", ["run_id", "source_file", "reason", "rejected_at"], rejected)
            insert_rows(
                con,
                "raw.source_files",
                ["source_relpath", "file_hash", "run_id"],
                [(rel, digest, run_id) for rel, digest in read],
                replace=True,
            )
            if articles:
                build_state.bump(con)
            check_keys(con, ["raw.articles", "raw.source_files"])
    return report


def _replayable(con) -> dict[str, dict[str, list[tuple]]]:
    """relpath -> {file hash: the file's log lines (source_file, source_line, status, article_id, reason) from
    the last run that read it}."""
    out: dict[str, dict[str, list[tuple]]] = {}
    for rel, digest, *row in con.execute(
        """select f.source_relpath, f.file_hash, l.source_file, l.source_line, l.status, l.article_id, l.reason
               from raw.source_files f join raw.load_log l
                 on l.run_id = f.run_id and l.source_relpath = f.source_relpath and l.file_hash = f.file_hash
               order by f.source_relpath, l.source_line nulls first"""
    ).fetchall():
        out.setdefault(rel, {}).setdefault(digest, []).append(tuple(row))
    return out


def _count(report: LoadReport, row: tuple) -> None:
    report.seen += 1
    status = row[2]
    if status == "rejected":
        report.rejected += 1
        report.rejections.append((row[0], row[4]))
    else:
        report.loaded += status == "loaded"
        report.duplicate += status == "duplicate"


def _fill_dedup_hashes(con) -> None:
    """Articles loaded by a version without dedup_hash get theirs."""
    for article_id, text in con.execute(
        "select article_id, text from raw.articles where dedup_hash is null"
    ).fetchall():
        con.execute(
            "update raw.articles set dedup_hash = ? where article_id = ?", [content_hash(dedup_key(text)), article_id]
        )
