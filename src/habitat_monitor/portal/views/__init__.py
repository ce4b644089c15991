"""Public and signed-in portal pages: each module one page family, each view thin."""
