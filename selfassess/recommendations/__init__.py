"""PURE: the rules of the recommendations register (recommendations.md).

Statuses, reference patterns, when something is overdue, and the parsing of register
import files. No Flask, no database: the services pass in what the database knows.
"""
