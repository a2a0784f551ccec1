"""Reports of one story across runs: the stored linking index, and `duplicate_of` kept up to date with it.

extract/linking.py says when two articles are one story (their fingerprints' words and facts overlap); this
module keeps what a run needs to compare only its new articles with the stored ones:
- raw.article_prints: each extracted article's fingerprint (publication date, word counts, number of facts),
  `compared` once it has been compared with every article stored before it, and the linked publication date
  its current rows were extracted with (`extracted_with_linked`, and `linked_kind`: see LinkedDate);
- raw.article_facts: the postings (fact -> article) of every article with enough facts to be linked;
- raw.story_edges: every pair of articles whose words and facts both pass linking.yml's thresholds.

A pair is proposed when the two share a fact held by at most `max_postings` articles (blocking, as
`linking.find_links` does over a list), so a run scores pairs of new articles with new or stored ones through
the postings index: work close to linear in the number of new articles. Only pairs that can reach the fact
threshold are counted (prefix filtering over the facts ordered rarest first), and only pairs past it load
their words. Stored edges whose only shared facts
became too common are dropped, so the edges are always those a comparison of all articles at once would
keep. Stories are the connected groups of edges; the original is the earliest dated report, and every other
report is `duplicate_of` it. An undated report whose original is dated must be extracted again against the
original's date (`relink_needed`); extract/incremental.py does that and then `apply_links`. An undated report
with no dated original may still tell an event another outlet's dated report tells (`dating_partners`, looser
than a story: a month-day date and a place below a District both name, and some words in common): its dates are
read against that report's publication date (its own stays unknown), or only that report's year for the shared
date when it tells the event as one of an earlier year.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from typing import NamedTuple

import pyarrow as pa

from extract.linking import Fingerprint, _precedence, word_cosine
from extract.nlp.resources import load_yaml
from extract.warehouse import insert_rows, merge_rows


def encode_fact(fact: tuple) -> str:
    return json.dumps(list(fact), separators=(",", ":"))


def prints_table(prints: list[Fingerprint]) -> pa.Table:
    """The fingerprints as rows of raw.article_prints (and their facts), for a batch's Parquet output."""
    return pa.table(
        {
            "article_id": pa.array([p.article_id for p in prints], pa.string()),
            "published": pa.array([p.published for p in prints], pa.date32()),
            "n_facts": pa.array([len(p.facts) for p in prints], pa.int32()),
            "words": pa.array(
                [json.dumps(dict(sorted(p.words.items())), separators=(",", ":")) for p in prints], pa.string()
            ),
            "facts": pa.array([sorted(encode_fact(f) for f in p.facts) for p in prints], pa.list_(pa.string())),
        }
    )


def store_prints(con, prints_sql: str, min_facts: int | None = None) -> None:
    """Replace the stored prints of the articles `prints_sql` (a relation with prints_table's columns) holds;
    they are to be compared again, and their edges are gone."""
    min_facts = load_yaml("linking.yml")["min_facts"] if min_facts is None else min_facts
    con.execute(f"create or replace temp table _new_prints as select * from ({prints_sql})")
    for table in ("raw.article_prints", "raw.article_facts"):
        con.execute(f"delete from {table} where article_id in (select article_id from _new_prints)")
    con.execute(
        "delete from raw.story_edges where article_a in (select article_id from _new_prints) "
        "or article_b in (select article_id from _new_prints)"
    )
    con.execute("""insert into raw.article_prints (article_id, published, n_facts, words, compared,
                          extracted_with_linked)
                   select article_id, published, n_facts, words, false, null from _new_prints""")
    con.execute(
        """insert into raw.article_facts (article_id, fact)
                   select article_id, unnest(facts) from _new_prints where n_facts >= ?""",
        [min_facts],
    )
    con.execute("drop table _new_prints")


