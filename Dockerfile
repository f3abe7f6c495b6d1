# One image for every role in docker-compose.yml: web (granian), ws (daphne), worker, beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HELPCENTER_VAR_DIR=/var/lib/helpcenter

RUN useradd --system --create-home --home-dir /app helpcenter \
    && mkdir -p /var/lib/helpcenter && chown helpcenter /var/lib/helpcenter
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=helpcenter . .
# collectstatic needs settings but no secrets or services.
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput -v0 \
    && chown -R helpcenter /var/lib/helpcenter

USER helpcenter
EXPOSE 8000
# granian's access log stays off (its format cannot redact): helpcenter.wsgi logs each request.
CMD ["granian", "--interface", "wsgi", "--host", "0.0.0.0", "--port", "8000", "--workers", "4", \
     "--blocking-threads", "1", "--no-ws", "--no-access-log", "helpcenter.wsgi:application"]
