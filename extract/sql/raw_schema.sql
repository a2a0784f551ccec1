-- Tables the pipeline's Python tasks write. dbt reads the `raw` ones as sources and writes
-- staging/intermediate/marts; the `audit` ones are written by the DAG's own tasks.
-- Every statement is idempotent: the DAG runs this file at the start of every run.

create schema if not exists raw;
create schema if not exists audit;

-- One row per distinct article (by content hash). Loaded by extract.ingest.
create table if not exists raw.articles (
    article_id      varchar primary key,   -- first 16 hex chars of sha256(normalised text)
    content_hash    varchar not null,      -- full sha256 of the normalised text
    source_file     varchar not null,      -- input file name, without folders
    source_path     varchar not null,      -- path as given, for tracing
    source_format   varchar not null,      -- txt | jsonl | html
    source_line     integer,               -- line number inside a .jsonl file, else null
    title           varchar,               -- from metadata (jsonl/html); extraction may infer one from text
    url             varchar,
    outlet          varchar,
    published_raw   varchar,               -- publication date as given in metadata, unparsed
    text            varchar not null,      -- normalised article text
    n_chars         integer not null,
    first_run_id    varchar not null,
    ingested_at     timestamp not null
);

-- One row per input file (or .jsonl line) per run: what happened to it.
create table if not exists raw.load_log (
    run_id          varchar not null,
    source_file     varchar not null,
    source_path     varchar not null,
    source_line     integer,
    status          varchar not null,      -- loaded | duplicate | rejected
    article_id      varchar,               -- the article it loaded as or duplicates
    reason          varchar,               -- why it was rejected or which file it duplicates
    logged_at       timestamp not null
);

-- Article-level facts found by extraction (one row per article).
create table if not exists raw.article_metadata (
    article_id             varchar primary key,
    title                  varchar,
    outlet                 varchar,
    published_date         date,
    published_date_source  varchar not null,   -- text | url | metadata | linked_article | none
    duplicate_of           varchar,            -- article_id of the article this one republishes
    body_start             integer not null,   -- character offsets of the body text kept for extraction
    body_end               integer not null,
    n_boilerplate_lines    integer not null,
    extractor_version      varchar not null
);

-- Actor dictionary as used by the extraction run (from extract/data/actors.yml).
create table if not exists raw.actors (
    actor_id     varchar primary key,
    name         varchar not null,
    acronym      varchar,
    actor_type   varchar not null,
    aliases      varchar[] not null
);

-- Places that mentions resolved to (gazetteer entries and places kept outside it).
create table if not exists raw.places (
    location_id     varchar primary key,
    name            varchar not null,
    location_type   varchar not null,
    admin1          varchar,
    admin2          varchar,
    admin3          varchar,
    latitude        double,
    longitude       double,
    pcode           varchar,
    geo_precision   integer not null,
    in_gazetteer    boolean not null,
    site_key        varchar               -- the name reports of one site share (extract/nlp/sites.py)
);
-- warehouses made before site keys existed gain the column (filled when their articles are extracted again)
alter table raw.places add column if not exists site_key varchar;

-- Every entity mention in an article body, with character offsets into raw.articles.text.
create table if not exists raw.mentions (
    mention_id      varchar primary key,
    article_id      varchar not null,
    entity_type     varchar not null,     -- actor | location | person | organization
    entity_id       varchar,              -- actor_id or location_id; null if unresolved
    text            varchar not null,
    start_char      integer not null,
    end_char        integer not null,
    sentence_start  integer not null,
    sentence_end    integer not null
);

-- Event candidates: one per (article, sentence, date, place, type) found by extraction.
-- dbt merges them into fct_events across articles.
create table if not exists raw.event_candidates (
    candidate_id    varchar primary key,
    article_id      varchar not null,
    event_date      date,
    date_precision  integer,
    event_type      varchar not null,
    sub_event_type  varchar not null,
    actor1_id       varchar,
    actor2_id       varchar,
    location_id     varchar,
    sentence        varchar not null,
    start_char      integer not null,
    end_char        integer not null
);

