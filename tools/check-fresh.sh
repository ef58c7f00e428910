#!/usr/bin/env bash
# tools/check-fresh.sh: README's two commands on a machine that has nothing but
# Debian 12. For packagers, and whenever tools/deps.txt changes; not part of
# .ci/run (about 45 minutes on 2 cores).
#
#   1. debootstrap --variant=minbase bookworm into <dir>/minbase (kept as a
#      cache; --reuse-root takes it as it is), copied to a fresh <dir>/root;
#   2. the host's apt sources and resolv.conf copied in (same mirror as the
#      host), a clean clone of the current commit in /root/octet;
#   3. /proc, /sys, /dev mounted, README's Quick start commands run in the
#      chroot exactly as written, in order; the mounts come off on every exit;
#   4. a summary: each command's exit status and wall time, whether the root
#      now holds the packages of tools/deps.txt (and no other installed by
#      hand), then the table the main job printed.
#
#   tools/check-fresh.sh [--dir DIR] [--reuse-root] [--keep] [--only N] [--try CMD]
#
#   --dir DIR      scratch folder (default /var/tmp/octet-fresh; never in the repo)
#   --reuse-root   use <dir>/minbase from an earlier run instead of debootstrapping
#   --keep         leave <dir>/root (the chroot after the run) for inspection
#   --only N       run only README's Nth command (1 = main job, 2 = test command)
#   --try CMD      run CMD in the root instead of README's commands (to try this
#                  script, e.g. --try 'bash tools/install-deps.sh test'); no verdict
#
# Needs root. Installs debootstrap (apt) when missing. Exit status 0 when every
# command run exited 0 and the package check passed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=/var/tmp/octet-fresh
reuse=0
keep=0
only=""
try=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=${2:?--dir needs a folder}; shift ;;
    --reuse-root) reuse=1 ;;
    --keep) keep=1 ;;
    --only) only=${2:?--only needs 1 or 2}; shift ;;
    --try) try=${2:?--try needs a command}; shift ;;
    -h|--help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check-fresh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
say() { echo "check-fresh: $*"; }
die() { echo "check-fresh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mount)"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
case "$dir/" in "$repo"/*) die "--dir $dir is inside the repository" ;; esac
root="$dir/root"
logs="$dir/logs"

# README's Quick start: the command lines of its first ```sh block, comments off.
mapfile -t commands < <(awk '/^## Quick start/ { q = 1 } q && /^```sh/ { c = 1; next } c && /^```/ { exit }
                             c { sub(/[ \t]*#.*/, ""); if (NF) print }' "$repo/README.md")
[ ${#commands[@]} -eq 2 ] || die "README's Quick start should hold two commands, found ${#commands[@]}"
if [ -n "$try" ]; then
  commands=("$try")
  only=""
fi

commit=$(git -C "$repo" rev-parse HEAD)
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  say "note: the work tree has uncommitted changes; the check runs commit ${commit:0:12} without them"
fi

# ---- 1. the minimal root ---------------------------------------------------
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[$i]}" 2>/dev/null || umount -l "${mounted[$i]}" 2>/dev/null || true
  done
  mounted=()
  if [ "$keep" -eq 0 ] && [ -d "$root" ]; then
    # Only once nothing is mounted below it.
    if ! grep -q " $root/" /proc/mounts; then rm -rf "$root"; fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; }
fi
mirror=$(grep -rhoE '^(deb|URIs:)[^#]*https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
           /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -oE 'https?://[^ ]+/debian/?' | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}
base="$dir/minbase"
if [ "$reuse" -eq 1 ] && [ -f "$base/.octet-minbase-complete" ]; then
  say "reusing $base (debootstrapped $(date -d "@$(cat "$base/.octet-minbase-complete")" '+%F %T'))"
else
  [ "$reuse" -eq 1 ] && say "no complete $base yet: debootstrapping it"
  rm -rf "$base"
  say "debootstrap --variant=minbase bookworm $base $mirror"
  t0=$SECONDS
  debootstrap --variant=minbase bookworm "$base" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
    { tail -20 "$dir/debootstrap.log" >&2; die "debootstrap failed (log: $dir/debootstrap.log)"; }
  date +%s >"$base/.octet-minbase-complete"
  say "debootstrapped in $((SECONDS - t0)) s"
fi
rm -rf "$root"
cp -a "$base" "$root"
rm -f "$root/.octet-minbase-complete"

