"""What every stage stands on: messages with their place (a file and line, a sheet and cell) and the error a
user sees, atomic writes, the project's folders, the derived-data cache, the fonts pages are set and measured in,
progress lines and a worker's lifetime tied to its parent.

- :mod:`.errors`       UserError (Thai and English, never a traceback) and the internal-error log
- :mod:`.diagnostics`  Report and Location: every E/W finding with its file and line
- :mod:`.files`        write_atomic and stale temporaries: a failed run leaves the last good file
- :mod:`.paths`        kpi_data/, letter_templates/, output/ and the other folders of the project
- :mod:`.derived`      .cache/derived/: results a process would otherwise recompute on every start
- :mod:`.fonts`        TH SarabunPSK found or fetched, its metrics for widths and lines
- :mod:`.progress`     a progress bar for long batches (silent in logs and CI)
- :mod:`.lifetime`     a child process dies with its parent

May import: nothing else of the program.
"""
