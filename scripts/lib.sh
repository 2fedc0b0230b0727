# lib.sh - shell functions the packaging and system-test scripts share.
# Sourced (". scripts/lib.sh"), never run.

# debian_mirror: the Debian archive to use: $ANTRE_DEBIAN_MIRROR, else the
# first non-security "URIs:" (deb822) or "deb URL" line of this machine's
# apt sources, else deb.debian.org.
debian_mirror() {
	_m=${ANTRE_DEBIAN_MIRROR:-}
	[ -n "$_m" ] || _m=$(cat /etc/apt/sources.list.d/*.sources \
	    2>/dev/null | awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }')
	[ -n "$_m" ] || _m=$(cat /etc/apt/sources.list \
	    /etc/apt/sources.list.d/*.list 2>/dev/null |
	    awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }')
	echo "${_m:-http://deb.debian.org/debian}"
}

# copy_source FROM TO: the source tree FROM as a fresh clone has it, into
# the existing folder TO: the files git knows (committed or not, ignored
# ones left out), or the whole tree less build/ outside a git checkout.
copy_source() {
	if git -C "$1" rev-parse --git-dir >/dev/null 2>&1; then
		# Files deleted but not yet committed are listed and missing:
		# cp's complaints about them are not errors.
		git -C "$1" ls-files -z --cached --others --exclude-standard |
		    (cd "$1" && xargs -0 cp --parents -t "$2" 2>/dev/null) ||
		    true
	else
		tar -C "$1" --exclude=./build -cf - . | tar -C "$2" -xf -
	fi
}
