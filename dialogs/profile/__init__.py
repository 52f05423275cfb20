"""My profile / My data."""
