"""Generated MediFor stubs (protoc via grpcio-tools 1.85.1). Do not edit: run scripts/gen-python-stubs.sh."""
