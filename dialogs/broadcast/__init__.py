"""Broadcasts for organisers and the published materials (`/broadcast`, `/materials`)."""