def forget(con, article_ids: list[str]) -> None:
    """Articles no longer extracted (quarantined) leave the index."""
    if not article_ids:
        return
    for table in ("raw.article_prints", "raw.article_facts"):
        con.execute(f"delete from {table} where article_id in (select unnest(?))", [article_ids])
    con.execute(
        "delete from raw.story_edges where article_a in (select unnest(?)) or article_b in (select unnest(?))",
        [article_ids, article_ids],
    )


def _words(con, ids: list[str]) -> dict[str, Counter]:
    rows = con.execute(
        "select article_id, words from raw.article_prints where article_id in (select unnest(?))", [ids]
    ).fetchall()
    return {aid: Counter(json.loads(words)) for aid, words in rows}


def refresh_edges(con) -> dict:
    """Compare the prints not yet compared with every stored one; drop stored edges whose pair no longer
    shares a fact rare enough to propose it. Returns counts of what changed."""
    cfg = load_yaml("linking.yml")
    con.execute("""create or replace temp table _fact_counts as
                   select fact, count(*) as n from raw.article_facts group by fact""")
    dropped = con.execute(
        """delete from raw.story_edges e where not exists (
               select 1 from raw.article_facts x join raw.article_facts y using (fact)
               join _fact_counts c using (fact)
               where x.article_id = e.article_a and y.article_id = e.article_b and c.n <= ?)""",
        [cfg["max_postings"]],
    ).fetchone()[0]  # the count a DELETE returns (the lake takes no RETURNING)
    # Candidates: pairs (a new article, and a new or stored one) that can reach the fact threshold and share a
    # fact held by at most max_postings articles (blocking, as find_links does). With each article's facts in
    # one global order (rarest first), two articles whose fact overlap reaches t have their rarest shared fact
    # among the first n - ceil(t * n) + 1 of each one's facts (prefix filtering); a pair that shares a fact rare
    # enough to propose it has a rarest shared fact at least as rare, so only the prefixes' rare facts are
    # joined, and no pair is lost. Articles and facts are numbered (integers keep the pairs small: a full run
    # of 10,000 articles proposes millions), and each pair's shared facts are counted by intersecting the two
    # articles' fact lists, not by joining every posting of every pair.
    con.execute("""create or replace temp table _ids as
                   select article_id, row_number() over (order by article_id) as k, n_facts, not compared as new
                   from raw.article_prints where article_id in (select article_id from raw.article_facts)""")
    con.execute("""create or replace temp table _ranked as
                   select i.k, c.fact_k, c.n, i.n_facts, i.new,
                          row_number() over (partition by i.k order by c.n, c.fact) as pos
                   from raw.article_facts f
                   join (select fact, n, row_number() over (order by fact) as fact_k from _fact_counts) c
                        using (fact)
                   join _ids i using (article_id)""")
    con.execute(
        """create or replace temp table _pairs as
           with prefix as (select k, fact_k, n_facts, new from _ranked
                           where pos <= n_facts - ceil($t * n_facts) + 1 and n <= $m)
           select distinct x.k as x, y.k as y
           from prefix x join prefix y using (fact_k)
           where x.new and x.k <> y.k and (not y.new or x.k < y.k)
             -- sizes that can overlap that much: t * |x| <= |y| <= |x| / t
             and y.n_facts >= $t * x.n_facts - 1e-9 and y.n_facts * $t <= x.n_facts + 1e-9""",
        {"t": cfg["min_fact_jaccard"], "m": cfg["max_postings"]},
    )
    candidates = con.execute(
        """with facts as (select k, list(fact_k) as facts, any_value(n_facts) as n_facts from _ranked group by k),
           scored as (select p.x, p.y, len(list_intersect(fx.facts, fy.facts)) as shared, fx.n_facts as nx,
                             fy.n_facts as ny
                      from _pairs p join facts fx on fx.k = p.x join facts fy on fy.k = p.y)
           select least(ix.article_id, iy.article_id), greatest(ix.article_id, iy.article_id), shared, nx, ny
           from scored join _ids ix on ix.k = scored.x join _ids iy on iy.k = scored.y
           where shared >= (? - 1e-9) * (nx + ny - shared)   -- loosely: Python decides
           order by 1, 2""",
        [cfg["min_fact_jaccard"]],
    ).fetchall()
    for table in ("_pairs", "_ranked", "_ids"):
        con.execute(f"drop table {table}")
    n_pairs = len(candidates)
    scored = [(a, b, shared / (na + nb - shared)) for a, b, shared, na, nb in candidates]
    scored = [(a, b, f) for a, b, f in scored if f >= cfg["min_fact_jaccard"]]
    words = _words(con, sorted({a for a, b, _ in scored} | {b for a, b, _ in scored}))
    edges = []
    for a, b, facts_score in scored:
        words_score = word_cosine(words[a], words[b])
        if words_score >= cfg["min_word_cosine"]:
            edges.append((a, b, round(words_score, 3), round(facts_score, 3)))
    con.execute(
        "create or replace temp table _edges (article_a varchar, article_b varchar, "
        "word_cosine double, fact_jaccard double)"
    )
    insert_rows(con, "_edges", ["article_a", "article_b", "word_cosine", "fact_jaccard"], edges)
    merge_rows(
        con, "raw.story_edges", "select * from _edges", ["article_a", "article_b", "word_cosine", "fact_jaccard"]
    )
    con.execute("drop table _edges")
    # the count an UPDATE returns (the lake takes no RETURNING on an update)
    compared = con.execute("update raw.article_prints set compared = true where not compared").fetchone()[0]
    con.execute("drop table _fact_counts")
    return {
        "compared": compared,
        "pairs_scored": n_pairs,
        "edges_added": len(edges),
        "edges_dropped": dropped,
    }


