#!/usr/bin/env bash
# Quick start: installs what seccomp-learner needs on Debian/Ubuntu, builds it, then learns the
# profile of a real sample workload (a shell pipeline plus a threaded Python program that opens a
# socket) and proves it by re-running the workload with the profile enforced by the kernel.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
for p in strace seccomp libseccomp-dev gcc python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || { echo "seccomp-learner needs Node.js 20 or newer (found $(node --version))" >&2; exit 1; }
npm ci --no-audit --no-fund

workload=(sh -c 'ls / | wc -l; python3 -c "import socket,threading; t=threading.Thread(target=print); t.start(); t.join(); socket.socket().close()"')
mkdir -p out
echo "== record: learning the profile of: ${workload[*]}"
npx seccomp-learner record -o out/seccomp.json --report out/report.json -- "${workload[@]}"
echo "== verify: running it again with out/seccomp.json enforced through libseccomp"
npx seccomp-learner verify --profile out/seccomp.json -- "${workload[@]}"
echo "== done: out/seccomp.json ($(node -e 'const p=require("./out/seccomp.json");console.log(p.syscalls[0].names.length+" syscalls allowed")')), report in out/report.json"
