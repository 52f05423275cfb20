"""`/reminders`: the reminder plan for organisers (list, add, edit, cancel, send now)."""
