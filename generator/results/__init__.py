"""Closing a round: report forms as Excel workbooks, their returns read, scored and summarised.

One stage per module, arrows pointing one way (the forms themselves are documents:
:mod:`generator.documents.form_layout` and :mod:`generator.documents.form_workbook`):

- :mod:`.read`      returned workbooks and CSV files in ``kpi_data/<round>/results/``, checked cell by cell
- :mod:`.score`     levels, interpolated scores, deductions, weighted scores and ranks (pure functions)
- :mod:`.charts`    one bar chart per KPI (matplotlib, TH SarabunPSK)
- :mod:`.summary`   the results summary, the results circular and results-summary.xlsx, built incrementally

May import: base, thai, ooxml, reading, documents, checking, register, build.
"""
