{#-
    Model-level test: no two rows share the same values in all the listed columns.
    Fails with one row per duplicated combination.
-#}
{% test unique_combination(model, column_names) %}
select
    {{ column_names | join(', ') }},
    count(*) as n_rows
from {{ model }}
group by {{ column_names | join(', ') }}
having count(*) > 1
{% endtest %}