# ---- 2. apt sources, DNS, the clone ---------------------------------------------
rm -f "$root/etc/apt/sources.list"
rm -rf "$root/etc/apt/sources.list.d"
mkdir -p "$root/etc/apt/sources.list.d"
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$root/etc/apt/"
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && cp "$f" "$root/etc/apt/sources.list.d/"
done
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
manual_before=$(chroot "$root" apt-mark showmanual | sort)
git clone -q --no-hardlinks "$repo" "$root/root/octet"
git -C "$root/root/octet" checkout -q --detach "$commit"
say "clone of $commit in $root/root/octet"

# ---- 3. the commands -------------------------------------------------------------
for m in proc sys dev dev/pts; do
  mkdir -p "$root/$m"
  case $m in
    proc) mount -t proc proc "$root/proc" ;;
    sys) mount -t sysfs sys "$root/sys" ;;
    *) mount --bind "/$m" "$root/$m" ;;
  esac
  mounted+=("$root/$m")
done

mkdir -p "$logs"
statuses=()
times=()
for i in "${!commands[@]}"; do
  n=$((i + 1))
  cmd=${commands[$i]}
  if [ -n "$only" ] && [ "$only" != "$n" ]; then
    statuses+=("not run"); times+=("-"); continue
  fi
  log="$logs/command$n.log"
  say "running README command $n in the chroot: $cmd  (log: $log)"
  t0=$(date +%s)
  rc=0
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "cd /root/octet && $cmd" >"$log" 2>&1 || rc=$?
  t=$(($(date +%s) - t0))
  statuses+=("$rc")
  times+=("$((t / 60)) min $((t % 60)) s")
  say "command $n exited $rc after ${times[$i]}"
  if [ "$rc" -ne 0 ]; then
    tail -n 40 "$log" | sed 's/^/  | /'
  fi
done

# ---- 4. summary --------------------------------------------------------------------
# The packages: every one of tools/deps.txt the commands need is installed, and
# nothing else was installed by hand (dependencies come in as automatic).
purposes=()
if [ -n "$try" ]; then
  purposes=(bench test arm)  # informative only: what --try installed may be less
else
  { [ -z "$only" ] || [ "$only" = 1 ]; } && purposes+=(bench)
  { [ -z "$only" ] || [ "$only" = 2 ]; } && purposes+=(test arm)
fi
mapfile -t listed < <(bash "$repo/tools/install-deps.sh" --list "${purposes[@]}" | sort -u)
not_installed=()
for p in "${listed[@]}"; do
  chroot "$root" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    not_installed+=("$p")
done
manual_after=$(chroot "$root" apt-mark showmanual | sort)
extra=$(comm -13 <(echo "$manual_before") <(echo "$manual_after") | sed 's/:amd64$//' |
        comm -23 - <(printf '%s\n' "${listed[@]}") | paste -sd' ' -)
pkg_ok=1
[ ${#not_installed[@]} -eq 0 ] && [ -z "$extra" ] || pkg_ok=0

echo
echo "== check-fresh summary: commit ${commit:0:12}, Debian 12 minbase root $root"
for i in "${!commands[@]}"; do
  printf '  %-22s exit %-7s wall %s\n' "${commands[$i]}" "${statuses[$i]}" "${times[$i]}"
done
if [ "$pkg_ok" -eq 1 ]; then
  echo "  packages: the root holds the ${#listed[@]} packages of tools/deps.txt (${purposes[*]}) and no other installed by hand"
else
  echo "  packages: MISMATCH with tools/deps.txt: not installed: ${not_installed[*]:-none}; installed by hand but not listed: ${extra:-none}"
fi
table=$(ls -t "$root"/root/octet/bench/results/bench-*-t1.txt 2>/dev/null | head -n 1 || true)
if [ -n "$table" ]; then
  echo
  echo "== the main job's table ($(basename "$table"))"
  cat "$table"
elif [ -z "$try" ] && { [ -z "$only" ] || [ "$only" = 1 ]; }; then
  echo "  the main job printed no table (log: $logs/command1.log)"
fi
[ "$keep" -eq 1 ] && echo "  root kept: $root (logs: $logs)"

status=0
for s in "${statuses[@]}"; do
  case $s in 0|"not run") ;; *) status=1 ;; esac
done
[ "$pkg_ok" -eq 1 ] || status=1
exit $status
