"""Repositories: queries over one aggregate each. They flush, services commit."""
