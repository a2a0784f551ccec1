{#-
    The `ducklake` target (profiles.yml) builds every model into the attached DuckLake catalog `lake`, where
    the sources are too (models/staging/_sources.yml); the target's own database is in memory.
-#}
{% macro generate_database_name(custom_database_name=none, node=none) -%}
    {%- if target.name == 'ducklake' and node is not none and node.resource_type in ('model', 'seed', 'snapshot') -%}
        lake
    {%- elif custom_database_name is none -%}
        {{ target.database }}
    {%- else -%}
        {{ custom_database_name | trim }}
    {%- endif -%}
{%- endmacro %}

{#-
    DuckLake tables take NOT NULL but no PRIMARY KEY, UNIQUE or FOREIGN KEY constraint. In the lake the
    contract keeps its column names, types and NOT NULLs; uniqueness and relationships stay checked by the
    models' data tests (and the Great Expectations suites).
-#}
{% macro duckdb__get_table_columns_and_constraints() -%}
    {%- if target.name == 'ducklake' -%}
    (
    {% for name, column in model['columns'].items() -%}
      {{ adapter.quote(name) if column.get('quote') else name }} {{ column['data_type'] }}
      {%- for constraint in column.get('constraints', []) if constraint['type'] == 'not_null' %} not null{% endfor -%}
      {{ "," if not loop.last }}
    {% endfor -%}
    )
    {%- else -%}
    {{ table_columns_and_constraints() }}
    {%- endif -%}
{%- endmacro %}
