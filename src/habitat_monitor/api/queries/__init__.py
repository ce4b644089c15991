"""Reads the API gives that no page gives in the same shape: plain data for the
routers, from the relational database (``plans``) and the analytics store
(``values``)."""
