"""Turn one input file into article records, or say why it cannot be one.

Supported inputs:
- `.txt`: one article per file, the text as is.
- `.jsonl`: one article per line, a JSON object with `text` and optional `title`, `url`, `published`, `outlet`.
- `.html` / `.htm`: one page; the body text is extracted, navigation, scripts, forms and captions dropped;
  title, URL, publication date and outlet come from the page's metadata where it has them.
Each reader yields `RawArticle` or `Rejected` items; nothing is dropped silently. An article longer than
ARTICLE_MAX_CHARS (`config.max_article_chars`), or in a language other than English, is rejected with the
reason; a file repaired on reading (stray bytes replaced) carries a note saying so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from extract.config import max_article_chars
from extract.ingest.language import other_language
from extract.ingest.normalise import UndecodableInput, decode, normalise_text

MIN_CHARS = 100  # shorter bodies are notices, not articles

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "figcaption",
    "iframe",
    "svg",
    "template",
    "select",
)
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "br",
    "hr",
    "figure",
    "dd",
    "dt",
    "body",
}
_WHITESPACE = re.compile(r"\s+")
_META_KEYS = {
    "title": ("og:title", "twitter:title"),
    "url": ("og:url",),
    "published": ("article:published_time", "datePublished", "pubdate", "date", "dc.date"),
    "outlet": ("og:site_name", "application-name"),
}


@dataclass(frozen=True)
class RawArticle:
    source_path: str
    source_file: str
    source_format: str
    source_line: int | None
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    note: str | None = None  # a repair made on reading (stray bytes replaced), for the load log


@dataclass(frozen=True)
class Rejected:
    source_path: str
    source_file: str
    source_line: int | None
    reason: str


Item = RawArticle | Rejected
SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".html", ".htm")


def read_file(path: Path) -> Iterator[Item]:
    """Yield the articles in one file, or a Rejected item for each part that cannot be loaded."""
    suffix = path.suffix.lower()
    reject = lambda reason, line=None: Rejected(str(path), path.name, line, reason)  # noqa: E731
    if suffix not in SUPPORTED_SUFFIXES:
        yield reject(f"unsupported file type '{suffix or '(none)'}': expected .txt, .jsonl or .html")
        return
    limit = max_file_bytes(suffix)
    try:
        size = path.stat().st_size
        if size > limit:
            yield reject(f"the file is too large ({size:,} bytes, at most {limit:,}; ARTICLE_MAX_CHARS sets the limit)")
            return
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
        decoded = decode(data)
    except UndecodableInput as exc:
        yield reject(str(exc))
        return
    except OSError as exc:
        yield reject(f"the file could not be read: {exc.strerror or exc}")
        return
    raw, note = decoded.text, decoded.note
    if suffix == ".txt":
        yield _checked(RawArticle(str(path), path.name, "txt", None, normalise_text(raw), note=note))
    elif suffix == ".jsonl":
        yield from _read_jsonl(path, raw, note)
    else:
        yield _checked(_read_html(path, raw, note))


def max_file_bytes(suffix: str) -> int:
    """The largest file read: four bytes per character of the longest article (a .jsonl file holds many)."""
    return max_article_chars() * 4 * (1000 if suffix == ".jsonl" else 1)


def _checked(article: RawArticle) -> Item:
    n = len(article.text)

    def reject(reason: str) -> Rejected:
        return Rejected(article.source_path, article.source_file, article.source_line, reason)

    if n == 0:
        return reject("the article has no text")
    if n < MIN_CHARS:
        return reject(f"the text is too short to be an article ({n} characters, at least {MIN_CHARS} needed)")
    if n > max_article_chars():
        return reject(
            f"the text is too long ({n:,} characters, at most {max_article_chars():,}; "
            "ARTICLE_MAX_CHARS sets the limit)"
        )
    language = other_language(article.text)
    if language is not None:
        said = language if language.startswith("not ") else f"in {language}"
        return reject(f"the article is {said}: the pipeline extracts English articles only")
    return article


def _read_jsonl(path: Path, raw: str, note: str | None = None) -> Iterator[Item]:
    seen_any = False
    for lineno, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        seen_any = True
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(str(path), path.name, lineno, f"line {lineno} is not valid JSON ({exc.msg})")
            continue
        except (ValueError, RecursionError) as exc:
            yield Rejected(str(path), path.name, lineno, f"line {lineno} is not valid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            yield Rejected(str(path), path.name, lineno, f"line {lineno} is not a JSON object")
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Rejected(str(path), path.name, lineno, f"line {lineno} has no 'text' field with the article")
            continue
        meta = {k: _clean(obj.get(k)) for k in ("title", "url", "published", "outlet")}
        yield _checked(RawArticle(str(path), path.name, "jsonl", lineno, normalise_text(text), **meta, note=note))
    if not seen_any:
        yield Rejected(str(path), path.name, None, "the file has no articles (every line is empty)")


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _read_html(path: Path, raw: str, note: str | None = None) -> RawArticle:
    tree = HTMLParser(raw)
    meta: dict[str, str | None] = dict.fromkeys(_META_KEYS)
    for node in tree.css("meta"):
        key = node.attributes.get("property") or node.attributes.get("name") or node.attributes.get("itemprop")
        content = node.attributes.get("content")
        for field, keys in _META_KEYS.items():
            if key and content and key in keys and meta[field] is None:
                meta[field] = _clean(content)
    if meta["url"] is None:
        canonical = tree.css_first('link[rel="canonical"]')
        meta["url"] = _clean(canonical.attributes.get("href")) if canonical else None
    if meta["published"] is None:
        time_node = tree.css_first("time[datetime]")
        meta["published"] = _clean(time_node.attributes.get("datetime")) if time_node else None
    if meta["title"] is None:
        heading = tree.css_first("h1") or tree.css_first("title")
        meta["title"] = _clean(heading.text()) if heading else None
    tree.strip_tags(list(_DROP_TAGS))
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    text = _block_text(root) if root is not None else ""
    return RawArticle(str(path), path.name, "html", None, normalise_text(text), **meta, note=note)


def _block_text(root) -> str:
    """Text of an HTML subtree with a line break around every block element."""
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            parts.append(_WHITESPACE.sub(" ", node.text_content or ""))  # HTML source line breaks are spaces
        elif node.tag in _BLOCK_TAGS:
            parts.append("\n")
    return "".join(parts)
