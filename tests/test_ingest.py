"""Reading and loading input files: formats, normalisation, duplicates and rejections."""

from __future__ import annotations

import json

import duckdb
import pytest

from extract.ingest.load import load_articles
from extract.ingest.normalise import UndecodableInput, decode, normalise_text
from extract.ingest.readers import RawArticle, Rejected, read_file

BODY = (
    "Fighting broke out near the town on Sunday, residents said. At least twelve people were killed "
    "and dozens of houses were burned, according to a local aid group."
)


def test_normalise_drops_a_line_printed_twice_and_extra_blank_lines():
    text = "Title\r\n\r\n\r\n\r\nA caption. / Photo\nA caption. / Photo\n\u00a0Body  text here.\u200b "
    assert normalise_text(text) == "Title\n\nA caption. / Photo\nBody text here."


def test_decode_accepts_utf8_with_bom_and_cp1252_but_not_binary():
    assert decode("\ufeffjunta’s".encode("utf-8")).text == "junta’s"
    assert decode("caf\xe9".encode("cp1252")).text == "café"
    with pytest.raises(UndecodableInput):
        decode(b"%PDF-1.7\x00\x01\x02")


def test_txt_file_is_one_article(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(BODY)
    [item] = list(read_file(f))
    assert isinstance(item, RawArticle) and item.source_format == "txt" and item.text == BODY


def test_jsonl_lines_become_articles_and_bad_lines_are_rejected_with_their_line_number(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "text": BODY,
                        "title": "Clash",
                        "url": "https://example.org/2024/03/02/x",
                        "published": "2024-03-02",
                        "outlet": "Example News",
                    }
                ),
                "{not json",
                json.dumps({"title": "no text"}),
                json.dumps({"text": "too short"}),
            ]
        )
    )
    items = list(read_file(f))
    assert isinstance(items[0], RawArticle)
    assert (items[0].title, items[0].published, items[0].outlet, items[0].source_line) == (
        "Clash",
        "2024-03-02",
        "Example News",
        1,
    )
    reasons = [i.reason for i in items[1:]]
    assert all(isinstance(i, Rejected) for i in items[1:])
    assert "line 2 is not valid JSON" in reasons[0]
    assert "line 3 has no 'text'" in reasons[1]
    assert "too short" in reasons[2]


def test_html_body_is_extracted_without_navigation_scripts_or_captions(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(
        "<html><head><meta property='og:title' content='Clash in the hills'>"
        "<meta property='article:published_time' content='2024-03-02T08:00:00Z'>"
        "<meta property='og:site_name' content='Example News'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Clash in the hills</h1><p>{BODY}</p>"
        "<figure><img src='a.jpg'><figcaption>Smoke over the town. / Photo</figcaption></figure>"
        "<p>The army did not comment.</p></article><script>track()</script><footer>© Example</footer>"
        "</body></html>"
    )
    [item] = list(read_file(f))
    assert isinstance(item, RawArticle)
    assert item.title == "Clash in the hills" and item.outlet == "Example News"
    assert item.published == "2024-03-02T08:00:00Z"
    assert BODY in item.text and "The army did not comment." in item.text
    for junk in ("Home", "World", "track()", "Smoke over the town", "©"):
        assert junk not in item.text


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("notes.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("empty.txt", b"", "no text"),
        ("binary.txt", b"\x00\x01\x02abc", "binary data"),
        ("short.txt", b"Too short.", "too short"),
    ],
)
def test_unloadable_files_are_rejected_with_a_reason(tmp_path, name, content, reason):
    f = tmp_path / name
    f.write_bytes(content)
    [item] = list(read_file(f))
    assert isinstance(item, Rejected) and reason in item.reason


