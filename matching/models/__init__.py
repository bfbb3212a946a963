"""WHAT and HOW WELL: needs, offers, matches and runs (the matching-engine issue fills this in)."""
