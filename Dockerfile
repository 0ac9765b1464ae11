# shiftleft in a container: `docker run --rm -v "$PWD:/src" shiftleft scan /src`
# Scanners are pinned by constraints.txt; checkov gets its own virtualenv (it conflicts
# with detect-secrets), and so does Betterleaks (a native engine, pinned by hash), exactly as
# `shiftleft tools install` makes them on a workstation.
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    SHIFTLEFT_TOOLS_DIR=/opt/shiftleft/tools \
    SHIFTLEFT_DB=/opt/shiftleft/advisories.sqlite3

RUN apt-get update \
    && apt-get install -y --no-install-recommends git=1:2.39.* \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/shiftleft/src
COPY pyproject.toml constraints.txt tools-constraints.txt README.md ./
COPY shiftleft ./shiftleft
COPY policies ./policies
COPY reports ./reports
RUN python -m venv /opt/shiftleft/venv \
    && /opt/shiftleft/venv/bin/pip install -c constraints.txt . \
    && /opt/shiftleft/venv/bin/shiftleft tools install checkov \
    && /opt/shiftleft/venv/bin/shiftleft tools install betterleaks

RUN useradd --create-home --uid 10001 shiftleft \
    && chown -R shiftleft /opt/shiftleft
USER shiftleft
ENV PATH=/opt/shiftleft/venv/bin:$PATH
WORKDIR /src

HEALTHCHECK --interval=5m --timeout=30s CMD ["shiftleft", "--version"]
ENTRYPOINT ["shiftleft"]
CMD ["scan", "--help"]
