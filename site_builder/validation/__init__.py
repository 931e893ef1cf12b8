"""Stage 1, load and validate: find record files, read them safely, parse YAML with positions,
judge each file (privacy, schema) and the registry (cross-record rules); problems, messages, reports.

May import: site_builder.dates and site_builder.status only (the stages after it import it).
"""
