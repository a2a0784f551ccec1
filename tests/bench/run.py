"""`make bench`: extraction throughput on a generated corpus, beside the bare tokenizer's (the ceiling).

    python -m tests.bench.run                    # or: make bench
    BENCH_ARTICLES=500 BENCH_BATCH_SIZE=32 BENCH_PROCESSES=2 BENCH_REPEAT=3 make bench

Measures, over the same texts in the same run:
- ceiling: `spacy.blank("en")` with `nlp.pipe` (tokenizing only, one process);
- extraction: `extraction.extract_rows`, what `extract_articles` runs (pipeline, rows and fingerprints, in
  worker processes when there are enough articles), wall-clock time including the workers' start, run
  BENCH_REPEAT times (3): each run's rate, their median (read against the target) and the best. On a shared
  host the same code's rate moves by 10-20% from run to run; the median of several is the steadier reading.
  These runs come before anything else reads the corpus, so each starts as in `extract_articles`: workers
  forked from an initialised pipeline, with no answer remembered (fuzzy place searches, name keys) from
  these same articles;
- pipeline: the project's `build_nlp()` with `nlp.pipe` in this one process, over docs made as
  extract/extraction.py's `make_docs` makes them (with `doc._.source`), at the batch size extraction uses;
- rows: `extraction.rows_for(doc)` over the pipeline's docs (turning docs into raw-table rows);
- the ratios to the ceiling, peak memory (resource.getrusage), and a per-component breakdown on a sample.
Warm-up (loading the gazetteer, building the pipelines, the first document) is timed separately and not counted.
Nothing is asserted: the target (>= 300 articles/s on a 2-core machine) is read off the report.
"""

from __future__ import annotations

