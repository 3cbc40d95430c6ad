"""Printing: the PDFs a clerk prints, from the built .docx files.

- :mod:`.pdf`         the print copy (composed Thai lines) and the pool of warm LibreOffice workers
- :mod:`.uno_worker`  one LibreOffice behind a pipe (run by Debian's python3-uno, not imported)
- :mod:`.bundle`      one round's PDFs in signing order as a print bundle, with index.html
- :mod:`.preflight`   the page checks a clerk would make (P codes), read back from the PDFs

May import: base, thai, ooxml, reading, documents, checking, register, build.
"""
