"""Warehouse commands: build it from the landed seeds (build), summarise it (summary), measure
the whole pipeline (bench). The ingest (ingest/) lands seeds and knows nothing of these."""
