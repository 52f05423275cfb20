# seminar-bot: multi-stage, slim, non-root; dependencies from uv.lock; health checked.
#   docker build -t seminar-bot .
#   docker run -e BOT_TOKEN=... -v seminar-data:/app/data seminar-bot
#
# The base image is pinned by digest (the tag says which line it follows); refresh it
# with `docker buildx imagetools inspect python:3.11-slim-bookworm` and the uv version
# with scripts/uv (tests/test_packaging.py keeps the two uv versions equal).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm@sha256:b18992999dbe963a45a8a4da40ac2b1975be1a776d939d098c647482bcad5cba

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PROJECT_ENVIRONMENT=/venv UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never
RUN pip install uv==0.13.9
WORKDIR /src
# The dependencies alone, from the lock (runtime only): a change of the code reuses this layer.
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project --python /usr/local/bin/python

FROM ${PYTHON_IMAGE}
RUN useradd --create-home --uid 10001 seminar
WORKDIR /app
COPY --from=build /venv /venv
COPY bot ./bot
COPY handlers ./handlers
COPY dialogs ./dialogs
COPY dashboard ./dashboard
COPY ui ./ui
COPY services ./services
COPY storage ./storage
COPY core ./core
COPY locales ./locales
COPY events ./events
RUN python -m compileall -q /app && mkdir -p /app/data && chown seminar:seminar /app/data
USER seminar
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
VOLUME ["/app/data"]
EXPOSE 8080
# Polling: the last successful getUpdates is recent (data/last-getupdates); webhook: /healthz.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.healthcheck"]
CMD ["python", "-m", "bot"]
