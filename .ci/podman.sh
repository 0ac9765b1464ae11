#!/usr/bin/env bash
# Start or stop a Podman service speaking the Docker API, for the container tests.
#   .ci/podman.sh start   -> prints `export DOCKER_HOST=unix:///tmp/.../podman.sock`
#   .ci/podman.sh stop    -> stops the service started by `start` (by its pid) and cleans up
# vfs storage and a private root/runroot so it needs no overlay support and touches
# nothing of the machine's own containers. Running containers does not work in CI
# sandboxes; image load / inspect / save do, which is all the tests need.
set -euo pipefail
STATE="${SHIFTLEFT_PODMAN_STATE:-${TMPDIR:-/tmp}/shiftleft-podman}"

start() {
  command -v podman >/dev/null || { echo "podman is not installed (apt-get install -y podman)" >&2; exit 1; }
  mkdir -p "$STATE/root" "$STATE/runroot"
  local sock="$STATE/podman.sock"
  rm -f "$sock"
  podman --storage-driver vfs --root "$STATE/root" --runroot "$STATE/runroot" \
    system service --time=0 "unix://$sock" >"$STATE/service.log" 2>&1 &
  echo $! >"$STATE/pid"
  for _ in $(seq 1 100); do
    [ -S "$sock" ] && break
    sleep 0.1
  done
  [ -S "$sock" ] || { echo "podman service did not start: $(tail -3 "$STATE/service.log")" >&2; exit 1; }
  echo "export DOCKER_HOST=unix://$sock"
}

stop() {
  if [ -f "$STATE/pid" ]; then
    kill "$(cat "$STATE/pid")" 2>/dev/null || true
    rm -f "$STATE/pid" "$STATE/podman.sock"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
