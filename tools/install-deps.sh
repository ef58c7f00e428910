#!/usr/bin/env bash
# Installs the Debian 12 packages octet needs, only those missing.
#   tools/install-deps.sh test    build + tests (+ AArch64 cross tests)
#   tools/install-deps.sh bench   build + benchmarks against the peers
set -euo pipefail

what=${1:-test}
pkgs=(cmake make g++ pkg-config libxsimd-dev libcpuinfo-dev libpthreadpool-dev libgtest-dev libgmock-dev
      libbenchmark-dev nlohmann-json3-dev libgemmlowp-dev libsimde-dev libdnnl-dev libxnnpack-dev)
case "$what" in
  test) pkgs+=(g++-aarch64-linux-gnu qemu-user dpkg-dev) ;;
  bench) pkgs+=(python3-matplotlib util-linux) ;;
  *) echo "usage: $0 test|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "octet: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "octet: need root to apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
