"""The only code that writes to the database. Views and commands call it."""