def links(con) -> dict[str, str]:
    """article_id -> the original of its story, for every report that is not the original."""
    edges = con.execute("select article_a, article_b from raw.story_edges").fetchall()
    parent: dict[str, str] = {}

    def root(a: str) -> str:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in edges:
        parent[root(a)] = root(b)
    stories: dict[str, list[str]] = defaultdict(list)
    for a in list(parent):
        stories[root(a)].append(a)
    published = dict(
        con.execute(
            "select article_id, published from raw.article_prints where article_id in (select unnest(?))",
            [list(parent)],
        ).fetchall()
    )
    out: dict[str, str] = {}
    for members in stories.values():
        original = min(members, key=lambda a: _precedence(Fingerprint(a, published.get(a))))
        out.update({a: original for a in members if a != original})
    return out


class LinkedDate(NamedTuple):
    """The date an undated report is read against. `kind`: "republished", the dated original it republishes (its
    publication date too); "reference", another outlet's dated report of the same event, whose publication date
    its dates are read against; "year", the same, when that report tells the event as one of an earlier year
    (a recap): only the year is lent, for its month-day dates (`value` is that year's last day)."""

    value: dt.date
    kind: str


_BROAD_PLACES = ("country", "state_region", "district")


def dating_partners(con) -> dict[str, LinkedDate]:
    """article_id -> the date to read it against, for each undated report whose event a dated report also tells
    (linking.yml, `dating`): both state a month-day date and name a place below a District, their words overlap,
    and a figure both give, a second date or closer words confirm it. Of several, the one sharing most such facts,
    then the closest in words, then the earliest. A shared date the dated report places in an earlier year than
    its own (a month-day after its publication's) lends only that year."""
    linking = load_yaml("linking.yml")
    cfg, max_postings = linking["dating"], linking["max_postings"]
    rows = con.execute(
        """with counts as (select fact, count(*) as n from raw.article_facts group by fact),
                undated as (select f.article_id, f.fact from raw.article_facts f
                            join raw.article_prints p using (article_id) where p.published is null)
           select u.article_id, d.article_id, p.published, u.fact
           from undated u join counts c using (fact) join raw.article_facts d using (fact)
           join raw.article_prints p on p.article_id = d.article_id
           where c.n <= ? and p.published is not null
             and (u.fact like '["date",%' or u.fact like '["place",%' or u.fact like '["figure",%')""",
        [max_postings],
    ).fetchall()
    if not rows:
        return {}
    broad = {
        lid
        for (lid,) in con.execute(
            "select location_id from raw.places where location_type in (select unnest(?))", [list(_BROAD_PLACES)]
        ).fetchall()
    }
    shared: dict[tuple[str, str], Counter] = defaultdict(Counter)
    days: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    published: dict[str, dt.date] = {}
    for undated, dated, date, fact in rows:
        kind, *value = json.loads(fact)
        if kind == "place" and value[0] in broad:
            continue
        shared[(undated, dated)][kind] += 1
        if kind == "date":
            days[(undated, dated)].append(tuple(value))
        published[dated] = date
    pairs = [
        (u, d, n)
        for (u, d), n in shared.items()
        if n["date"] >= cfg["min_shared_dates"] and n["place"] >= cfg["min_shared_places"]
    ]
    words = _words(con, sorted({u for u, _, _ in pairs} | {d for _, d, _ in pairs}))
    best: dict[str, tuple] = {}
    for u, d, n in pairs:
        cosine = word_cosine(words[u], words[d])
        confirmed = n["figure"] or n["date"] > cfg["min_shared_dates"] or cosine >= cfg["confirming_word_cosine"]
        if cosine < cfg["min_word_cosine"] or not confirmed:
            continue
        key = (-sum(n.values()), -cosine, published[d], d)
        if u not in best or key < best[u]:
            best[u] = key
    out = {}
    for u, key in best.items():
        pub = published[key[3]]
        # the year the dated report gives its latest shared month-day: its own, or the year before
        year = max(pub.year - ((month, day) > (pub.month, pub.day)) for month, day in days[(u, key[3])])
        out[u] = LinkedDate(pub, "reference") if year == pub.year else LinkedDate(dt.date(year, 12, 31), "year")
    return out


