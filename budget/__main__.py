"""`python -m budget <verb>`: the same app as the `budget` script."""
from budget.cli import main

main()
