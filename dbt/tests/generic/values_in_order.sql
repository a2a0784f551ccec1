{#-
    Model-level test: the listed columns are in non-decreasing order along each row, compared pairwise
    wherever both values are present (nulls, e.g. an open-ended count_high, are skipped).
    With strict=true each value must be smaller than the next (e.g. start_char < end_char).
    Fails on the rows that break the order.

        data_tests:
          - values_in_order:
              arguments:
                column_names: [count_low, count_best, count_high]
-#}
{% test values_in_order(model, column_names, strict=false) %}
{%- set operator = '<' if strict else '<=' -%}
select *
from {{ model }}
where false
{%- for i in range(column_names | length) %}
    {%- for j in range(i + 1, column_names | length) %}
    or (
        {{ column_names[i] }} is not null
        and {{ column_names[j] }} is not null
        and not ({{ column_names[i] }} {{ operator }} {{ column_names[j] }})
    )
    {%- endfor %}
{%- endfor %}
{% endtest %}
