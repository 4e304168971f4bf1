FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango; gettext compiles the translations; fonts for the PDF copy.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
       fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=false
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
    && python manage.py compilemessages -v0 \
    && SECRET_KEY=build-only python manage.py collectstatic --noinput -v0

RUN useradd --system --home /app gezinsdossier && chown -R gezinsdossier /app
USER gezinsdossier
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
