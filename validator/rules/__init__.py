"""Rules of the trade: what JSON Schema cannot say, one small documented function per rule (see base.py)."""
