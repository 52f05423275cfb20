"""Container health check: `python -m bot.healthcheck`.

In webhook mode it asks the process's own `GET /healthz` (database and Redis answer);
in polling mode there is no HTTP server and a running container is healthy.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    if os.environ.get("MODE", "polling").lower() != "webhook":
        return 0
    port = os.environ.get("WEBHOOK_PORT", "8080")
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        with urllib.request.urlopen(url, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
