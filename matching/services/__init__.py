"""Write-side services of the matching app: runs, the status machine, financing, notifications."""
