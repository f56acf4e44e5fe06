{#-
    Classification codes (政府收支分类科目) in canonical form: digits only, one string per level.

    支出功能分类 (function) codes are 类/款/项 = 3/5/7 digits and start with 2;
    支出经济分类 (economic) codes are 类/款 = 3/5 digits and start with 3 (部门预算, 301…399)
    or 5 (政府预算, 501…599); 收入分类 codes start with 1.

    code_system(code): 'function' | 'economic' | 'income' by the leading digit, NULL otherwise.

    canonical_code(code, kind='auto'): keeps only the digits of `code` and returns them when
    their length is valid for the kind, else NULL:
      kind='function' → 3, 5 or 7 digits; kind='economic' → 3 or 5 digits;
      kind='auto'     → economic lengths for codes starting with 3 or 5, function lengths otherwise.
    The ingest already lands canonical codes; the is_canonical_code test asserts that
    canonical_code() leaves them unchanged, and staging applies it so a bad code can only be NULL.

    code_level(code): 类 / 款 / 项 for a canonical code of 3 / 5 / 7 digits.
-#}
{% macro code_system(code) -%}
    case left({{ code }}, 1)
        when '2' then 'function'
        when '3' then 'economic'
        when '5' then 'economic'
        when '1' then 'income'
    end
{%- endmacro %}

{% macro canonical_code(code, kind='auto') -%}
    {%- set digits = "regexp_replace(" ~ code ~ ", '[^0-9]', '', 'g')" -%}
    {%- if kind == 'function' -%}
        {%- set economic_condition = 'false' -%}
    {%- elif kind == 'economic' -%}
        {%- set economic_condition = 'true' -%}
    {%- elif kind == 'auto' -%}
        {%- set economic_condition = "left(" ~ digits ~ ", 1) in ('3', '5')" -%}
    {%- else -%}
        {%- do exceptions.raise_compiler_error(
            "canonical_code: kind must be 'function', 'economic' or 'auto', got '" ~ kind ~ "'"
        ) -%}
    {%- endif -%}
    case
        when length({{ digits }}) in (3, 5) then {{ digits }}
        when length({{ digits }}) = 7 and not ({{ economic_condition }}) then {{ digits }}
    end
{%- endmacro %}

{% macro code_level(code) -%}
    case length({{ code }})
        when 3 then '类'
        when 5 then '款'
        when 7 then '项'
    end
{%- endmacro %}

{#- A code of the reference (ref_function_codes / ref_economic_codes, aliased `codes`) is in force
    in `year`: its first year at most `year`, its last (NULL: still in force) at least. -#}
{% macro code_valid_in(year, codes) -%}
    {{ year }} between {{ codes }}.valid_from_year and coalesce({{ codes }}.valid_to_year, 9999)
{%- endmacro %}
