FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir -e .
COPY . .
RUN DJANGO_SETTINGS_MODULE=siko_portal.settings.dev python manage.py collectstatic --noinput
RUN useradd --system --uid 10001 siko && mkdir -p /data/private && chown -R siko /data/private /app/var/static
USER siko
EXPOSE 8000
