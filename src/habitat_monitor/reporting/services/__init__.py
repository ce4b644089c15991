"""Writes to reporting, one function per change (split by subject)."""
