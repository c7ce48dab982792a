# phonedash dashboard for production: gunicorn serving dashboard.app:server on the baked-in data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    BROWSER_PATH=/usr/bin/chromium \
    PHONEDASH_DATA=/app/data \
    PHONEDASH_STORE=/app/data/phonedash.duckdb

# Debian's chromium drives kaleido's static exports (PNG, SVG, PDF).
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 phonedash
WORKDIR /app

COPY pyproject.toml README.md ./
COPY etl ./etl
COPY dashboard ./dashboard
COPY data ./data
RUN pip install . \
    && phonedash refresh --json \
    && chown -R phonedash:phonedash /app

USER phonedash
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8050/healthz', timeout=4).status == 200 else 1)"

CMD ["gunicorn", "--bind", "0.0.0.0:8050", "--workers", "2", "--threads", "4", "--timeout", "60", "dashboard.app:server"]
