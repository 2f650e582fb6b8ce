"""The 实施清单 as a spreadsheet: export the catalogue to xlsx, import an xlsx back into YAML files.

The layout (sheets, columns, drop-downs, header notes) is derived from the schema at run time
(`columns.py`), so the spreadsheet, the template and the importer never drift from the standard.
"""
