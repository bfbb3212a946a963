"""services domain (filled in by the issue-6 work)."""
