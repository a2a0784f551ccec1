"""The warehouse contract (shared/spec/warehouse-contract.md) as the tests check it."""

# marts table -> required columns
CONTRACT = {
    "dim_articles": ["article_id", "source_file", "outlet", "title", "published_date", "published_date_source",
                     "duplicate_of", "n_chars", "ingested_at"],
    "dim_actors": ["actor_id", "name", "acronym", "actor_type", "aliases"],
    "dim_locations": ["location_id", "name", "location_type", "admin1", "admin2", "admin3", "latitude",
                      "longitude", "pcode", "geo_precision"],
    "fct_entity_mentions": ["mention_id", "article_id", "entity_type", "entity_id", "text", "start_char",
                            "end_char"],
    "fct_casualties": ["casualty_id", "article_id", "event_id", "category", "party", "actor_id", "count_low",
                       "count_high", "count_best", "qualifier", "is_cumulative", "claimed_by", "event_date",
                       "location_id", "sentence", "start_char", "end_char"],
    "fct_displacement": ["displacement_id", "article_id", "event_id", "count_low", "count_high", "count_best",
                         "qualifier", "unit", "is_cumulative", "as_of_date", "location_id", "claimed_by",
                         "sentence", "start_char", "end_char"],
    "fct_events": ["event_id", "event_date", "date_precision", "event_type", "sub_event_type", "actor1_id",
                   "actor2_id", "location_id", "geo_precision", "fatalities_low", "fatalities_best",
                   "fatalities_high", "deaths_state_forces", "deaths_non_state", "deaths_civilians",
                   "deaths_unknown", "n_articles", "n_outlets", "first_published_date", "summary"],
    "bridge_event_articles": ["event_id", "article_id", "sentence"],
}
