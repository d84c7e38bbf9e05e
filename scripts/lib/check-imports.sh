#!/usr/bin/env bash
# Checks that Package.swift declares every module a target imports: for each target of
# Package.swift (its directory is `path:`, or Sources/NAME, or Tests/NAME for a test target), it
# lists the modules the target's Swift files import and fails when one is neither a dependency
# of the target (a sibling target or a product, by name) nor a system module. Prints one line per
# target (`Target: imports...`) and one per missing dependency. No network, no build.
# Usage: scripts/lib/check-imports.sh [PACKAGE_DIR]   (default: the repository root)
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
# Modules of the toolchain and the platform, never declared in Package.swift.
system_modules="Foundation FoundationEssentials FoundationNetworking FoundationXML Dispatch Glibc Darwin Musl
    XCTest Testing PackageDescription Swift _Concurrency Synchronization"

# One line per target: KIND NAME DIRECTORY DEPENDENCY... (dependencies by target or product name).
targets="$(awk -v root="$root" '
    { text = text $0 "\n" }
    END {
        rest = text
        while (match(rest, /\.(target|testTarget|executableTarget|systemLibrary|plugin|macro)\(/)) {
            kind = substr(rest, RSTART + 1, RLENGTH - 2)
            rest = substr(rest, RSTART + RLENGTH)
            # The arguments, up to the parenthesis that closes the call.
            depth = 1
            for (i = 1; i <= length(rest) && depth > 0; i++) {
                c = substr(rest, i, 1)
                if (c == "(") depth++
                else if (c == ")") depth--
            }
            call = substr(rest, 1, i - 2)
            rest = substr(rest, i)
            name = ""; dir = ""; deps = ""
            if (match(call, /name: *"[^"]*"/)) {
                name = substr(call, RSTART, RLENGTH); sub(/^name: *"/, "", name); sub(/"$/, "", name)
            }
            if (match(call, /path: *"[^"]*"/)) {
                dir = substr(call, RSTART, RLENGTH); sub(/^path: *"/, "", dir); sub(/"$/, "", dir)
            } else {
                dir = (kind == "testTarget" ? "Tests/" : "Sources/") name
            }
            if (match(call, /dependencies: *\[/)) {
                list = substr(call, RSTART + RLENGTH)
                depth = 1
                for (i = 1; i <= length(list) && depth > 0; i++) {
                    c = substr(list, i, 1)
                    if (c == "[") depth++
                    else if (c == "]") depth--
                }
                list = substr(list, 1, i - 2)
                # Package names (`package: "swift-nio"`) are not module names; everything else
                # quoted is a target or product name (`"ReelCore"`, `.product(name: "NIOCore", ...)`).
                gsub(/package: *"[^"]*"/, "", list)
                while (match(list, /"[^"]*"/)) {
                    deps = deps " " substr(list, RSTART + 1, RLENGTH - 2)
                    list = substr(list, RSTART + RLENGTH)
                }
            }
            print kind, name, dir deps
        }
    }' "$root/Package.swift")"

status=0
while read -r kind name dir deps; do
    [[ "$kind" == systemLibrary ]] && continue
    if [[ ! -d "$root/$dir" ]]; then
        echo "check-imports: $name: no directory $dir" >&2
        status=1
        continue
    fi
    # `import X`, `@testable import X`, `import struct X.Y`... outside multiline string literals
    # (which may hold other languages' imports).
    # shellcheck disable=SC2016  # the awk program's `$0` is awk's
    imports="$(find "$root/$dir" -name '*.swift' -print0 | xargs -0 -r awk '
        FNR == 1 { quoted = 0 }
        {
            line = $0
            if (!quoted && line ~ /^[ \t]*(@[A-Za-z_]+(\([^)]*\))? +)*import +((struct|class|enum|protocol|func|var|let|typealias) +)?[A-Za-z_]/) {
                sub(/^[ \t]*(@[A-Za-z_]+(\([^)]*\))? +)*import +((struct|class|enum|protocol|func|var|let|typealias) +)?/, "", line)
                match(line, /^[A-Za-z_][A-Za-z0-9_]*/)
                print substr(line, RSTART, RLENGTH)
            }
            # A line with an odd number of `"""` opens or closes a multiline string.
            count = gsub(/"""/, "&", $0)
            if (count % 2 == 1) quoted = !quoted
        }' | sort -u | tr '\n' ' ')"
    echo "$name: ${imports% }"
    for module in $imports; do
        case " $deps $system_modules " in
        *[[:space:]]"$module"[[:space:]]*) ;;
        *)
            echo "check-imports: $name imports $module, which Package.swift does not list among its dependencies" >&2
            status=1
            ;;
        esac
    done
done <<<"$targets"
exit "$status"
