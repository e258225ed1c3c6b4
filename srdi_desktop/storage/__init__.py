"""SQLite storage with sqlite-utils: schema, migrations, autosave, history."""
