"""Survey results for organisers (issue 4)."""
