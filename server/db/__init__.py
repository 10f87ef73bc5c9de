"""The server's storage: tables, engine (SQLite or PostgreSQL) and migrations."""
