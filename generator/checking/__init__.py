"""Checking a round: every rule, one module per family, each finding an E/W code at its file and line.

- :mod:`.rules`         the rule registry and the round's own rules, one function per rule
- :mod:`.text`          what running text says: weekdays, dates, deadlines that must agree, KPI numbers in names
- :mod:`.numbering`     how a letter takes its number from the register
- :mod:`.addresses`     postal codes, area codes and districts against the national reference data
- :mod:`.templates`     a round's own templates against its data and the stock templates
- :mod:`.plausibility`  values that validate but would print a wrong document (a far year, a closed day)
- :mod:`.spelling`      the spelling lint (pythainlp and the office's accepted words)
- :mod:`.validate`      read a round and apply all of the above: one call, every problem

Template checks know the documents (what each template is given), so this stage sits above documents.
May import: base, thai, ooxml, reading, documents.
"""
