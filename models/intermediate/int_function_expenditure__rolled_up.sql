-- Function expenditure at every level (类 / 款 / 项) for each document. Some templates print only
-- the 项 rows (e.g. Gansu's combined 7-digit codes); a parent code the document does not print
-- is added as the sum of its children and marked 'sum_of_children', so a 类 mix can be compared
-- across templates. A printed row is never replaced. The step of an added row is the sum of its
-- children's steps, so tolerances stay honest.
with

printed as (

    select
        doc_id,
        source_table_kind,
        function_code,
        function_level,
        function_name_printed,
        total_yuan,
        basic_yuan,
        project_yuan,
        step_yuan,
        source_line,
        unplaced_cells,
        'printed' as derivation
    from {{ ref('int_function_expenditure__selected') }}

),

{% set sum_children %}
        any_value(children.source_table_kind) as source_table_kind,
        null as function_name_printed,
        cast(sum(children.total_yuan) as decimal(24, 4)) as total_yuan,
        cast(sum(children.basic_yuan) as decimal(24, 4)) as basic_yuan,
        cast(sum(children.project_yuan) as decimal(24, 4)) as project_yuan,
        cast(sum(children.step_yuan) as decimal(24, 4)) as step_yuan,
        min(children.source_line) as source_line,
        sum(children.unplaced_cells) as unplaced_cells,
        'sum_of_children' as derivation
{% endset %}

added_kuan as (

    select
        children.doc_id,
        left(children.function_code, 5) as function_code,
        '款' as function_level,
        {{ sum_children }}
    from printed as children
    anti join printed as parents
        on
            children.doc_id = parents.doc_id
            and left(children.function_code, 5) = parents.function_code
    where children.function_level = '项'
    group by children.doc_id, left(children.function_code, 5)

),

with_kuan as (

    select * from printed
    union all by name
    select * from added_kuan

),

added_lei as (

    select
        children.doc_id,
        left(children.function_code, 3) as function_code,
        '类' as function_level,
        {{ sum_children }}
    from with_kuan as children
    anti join printed as parents
        on
            children.doc_id = parents.doc_id
            and left(children.function_code, 3) = parents.function_code
    where children.function_level = '款'
    group by children.doc_id, left(children.function_code, 3)

),

all_levels as (

    select * from with_kuan
    union all by name
    select * from added_lei

)

select * from all_levels
