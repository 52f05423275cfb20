"""Roles (`/admins`): overseers add and remove organisers."""
