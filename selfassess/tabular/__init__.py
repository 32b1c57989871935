"""Untrusted tables and the problems found in files: one reader, one collector.

``reader`` reads CSV and XLSX safely (``archive`` keeps workbook bombs out), ``cells``
turns a workbook cell into the text a CSV would hold, ``problems`` collects every
problem of a file with its location. Pure: no Flask, no database. Import the modules
themselves: the questionnaire's modules use ``problems`` while ``cells`` uses theirs.
"""
