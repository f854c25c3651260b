#!/usr/bin/env bash
# Regenerates the Python stubs shipped in the Python SDK (python/sdk/medifor_sdk/_proto) from Protos/.
#
# Uses `python -m grpc_tools.protoc` (grpcio-tools, at the version pinned in python/tests/requirements.txt) on
# Protos/medifor/v1/*.proto and Protos/workflowproto/pipeline.proto. google/rpc/status.proto and the gRPC health
# protocol are NOT generated: the stubs import them from googleapis-common-protos (`google.rpc.status_pb2`) and
# grpcio-health-checking. protoc writes absolute imports (`from medifor.v1 import analytic_pb2`); they are
# rewritten to package-relative ones so the stubs work as `medifor_sdk._proto.medifor.v1.*`. Usage:
#   scripts/gen-python-stubs.sh            regenerate in place (idempotent)
#   scripts/gen-python-stubs.sh --check    regenerate into a temporary folder and fail if the shipped stubs differ
# Environment: PYTHON (default python3); GEN_PYTHON_STUBS_ANY_TOOLS=1 accepts a grpcio-tools version other than
# the pinned one (the output then differs from the shipped stubs, so --check will fail).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
python=${PYTHON:-python3}
dest=$root/python/sdk/medifor_sdk/_proto

mode=write
case "${1:-}" in
    "") ;;
    --check) mode=check ;;
    *) echo "usage: scripts/gen-python-stubs.sh [--check]" >&2; exit 64 ;;
esac

have=$("$python" -c 'import importlib.metadata as m; print(m.version("grpcio-tools"))' 2>/dev/null) || {
    echo "gen-python-stubs: grpcio-tools is not installed for $python (pip install -r python/tests/requirements.txt)" >&2
    exit 3
}
want=$(sed -n 's/^grpcio-tools==\([^[:space:]]*\).*/\1/p' python/tests/requirements.txt | head -1)
if [ -n "$want" ] && [ "$have" != "$want" ] && [ -z "${GEN_PYTHON_STUBS_ANY_TOOLS:-}" ]; then
    echo "gen-python-stubs: grpcio-tools $have is installed but python/tests/requirements.txt pins $want;" \
         "pip install grpcio-tools==$want (or set GEN_PYTHON_STUBS_ANY_TOOLS=1)" >&2
    exit 3
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/_proto
mkdir -p "$out"

protos=$(cd Protos && find medifor/v1 workflowproto -name '*.proto' | LC_ALL=C sort)
(cd Protos && "$python" -m grpc_tools.protoc -I. \
    --python_out="$out" --grpc_python_out="$out" --pyi_out="$out" $protos)

for generated in google grpc; do
    if [ -e "$out/$generated" ]; then
        echo "gen-python-stubs: protoc generated a $generated/ package that would shadow the installed one" >&2
        exit 1
    fi
done

# Package markers, and absolute imports of generated modules rewritten to relative ones.
"$python" - "$out" "$have" <<'PY'
import os
import re
import sys

out, tools_version = sys.argv[1], sys.argv[2]
generated_roots = ("medifor", "workflowproto")
with open(os.path.join(out, "__init__.py"), "w") as init:
    init.write(
        '"""Generated MediFor stubs (protoc via grpcio-tools %s). Do not edit: run scripts/gen-python-stubs.sh."""\n'
        % tools_version)
for folder, _, files in os.walk(out):
    if folder != out and not os.path.exists(os.path.join(folder, "__init__.py")):
        open(os.path.join(folder, "__init__.py"), "w").close()

pattern = re.compile(r"^from ((?:%s)(?:\.\w+)*) import " % "|".join(generated_roots), re.M)
for folder, _, files in os.walk(out):
    here = os.path.relpath(folder, out).replace(os.sep, ".")
    for name in sorted(files):
        if not name.endswith((".py", ".pyi")) or name == "__init__.py":
            continue
        path = os.path.join(folder, name)
        with open(path) as source:
            text = source.read()

        def relative(match, here=here):
            target = match.group(1)
            if target == here:
                return "from . import "
            depth = here.count(".") + 1  # dots to climb from this package to _proto
            return "from %s%s import " % ("." * (depth + 1), target)

        text = pattern.sub(relative, text)
        leftover = re.search(r"^(?:from|import) (?:%s)\b.*$" % "|".join(generated_roots), text, re.M)
        if leftover:
            sys.exit("gen-python-stubs: absolute import left in %s: %s" % (path, leftover.group(0)))
        with open(path, "w") as target_file:
            target_file.write(text)
PY

if [ "$mode" = check ]; then
    if ! diff -r -x __pycache__ "$out" "$dest" >/dev/null 2>&1; then
        echo "gen-python-stubs: python/sdk/medifor_sdk/_proto is stale; run scripts/gen-python-stubs.sh" >&2
        diff -r -x __pycache__ "$out" "$dest" 2>&1 | head -20 >&2
        exit 1
    fi
    echo "gen-python-stubs: generated stubs are up to date"
    exit 0
fi

rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
cp -R "$out" "$dest"
echo "gen-python-stubs: wrote python/sdk/medifor_sdk/_proto (grpcio-tools $have)"
