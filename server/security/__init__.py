"""Identity: password hashing, bearer tokens, roles, login throttling."""
