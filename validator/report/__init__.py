"""`guides report`: the standardization assessment, completeness and the report formats."""
