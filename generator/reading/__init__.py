"""Reading a round: ``kpi_data/<round>/`` into one validated-shape model, each value with its file and line.

- :mod:`.load`       YAML and CSV/XLSX read safely (sizes, counts, no code), positions kept for messages
- :mod:`.safety`     limits and paths that stay inside their folder
- :mod:`.folds`      line breaks inside Thai text that YAML folded (W602)
- :mod:`.model`      the schema of a round's data (pydantic): round, letters, KPIs, agreements
- :mod:`.wording`    the lines documents print, as data with today's words as defaults
- :mod:`.provinces`  the provinces and their official two-letter codes
- :mod:`.places`     the national reference data: districts, postal codes, area codes (``reference/``)
- :mod:`.tables`     a round's data tables (per district), read and checked cell by cell
- :mod:`.rounds`     a round folder read whole: round.yaml, letters, KPIs, tables

May import: base, thai.
"""
