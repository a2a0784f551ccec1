# Image for the conflict pipeline's Airflow services (see docker-compose.yml).
# Python dependencies come from uv.lock (uv sync --frozen --no-dev --group deploy, which adds the Postgres
# drivers Airflow's metadata DB needs, psycopg2 and asyncpg, and the Celery provider with redis and flower for
# the CeleryExecutor); the compose file mounts the live dags/,
# dbt/, extract/, seeds/ and warehouse/ over /opt/project, so code changes need no rebuild, lock changes do.
FROM python:3.11-slim

ARG UV_VERSION=0.13.8
ARG AIRFLOW_UID=50000

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    AIRFLOW_HOME=/opt/airflow \
    PYTHONPATH=/opt/project

RUN pip install --no-cache-dir "uv==${UV_VERSION}" \
 && useradd --uid "${AIRFLOW_UID}" --gid 0 --home-dir /opt/airflow --create-home --shell /bin/bash airflow

WORKDIR /opt/project

# Third-party dependencies first: this layer is reused while pyproject.toml and uv.lock are unchanged.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --group deploy --no-install-project

# The project itself (the `extract` package, installed editable from /opt/project).
COPY extract ./extract
RUN uv sync --frozen --no-dev --group deploy

# Directories the services write; group 0 so any AIRFLOW_UID given at run time (user: UID:0) can write.
RUN mkdir -p /opt/project/dags /opt/project/dbt /opt/project/seeds /opt/project/warehouse /opt/project/build \
             /opt/airflow/logs /opt/airflow/auth \
 && chown -R "${AIRFLOW_UID}:0" /opt/project /opt/airflow \
 && chmod -R g+rwX /opt/project /opt/airflow

USER ${AIRFLOW_UID}:0
EXPOSE 8080
CMD ["airflow", "version"]
