"""Writes to the needs typology: one function per change (assessments, rounds, demo)."""
