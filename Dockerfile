# One image for every service and the gateway: the command picks the process
# (`python -m services.<name>` or `python -m gateway`). Runs as a non-root user and writes
# nothing under / (mount a tmpfs at /tmp), so a read-only root filesystem works.
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/tmp/palisade

WORKDIR /app
COPY pyproject.toml README.md ./
COPY protos ./protos
COPY rules ./rules
COPY services ./services
COPY gateway ./gateway
COPY deploy/__init__.py deploy/local.py deploy/mailsink.py ./deploy/
RUN pip install . && python -m compileall -q /app \
    && groupadd --gid 10001 palisade \
    && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin palisade

USER 10001:10001
EXPOSE 8080 50051 50052 50053 50054 50055 9100

# Gateway: GET /health. Services: the standard gRPC health service on GRPC_LISTEN.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-m", "deploy.healthcheck"]

CMD ["python", "-m", "gateway"]
