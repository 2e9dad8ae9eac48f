#!/usr/bin/env bash
# Prepares the container engines for the container tests, idempotently (safe to run again):
#   1. builds the CLI if needed and registers the Docker tracing shim (`seccomp-learner setup docker`);
#   2. starts dockerd (--iptables=false --bridge=none) unless one is running; Podman needs no daemon;
#   3. builds the test images offline, in both engines, unless they exist:
#        seccomp-learner-test/busybox:1      busybox-static, nothing else
#        seccomp-learner-test/debian-http:1  debootstrap minbase + python3 + curl (http.server)
# Needs root and the Debian packages .ci/run installs (docker.io podman runc busybox-static debootstrap).
# Environment: SECCOMP_LEARNER_DEBIAN_MIRROR (default: the mirror apt uses), DOCKERD_LOG.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "ci-engines: $*"; }

busybox_image=seccomp-learner-test/busybox:1
debian_image=seccomp-learner-test/debian-http:1
cache=/var/cache/seccomp-learner
dockerd_log=${DOCKERD_LOG:-/var/log/seccomp-learner-dockerd.log}

# `setup docker` is part of the CLI; `npm ci` builds it through the prepare script.
build_cli() {
  [ -d node_modules ] || npm ci --no-audit --no-fund
  [ -f dist/src/cli.js ] || npm run build
}

dockerd_running() {
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  [ -n "$pid" ] && grep -q '^Name:[[:space:]]*dockerd$' "/proc/$pid/status" 2>/dev/null \
    && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status"
}

start_dockerd() {
  if dockerd_running; then
    log "dockerd already running (pid $(cat /var/run/docker.pid))"
    return
  fi
  log "starting dockerd (log: $dockerd_log)"
  setsid dockerd --iptables=false --bridge=none --ip-masq=false --pidfile /var/run/docker.pid >>"$dockerd_log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return
    sleep 1
  done
  tail -20 "$dockerd_log" >&2
  log "dockerd did not come up within 60 s" >&2
  exit 1
}

# The mirror apt already uses, so the machine needs no other network access.
debian_mirror() {
  if [ -n "${SECCOMP_LEARNER_DEBIAN_MIRROR:-}" ]; then echo "$SECCOMP_LEARNER_DEBIAN_MIRROR"; return; fi
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  [ -n "$uri" ] || uri=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

busybox_rootfs_tar() {
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$root/root"
  cp /bin/busybox "$root/bin/busybox"
  chroot "$root" /bin/busybox --install -s /bin
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  tar -C "$root" -c . > "$cache/busybox-rootfs.tar"
  rm -rf "$root"
}

debian_rootfs_tar() {
  local root=$cache/debian-rootfs
  if [ ! -f "$root/.complete" ]; then
    rm -rf "$root"
    log "debootstrap bookworm minbase + python3 curl from $(debian_mirror) (a few minutes)"
    debootstrap --variant=minbase --include=python3,curl bookworm "$root" "$(debian_mirror)" > "$cache/debootstrap.log" 2>&1 \
      || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    touch "$root/.complete"
  fi
  tar -C "$root" --exclude=./.complete -c . > "$cache/debian-rootfs.tar"
}

image_missing() { # engine image
  ! "$1" image inspect "$2" >/dev/null 2>&1
}

import_image() { # image builder tarball cmd [workdir]
  local image=$1 build=$2 tarball=$3
  local changes=(-c "CMD $4")
  [ $# -gt 4 ] && changes+=(-c "WORKDIR $5")
  if ! image_missing docker "$image" && ! image_missing podman "localhost/$image"; then
    log "image $image present in docker and podman"
    return
  fi
  "$build"
  if image_missing docker "$image"; then
    log "docker import $image"
    docker import "${changes[@]}" "$tarball" "$image" >/dev/null
  fi
  if image_missing podman "localhost/$image"; then
    log "podman import localhost/$image"
    podman import --quiet "${changes[@]}" "$tarball" "localhost/$image" >/dev/null
  fi
  rm -f "$tarball"
}

main() {
  [ "$(id -u)" = 0 ] || { log "run as root" >&2; exit 1; }
  mkdir -p "$cache"
  build_cli
  node dist/src/cli.js setup docker
  start_dockerd
  docker info --format '{{json .Runtimes}}' | grep -q '"seccomp-learner"' || { log "dockerd does not list the seccomp-learner runtime" >&2; exit 1; }
  podman info --format '{{.Host.OCIRuntime.Name}}' >/dev/null
  import_image "$busybox_image" busybox_rootfs_tar "$cache/busybox-rootfs.tar" '["/bin/sh"]'
  import_image "$debian_image" debian_rootfs_tar "$cache/debian-rootfs.tar" \
    '["python3","-m","http.server","8080","--bind","127.0.0.1"]' /srv
  log "ready: dockerd $(docker version --format '{{.Server.Version}}'), podman $(podman version --format '{{.Client.Version}}'), images $busybox_image $debian_image"
}

main "$@"