def test_load_records_every_file_as_loaded_duplicate_or_rejected_and_reruns_add_nothing(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(BODY)
    (src / "b_copy.txt").write_text(BODY + "\n\n")  # same text after normalisation
    (src / "c.txt").write_text(BODY.replace("twelve", "thirteen"))
    (src / "d.docx").write_bytes(b"PK\x03\x04")
    wh = tmp_path / "wh.duckdb"
    first = load_articles(src, wh, "run-1")
    assert (first.seen, first.loaded, first.duplicate, first.rejected) == (4, 2, 1, 1)
    second = load_articles(src, wh, "run-2")
    assert (second.loaded, second.duplicate, second.rejected) == (2, 1, 1)
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("select count(*) from raw.articles").fetchone()[0] == 2
        log = con.execute(
            "select source_file, status, reason from raw.load_log where run_id = 'run-2' order by source_file"
        ).fetchall()
        assert [(f, s) for f, s, _ in log] == [
            ("a.txt", "loaded"),
            ("b_copy.txt", "duplicate"),
            ("c.txt", "loaded"),
            ("d.docx", "rejected"),
        ]
        assert log[1][2] == "same text as a.txt"
        assert con.execute("select count(*) from audit.rejected_articles").fetchone()[0] == 2
    finally:
        con.close()


FRENCH = (
    "Des combats ont éclaté près de la ville dimanche, selon les habitants. Au moins douze personnes ont "
    "été tuées et des dizaines de maisons ont été incendiées, selon un groupe d'aide local qui a demandé "
    "que son nom ne soit pas publié par la presse."
)
BURMESE = "စစ်ကောင်စီတပ်များသည် ရွာတစ်ရွာကို လေကြောင်းဖြင့် တိုက်ခိုက်ခဲ့ပြီး အရပ်သား ဆယ့်နှစ်ဦး သေဆုံးခဲ့သည်။ " * 3


def _load_log(wh, run_id):
    con = duckdb.connect(str(wh), read_only=True)
    try:
        return {
            r[0]: r[1:]
            for r in con.execute(
                "select source_relpath, status, reason from raw.load_log where run_id = ? order by 1", [run_id]
            ).fetchall()
        }
    finally:
        con.close()


def test_every_directory_entry_is_loaded_duplicate_or_rejected_with_a_reason(tmp_path, monkeypatch):
    import os

    src = tmp_path / "in"
    (src / "east").mkdir(parents=True)
    (src / "west").mkdir()
    (src / "east" / "report.txt").write_text(BODY)
    (src / "west" / "report.txt").write_text(BODY.replace("twelve", "fifteen"))  # same name, other folder
    (src / "rewrapped.txt").write_text(BODY.replace(" and ", "\nand ").replace(". ", ".\n\n\n"))
    (src / ".hidden.txt").write_text(BODY + " Hidden.")
    (src / ".git").mkdir()
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "link_to_folder").symlink_to(src / "east")
    (src / "linked.txt").symlink_to(src / "east" / "report.txt")
    os.mkfifo(src / "pipe.txt")
    (src / "french.txt").write_text(FRENCH)
    (src / "burmese.txt").write_text(BURMESE)
    (src / "huge.txt").write_text(BODY + " More." * 50)
    wh = tmp_path / "wh.duckdb"
    monkeypatch.setenv("ARTICLE_MAX_CHARS", "300")
    report = load_articles(src, wh, "run-1")  # never blocks on the pipe
    log = _load_log(wh, "run-1")
    assert report.seen == len(log) == 12 and report.seen == report.loaded + report.duplicate + report.rejected
    assert log["east/report.txt"][0] == "loaded" and log["west/report.txt"][0] == "loaded"
    assert log["rewrapped.txt"] == ("duplicate", "same text as east/report.txt")
    assert log["linked.txt"] == ("duplicate", "same text as east/report.txt")
    assert "hidden file" in log[".hidden.txt"][1] and "hidden folder" in log[".git"][1]
    assert "broken symbolic link" in log["dangling.txt"][1]
    assert "symbolic link to a folder" in log["link_to_folder"][1]
    assert "named pipe" in log["pipe.txt"][1]
    assert "in French" in log["french.txt"][1] and "in Burmese" in log["burmese.txt"][1]
    assert "too long" in log["huge.txt"][1] and "at most 300" in log["huge.txt"][1]
    assert all(status != "rejected" or reason for status, reason in log.values())
    again = load_articles(src, wh, "run-2")
    assert (again.loaded, again.duplicate) == (report.loaded, report.duplicate)


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig"]
)
def test_utf16_and_utf32_with_or_without_a_bom_decode(encoding):
    text = BODY + " Naypyidaw’s café — “quoted”."
    decoded = decode(text.encode(encoding))
    assert decoded.text == text and decoded.note is None


def test_one_stray_byte_is_replaced_and_recorded_not_fatal_and_not_mojibake(tmp_path):
    data = (BODY + " The junta’s “clearance” operation.").encode("utf-8")
    broken = data[:40] + b"\xff" + data[40:]
    decoded = decode(broken)
    assert "’" in decoded.text and "â€" not in decoded.text and decoded.text.count("\ufffd") == 1
    assert "1 byte sequence not valid in UTF-8 replaced by U+FFFD (first at character 40)" == decoded.note
    f = tmp_path / "stray.txt"
    f.write_bytes(broken)
    [item] = list(read_file(f))
    assert isinstance(item, RawArticle) and item.note == decoded.note
    with pytest.raises(UndecodableInput):
        decode(bytes(range(128, 256)) * 20)
