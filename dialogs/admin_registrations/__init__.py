"""Organisers: the registrations queue and check-in."""
