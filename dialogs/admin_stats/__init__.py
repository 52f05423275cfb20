"""The console's windows: statistics (/stats), exports, the audit log (/audit)."""
