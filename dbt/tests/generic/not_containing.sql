{#-
    Column test: no value contains the given text (e.g. a '|' in a column that must hold one code).
    Fails on the rows whose value contains it.

        data_tests:
          - not_containing:
              arguments:
                text: "|"
-#}
{% test not_containing(model, column_name, text) %}
select *
from {{ model }}
where contains({{ column_name }}, '{{ text | replace("'", "''") }}')
{% endtest %}
