"""Persistence: models, repositories, migrations, exports."""
