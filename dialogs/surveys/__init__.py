"""Surveys for delegates (issue 4): list, answering, review, submit."""
