-- half_step(): half the printed step, except that a figure printed to the 分 or finer is exact.
with

fixtures (step_yuan, want) as (

    values
    (100.00, 50.00),
    (10000.00, 5000.00),
    (1.00, 0.50),
    (0.10, 0.05),
    (0.01, 0.00),
    (0.0001, 0.00)

)

select *
from fixtures
where {{ half_step('step_yuan') }} != want
