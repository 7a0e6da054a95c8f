#!/usr/bin/env bash
# tests/cover/tv.t on the cached 7.3 arm64 build (QEMU virt -cpu max, TCG): the tv-*
# workloads, kmod-vmalloc beside them and compare, as on x86_64. SKIPs without the build
# (scripts/build-kernel --debian 7.3 --arch arm64 --config base).
TV_BUILD="--debian 7.3 --arch arm64 --config base" exec "$(dirname "$0")/../tv.t"
