"""Closing a round: report forms as Excel workbooks, their returns read, scored and summarised.

One stage per module, arrows pointing one way:

- :mod:`.layout`    where every cell of a report form's workbook is (shared by writing and reading)
- :mod:`.workbook`  the report form as an .xlsx, locked except the cells a district fills
- :mod:`.read`      returned workbooks and CSV files in ``kpi_data/<round>/results/``, checked cell by cell
- :mod:`.score`     levels, interpolated scores, deductions, weighted scores and ranks (pure functions)
- :mod:`.charts`    one bar chart per KPI (matplotlib, TH SarabunPSK)
- :mod:`.summary`   the results summary, the results circular and results-summary.xlsx, built incrementally
"""
