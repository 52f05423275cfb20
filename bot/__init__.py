"""seminar-bot: the participant side of an international seminar, in Telegram."""
