"""The board progress report: the plan's progress for one year as HTML, PDF and DOCX.

Pure modules (no Django): ``model`` (the report as plain data), ``numbering`` (UN-style
labels and paragraph numbers), ``formatting`` (numbers and dates per language),
``docx_writer`` (python-docx). Django modules gather the data (``build``,
``sections/``), render it (``html``, ``pdf``) and run it from the command line, a
page and a background task (``services``, ``tasks``, ``views``).
"""
