# seminar-bot: multi-stage, slim, non-root; migrations run on start; health checked.
#   docker build -t seminar-bot .
#   docker run -e BOT_TOKEN=... -v seminar-data:/app/data seminar-bot
FROM python:3.11-slim AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY dialogs ./dialogs
COPY storage ./storage
# The dependencies go into /venv; the project itself runs from /app (its locales and
# events live beside the code).
RUN python -m venv /venv && /venv/bin/pip install . && /venv/bin/pip uninstall -y seminar-bot

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
RUN python -m compileall -q /app
RUN mkdir -p /app/data && chown seminar:seminar /app/data
USER seminar
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.healthcheck"]
CMD ["python", "-m", "bot"]