def relink_needed(con, found: dict[str, str], dated_by: dict[str, LinkedDate]) -> dict[str, LinkedDate | None]:
    """Articles whose rows were extracted against another linked date than the stories now give them: an undated
    report of a dated original takes the original's date; else one `dated_by` another outlet's report reads its
    dates against that report's (`dating_partners`). article_id -> the date to extract with (None: none)."""
    rows = con.execute(
        "select article_id, published, extracted_with_linked, linked_kind from raw.article_prints"
    ).fetchall()
    published = {aid: pub for aid, pub, _, _ in rows}
    again: dict[str, LinkedDate | None] = {}
    for aid, pub, linked, kind in rows:
        original = found.get(aid)
        want = None
        if pub is None and original is not None and published.get(original) is not None:
            want = LinkedDate(published[original], "republished")
        elif pub is None:
            want = dated_by.get(aid)
        have = LinkedDate(linked, kind or "republished") if linked is not None else None
        if want != have:
            again[aid] = want
    return again


def apply_links(con, found: dict[str, str]) -> int:
    """Set raw.article_metadata.duplicate_of from the stories; returns how many rows changed."""
    con.execute("create or replace temp table _links (article_id varchar, duplicate_of varchar)")
    insert_rows(con, "_links", ["article_id", "duplicate_of"], sorted(found.items()))
    changed = con.execute(
        """update raw.article_metadata m set duplicate_of = l.duplicate_of
           from (select m2.article_id, l2.duplicate_of from raw.article_metadata m2
                 left join _links l2 using (article_id)) l
           where m.article_id = l.article_id and m.duplicate_of is distinct from l.duplicate_of"""
    ).fetchone()[0]
    con.execute("drop table _links")
    return changed
