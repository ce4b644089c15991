"""The report's chapters, each built from plain data into ``reports.model`` sections."""
