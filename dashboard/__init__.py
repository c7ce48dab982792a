"""phonedash dashboard: charts the store; never parses articles."""
