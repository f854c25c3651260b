#!/usr/bin/env bash
# Regenerates the committed Swift code under Sources/*/Generated from Protos/.
#
# Uses Debian's protoc and the protoc plugins built from this package's own swift-protobuf and
# grpc-swift-protobuf dependencies (no SwiftPM build plugin). Usage:
#   scripts/gen-protos.sh            regenerate in place
#   scripts/gen-protos.sh --check    regenerate into a temporary folder and fail if the committed code differs
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

command -v protoc >/dev/null || { echo "gen-protos: protoc not found (apt-get install protobuf-compiler)" >&2; exit 3; }

scratch=${GEN_PROTOS_SCRATCH:-$root/.build}
swift build --scratch-path "$scratch" --product protoc-gen-swift >/dev/null
swift build --scratch-path "$scratch" --product protoc-gen-grpc-swift-2 >/dev/null
bin=$(swift build --scratch-path "$scratch" --show-bin-path)

out=$root/Sources
if [ "${1:-}" = "--check" ]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
fi

# Well-known types (google/protobuf/*.proto) come from Debian's protobuf-compiler include folder.
wkt=/usr/include

generate() {  # generate <target> <proto files...>
    local target=$1; shift
    local dest=$out/$target/Generated
    rm -rf "$dest"; mkdir -p "$dest"
    protoc -I "$root/Protos" -I "$wkt" \
        --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
        --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" \
        --swift_opt=Visibility=Public --swift_opt=FileNaming=PathToUnderscores \
        --grpc-swift_opt=Visibility=Public --grpc-swift_opt=FileNaming=PathToUnderscores \
        --swift_out="$dest" --grpc-swift_out="$dest" \
        "$@"
}

(cd Protos && generate EntroQProto entroq/entroq.proto)
(cd Protos && generate MediForProto $(find medifor workflowproto google grpc -name '*.proto' | sort))

# A descriptor set of every file, for the wire-identity tests.
mkdir -p "$out/../Tests/MediForProtoTests/Resources" 2>/dev/null || true
if [ "${1:-}" != "--check" ]; then
    (cd Protos && protoc -I "$root/Protos" -I "$wkt" --include_imports \
        --descriptor_set_out="$root/Tests/MediForProtoTests/Resources/descriptors.pb" \
        $(find . -name '*.proto' | sed 's|^\./||' | sort))
fi

if [ "${1:-}" = "--check" ]; then
    status=0
    for target in EntroQProto MediForProto; do
        if ! diff -r "$out/$target/Generated" "$root/Sources/$target/Generated" >/dev/null; then
            echo "gen-protos: Sources/$target/Generated is stale; run scripts/gen-protos.sh" >&2
            diff -r "$out/$target/Generated" "$root/Sources/$target/Generated" | head -20 >&2
            status=1
        fi
    done
    [ $status -eq 0 ] && echo "gen-protos: generated code is up to date"
    exit $status
fi
echo "gen-protos: wrote Sources/EntroQProto/Generated and Sources/MediForProto/Generated"
