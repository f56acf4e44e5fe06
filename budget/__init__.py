"""The project's one command line: `budget <verb>` (budget/cli/)."""
