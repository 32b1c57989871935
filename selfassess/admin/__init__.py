"""The administrators' console: questionnaires, rounds, invitations, accounts, audit log."""
