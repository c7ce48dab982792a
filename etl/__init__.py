"""phonedash ETL: articles in, sourced smartphone-market figure records out."""
