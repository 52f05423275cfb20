"""Registration wizard: consent, the form of the event file, summary and submission."""