-- Casualty and displacement figures, with hedges, party, claimant and offsets.
create table if not exists raw.figures (
    figure_id       varchar primary key,
    article_id      varchar not null,
    candidate_id    varchar,              -- the event candidate it belongs to, null if none
    kind            varchar not null,     -- casualty | displacement
    category        varchar,              -- casualty category; 'displaced' for displacement
    party           varchar,
    actor_id        varchar,
    count_low       bigint not null,
    count_high      bigint,
    count_best      bigint,
    qualifier       varchar not null,
    unit            varchar,              -- people | households | families (displacement)
    is_cumulative   boolean not null,
    claimed_by      varchar,
    event_date      date,
    location_id     varchar,
    sentence        varchar not null,
    start_char      integer not null,
    end_char        integer not null
);

create table if not exists audit.runs (
    run_id              varchar primary key,
    started_at          timestamp not null,
    finished_at         timestamp,
    status              varchar not null,   -- running | success | failed
    articles_seen       integer,
    articles_loaded     integer,
    articles_duplicate  integer,
    articles_rejected   integer
);

create table if not exists audit.rejected_articles (
    run_id       varchar not null,
    source_file  varchar not null,
    reason       varchar not null,
    rejected_at  timestamp not null
);

create table if not exists audit.dq_results (
    run_id            varchar not null,
    suite             varchar not null,
    check_name        varchar not null,
    severity          varchar not null,  -- error | warn
    success           boolean not null,
    unexpected_count  bigint,
    details           varchar,
    checked_at        timestamp not null
);

-- Articles extraction could not handle (extract/quarantine.py): skipped by later runs until released.
create table if not exists raw.quarantine (
    article_id      varchar primary key,
    source_file     varchar not null,
    reason          varchar not null,
    run_id          varchar not null,      -- the run that quarantined it
    quarantined_at  timestamp not null
);

-- Columns added after the first release (a warehouse made by an earlier version gains them).
alter table raw.articles add column if not exists source_relpath varchar;   -- path below the articles folder
alter table raw.articles add column if not exists dedup_hash varchar;       -- sha256 of the text, whitespace collapsed
alter table raw.load_log add column if not exists source_relpath varchar;
alter table audit.runs add column if not exists articles_quarantined integer;
alter table audit.runs add column if not exists failed_task varchar;        -- the first task that failed
alter table audit.runs add column if not exists error varchar;              -- that task's error, last line

-- Incremental runs (extract/incremental.py, extract/stories.py, extract/build_state.py).
alter table raw.load_log add column if not exists file_hash varchar;        -- sha256 of the file's bytes
-- The stored linking index: each extracted article's fingerprint, the postings of its facts, and the pairs
-- of articles that are one story. A run compares only its new articles with the stored ones.
create table if not exists raw.article_prints (
    article_id             varchar primary key,
    published              date,               -- the publication date its own text or metadata gives
    n_facts                integer not null,
    words                  varchar not null,   -- JSON: content word -> count
    compared               boolean not null,   -- compared with every article stored before it
    extracted_with_linked  date                -- the linked article's date its rows were extracted with
);
-- what the linked date is (extract/stories.py, LinkedDate): republished | reference | year
alter table raw.article_prints add column if not exists linked_kind varchar;
create table if not exists raw.article_facts (
    article_id  varchar not null,
    fact        varchar not null              -- JSON list: ["place", id], ["figure", category, count], ...
);
create table if not exists raw.story_edges (
    article_a     varchar not null,           -- article_a < article_b
    article_b     varchar not null,
    word_cosine   double not null,
    fact_jaccard  double not null,
    primary key (article_a, article_b)
);
-- A counter the tasks that change raw rows move on; dbt, the checks and publishing run again only when it
-- (or the code that transforms and checks) differs from what the last published run built.
create table if not exists raw.data_version (version bigint not null);
create table if not exists raw.build_state (
    token     varchar not null,               -- data version and transform code hash the marts were built from
    run_id    varchar not null,
    built_at  timestamp not null
);
-- Files read by the loader: a file met again with the same hash (bytes and loader) is not read again.
create table if not exists raw.source_files (
    source_relpath  varchar primary key,
    file_hash       varchar not null,
    run_id          varchar not null      -- the run whose raw.load_log lines say what became of it
);
