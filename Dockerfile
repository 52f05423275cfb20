# seminar-bot: a slim, non-root image; migrations run on start.
FROM python:3.11-slim AS build
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY dialogs ./dialogs
COPY storage ./storage
RUN python -m venv /venv && /venv/bin/pip install .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 seminar
WORKDIR /app
COPY --from=build /venv /venv
COPY bot ./bot
COPY handlers ./handlers
COPY dialogs ./dialogs
COPY storage ./storage
COPY locales ./locales
COPY events ./events
RUN mkdir -p /app/data && chown seminar:seminar /app/data
USER seminar
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
VOLUME ["/app/data"]
CMD ["python", "-m", "bot"]
