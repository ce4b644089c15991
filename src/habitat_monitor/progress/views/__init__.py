"""Progress pages: the plan, a domain, an outcome, an indicator, an office, a country,
and the M&E officer's list of indicators needing attention with corrective actions.

Every public page answers in HTML, JSON (``.json`` or ``?format=json``) and CSV
(``.csv`` or ``?format=csv``) from one plain dict, so the three cannot disagree;
the API (``api/routers/progress.py``) returns the same dicts.

Modules: ``labels`` (status labels and symbols, method names, the rule in words),
``data`` (the plan-level dicts, over ``progress.services``), ``indicator_data``
(one indicator's page), ``action_data`` (corrective actions and the attention list),
``twins`` (one dict to HTML, JSON or CSV), ``pages`` and ``actions`` (the views).
"""
