#!/usr/bin/env bash
# tools/arm-sysroot.sh <dir>: the arm64 libraries and headers octet's AArch64
# cross build needs, unpacked into <dir> (a folder in the build tree).
#
# The arm64 .debs are fetched with `apt-get download` through a PRIVATE apt
# state (its own package lists, cache and an empty dpkg status under
# <dir>/.apt), with APT::Architecture=arm64. Nothing is installed: dpkg's
# architecture list is never touched (no `dpkg --add-architecture`), the host's
# apt lists and cache are left as they are, and each .deb is only unpacked with
# `dpkg -x`. (Installing these through multiarch clashes with the amd64
# packages, and the arm64 libc it drags into /lib/aarch64-linux-gnu makes
# threaded programs hang under qemu.) The C library itself comes from the
# cross toolchain (/usr/aarch64-linux-gnu, package libc6-arm64-cross).
#
# Idempotent: a complete sysroot (stamp file present, same package list) is
# left alone. OCTET_APT_SOURCES may name a deb822/.list sources file to use
# instead of the host's /etc/apt sources.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <sysroot-dir>" >&2
  exit 2
fi
mkdir -p "$1"
root=$(cd "$1" && pwd)

# Shared libraries the tests and benchmarks link, their -dev packages, and the
# header-only packages (taken as arm64 too, so the sysroot is self-contained):
# the arm64 lines of tools/deps.txt. libgomp comes with the cross compiler.
mapfile -t packages < <(bash "$(dirname "${BASH_SOURCE[0]}")/install-deps.sh" --list arm64)
[[ ${#packages[@]} -gt 0 ]] || { echo "arm-sysroot: no arm64 packages in tools/deps.txt" >&2; exit 1; }

stamp="$root/.octet-sysroot-complete"
want="${packages[*]}"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

apt_dir="$root/.apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
: > "$apt_dir/status"
apt_opts=(
  -q
  -o "Dir::State=$apt_dir"
  -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::State::status=$apt_dir/status"
  -o "Dir::Cache=$apt_dir/cache"
  -o "APT::Architecture=arm64"
  -o "APT::Architectures::=arm64"
  -o "Debug::NoLocking=1"
  # The private folders belong to whoever runs this; do not hand them to _apt.
  -o "APT::Sandbox::User=$(id -un)"
)
if [[ -n "${OCTET_APT_SOURCES:-}" ]]; then
  case "$OCTET_APT_SOURCES" in
    *.sources) apt_opts+=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$(dirname "$OCTET_APT_SOURCES")") ;;
    *) apt_opts+=(-o "Dir::Etc::SourceList=$OCTET_APT_SOURCES" -o "Dir::Etc::SourceParts=/dev/null") ;;
  esac
fi

echo "arm-sysroot: fetching arm64 package lists into $apt_dir" >&2
apt-get "${apt_opts[@]}" update >&2
echo "arm-sysroot: downloading ${packages[*]}" >&2
(cd "$apt_dir/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" download "${packages[@]}" >&2)

for deb in "$apt_dir"/debs/*.deb; do
  dpkg -x "$deb" "$root"
done

# The -dev packages' .so links are absolute symlinks in a few packages; make
# every symlink under the library folder point inside the sysroot.
libdir="$root/usr/lib/aarch64-linux-gnu"
if [[ -d "$libdir" ]]; then
  find "$libdir" -maxdepth 1 -type l | while read -r link; do
    target=$(readlink "$link")
    if [[ "$target" == /* ]]; then
      ln -sfn "$root$target" "$link"
    fi
  done
fi

echo "$want" > "$stamp"
echo "arm-sysroot: ready in $root" >&2
