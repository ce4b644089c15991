"""Open data and interoperability: SDMX-CSV, IATI activity XML, DHIS2 dataValueSets
and Open SDG CSVs, written from published data and read back through the
data-collection workflow.

The codecs (``sdmx_csv``, ``iati``, ``dhis2``, ``open_sdg``) are pure functions over
the plain records of ``records``; ``source`` gathers those records from a
publication, ``services`` feeds imported values to the normal reporting workflow.
"""
