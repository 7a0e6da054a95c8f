# shellcheck shell=bash
# arch/lib.sh: what an architecture is, for the scripts. Source it, then
#   arch_load NAME    sets A_<key> from arch/NAME.conf (returns 1 if there is no such arch)
#   arch_names        prints every arch that has a file, one a line
#   arch_list         the same, space-separated (for messages)
# An arch file holds `key=value` lines (no quoting: the value runs to the end of the line;
# `#` starts a comment only at the start of a line). Keys: see arch/README.md.
# Files are read, never sourced: nothing in them runs.
arch_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
arch_names() {
	local f
	for f in "$arch_dir"/*.conf; do [ -f "$f" ] && basename "$f" .conf; done
}
arch_list() { arch_names | tr '\n' ' ' | sed 's/ $//'; }
arch_load() {
	local f=$arch_dir/$1.conf line k v
	[[ $1 =~ ^[a-z0-9_]+$ ]] && [ -f "$f" ] || return 1
	for k in $(compgen -v A_ || true); do unset "$k"; done
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '#'* | '') continue ;; esac
		k=${line%%=*} v=${line#*=}
		[[ $k =~ ^[a-z_][a-z0-9_]*$ ]] && [ "$k" != "$line" ] || {
			echo "arch/$1.conf: bad line '$line'" >&2
			return 1
		}
		printf -v "A_$k" '%s' "$v"
	done <"$f"
	A_name=$1
}