import gc
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    import spacy

    from extract import extraction
    from extract.gazetteer.load import load_gazetteer
    from extract.nlp.pipeline import build_nlp, shared_nlp
    from tests.bench.corpus import DEFAULT_SEED, generate

    n = _env_int("BENCH_ARTICLES", 3000)
    batch_size = _env_int("BENCH_BATCH_SIZE", extraction.BATCH_SIZE)
    n_process = _env_int("BENCH_PROCESSES", extraction.N_PROCESS)
    sample = min(n, _env_int("BENCH_PROFILE_ARTICLES", 500))
    repeat = _env_int("BENCH_REPEAT", 3)

    print(f"extraction benchmark: Python {platform.python_version()}, spaCy {spacy.__version__}, {os.cpu_count()} CPUs")
    # -- warm-up: the gazetteer index, building the pipelines, the first document -------------------------------
    t0 = time.perf_counter()
    load_gazetteer()
    t_gaz = time.perf_counter() - t0
    t0 = time.perf_counter()
    nlp = build_nlp()
    t_build = time.perf_counter() - t0

    t0 = time.perf_counter()
    articles = [a.as_row() for a in generate(n, DEFAULT_SEED)]
    t_corpus = time.perf_counter() - t0
    texts = [a[1] for a in articles]
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    print(
        f"corpus      {n} articles, {n_bytes / 1e6:.2f} MB ({n_bytes / n / 1000:.1f} KB/article), "
        f"seed {DEFAULT_SEED}, generated in {t_corpus:.1f} s"
    )
    print(f"settings    batch_size={batch_size} n_process={n_process}")

    t0 = time.perf_counter()
    first = next(iter(nlp.pipe(extraction.make_docs(nlp, articles[:1]))))
    extraction.rows_for(first)
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    shared_nlp()  # the initialised pipeline extract_rows forks its workers from
    t_shared = time.perf_counter() - t0
    print(
        f"warm-up     gazetteer {t_gaz:.2f} s, build_nlp {t_build:.2f} s, first document {t_first:.2f} s, "
        f"shared_nlp {t_shared:.2f} s (not counted below)"
    )

    # -- ceiling: the bare tokenizer ---------------------------------------------------------------------------
    blank = spacy.blank("en")
    list(blank.pipe(texts[:50]))
    gc.collect()
    t0 = time.perf_counter()
    for _ in blank.pipe(texts, batch_size=batch_size):
        pass
    t_blank = time.perf_counter() - t0
    ceiling = n / t_blank
    print(f"ceiling     spacy.blank('en').pipe: {t_blank:.2f} s, {ceiling:.0f} articles/s")

    # -- what extract_articles runs: extract_rows, in worker processes, BENCH_REPEAT times --------------------------
    processes = extraction.worker_processes(n, n_process)
    rates, cpus = [], []
    for _ in range(max(1, repeat)):
        gc.collect()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        n_out = sum(1 for _ in extraction.extract_rows(articles, None, batch_size, n_process))
        t_extract = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert n_out == n
        rates.append(n / t_extract)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    extract_rate = statistics.median(rates)
    runs = ", ".join(f"{r:.0f}" for r in rates)
    print(
        f"extraction  extract_rows, {processes} process{'es' if processes > 1 else ''}: median "
        f"{extract_rate:.0f} articles/s (target >= 300) over {len(rates)} runs ({runs}; best {max(rates):.0f})"
        + (f"; workers used {1000 * statistics.median(cpus) / n:.2f} ms of CPU per article" if processes > 1 else "")
    )

    # -- the extraction pipeline in this process, then the rows ----------------------------------------------------
    gc.collect()
    n_rows, t_rows = 0, 0.0
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    for doc in nlp.pipe(extraction.make_docs(nlp, articles), batch_size=batch_size):
        t1 = time.perf_counter()
        n_rows += sum(len(r) for t, r in extraction.rows_for(doc).items() if t != "_actors")
        t_rows += time.perf_counter() - t1
    t_pipe = time.perf_counter() - t0 - t_rows
    cpu_one = time.process_time() - cpu0
    pipe_rate = n / t_pipe
    total_rate = n / (t_pipe + t_rows)
    print(
        f"pipeline    build_nlp().pipe: {t_pipe:.2f} s, {pipe_rate:.0f} articles/s ({n_bytes / 1e6 / t_pipe:.2f} MB/s)"
    )
    print(
        f"rows        rows_for: {t_rows:.2f} s ({1000 * t_rows / n:.2f} ms/article), {n_rows} rows; "
        f"pipeline + rows {total_rate:.0f} articles/s"
    )
    print(
        f"cpu         pipeline + rows used {1000 * cpu_one / n:.2f} ms of CPU per article "
        f"({n / cpu_one:.0f} articles per CPU-second; on a shared host the wall clock also counts time the "
        f"host gave to others)"
    )

    print(
        f"ratio       pipeline / ceiling = {pipe_rate / ceiling:.3f}; "
        f"(pipeline + rows) / ceiling = {total_rate / ceiling:.3f}; extraction (median) / ceiling = "
        f"{extract_rate / ceiling:.3f}"
    )
    peak = _peak_mb()
    children = _peak_mb(resource.RUSAGE_CHILDREN) if processes > 1 else 0.0
    print(f"memory      peak RSS {peak:.0f} MB" + (f" (largest worker {children:.0f} MB)" if children else ""))

    # -- where the time goes: each component over a sample, one document at a time ---------------------------------
    per: dict[str, float] = {"tokenizer": 0.0}
    for name, _ in nlp.pipeline:
        per[name] = 0.0
    for doc_in in extraction.make_docs(nlp, articles[:sample]):
        t0 = time.perf_counter()
        doc = nlp.make_doc(doc_in.text)
        per["tokenizer"] += time.perf_counter() - t0
        doc._.source = doc_in._.source
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            per[name] += time.perf_counter() - t0
    parts = ", ".join(f"{k} {1000 * v / sample:.2f}" for k, v in per.items())
    print(f"components  ms/article over {sample} articles: {parts}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path.cwd()))
    sys.exit(main())
