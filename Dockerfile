# shiftleft in a container; how to run it in CI: docs/docker.md
#   docker run --rm --init -v "$PWD:/src" -v shiftleft-data:/var/cache/shiftleft IMAGE scan .
#
# Two stages. The builder installs shiftleft (pinned by constraints.txt) and every scanner
# environment `shiftleft tools install all` makes on a workstation (checkov, syft, zizmor,
# hadolint, Betterleaks: one venv each, pinned by tools-constraints.txt; checkov never shares
# shiftleft's environment, Betterleaks is pinned by hash). The runtime stage copies those
# trees root-owned and read-only: nothing under /opt is written at run time, so there is no
# `chown -R` layer that would store every file a second time. The runtime user (uid 10001)
# writes only the data volume and the reports (see docs/docker.md for another uid's checkout).
# Base images: pinned by version; pin by digest (`python:3.11.11-slim-bookworm@sha256:...`)
# in your own build when your registry policy asks for it.
# Platform: linux/amd64 (the Betterleaks wheels pinned by hash are the x86_64 ones).
FROM python:3.11.11-slim-bookworm AS builder

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    SHIFTLEFT_TOOLS_DIR=/opt/shiftleft/tools

WORKDIR /opt/shiftleft/src
COPY pyproject.toml constraints.txt tools-constraints.txt scanner-pins.json README.md ./
COPY shiftleft ./shiftleft
COPY policies ./policies
COPY reports ./reports
RUN python -m venv /opt/shiftleft/venv \
    && /opt/shiftleft/venv/bin/pip install -c constraints.txt . \
    && /opt/shiftleft/venv/bin/shiftleft tools install all


FROM python:3.11.11-slim-bookworm

LABEL org.opencontainers.image.title="shiftleft" \
      org.opencontainers.image.description="DevSecOps shift-left scanning orchestrator" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.documentation="docs/docker.md"

# XDG_CACHE_HOME=/var/cache puts the advisory database, the result cache and the hook's
# reports in /var/cache/shiftleft; XDG_STATE_HOME the history beside them: one volume.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SHIFTLEFT_TOOLS_DIR=/opt/shiftleft/tools \
    SHIFTLEFT_DB=/var/cache/shiftleft/advisories.sqlite3 \
    XDG_CACHE_HOME=/var/cache \
    XDG_STATE_HOME=/var/cache/shiftleft/state \
    PATH=/opt/shiftleft/venv/bin:$PATH

# git: the scan's commit and branch, --diff-base and the hook (run with hooks, fsmonitor
# and filters off: shiftleft/gitinfo.py)
RUN apt-get update \
    && apt-get install -y --no-install-recommends git=1:2.39.* \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin shiftleft \
    && install -d -o 10001 -g 10001 -m 0755 /var/cache/shiftleft /src

COPY --from=builder /opt/shiftleft/venv /opt/shiftleft/venv
COPY --from=builder /opt/shiftleft/tools /opt/shiftleft/tools

VOLUME ["/var/cache/shiftleft"]
USER 10001:10001
WORKDIR /src

HEALTHCHECK --interval=5m --timeout=30s CMD ["shiftleft", "--version"]
ENTRYPOINT ["shiftleft-container"]
CMD ["--help"]
