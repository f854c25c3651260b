"""The generated MediFor protobuf and gRPC modules shipped with the SDK, for clients and tests.

    from medifor_sdk.protos import analytic_pb2, analytic_pb2_grpc
    stub = analytic_pb2_grpc.AnalyticStub(grpc.insecure_channel("127.0.0.1:50051"))

`workflow_pipeline_pb2(_grpc)` are the `workflowproto.Pipeline` variants (same messages, other service name).
`google.rpc.Status` comes from googleapis-common-protos and health from grpcio-health-checking.
"""
from ._proto.medifor.v1 import (  # noqa: F401
    analytic_pb2,
    analytic_pb2_grpc,
    fusion_pb2,
    fusion_pb2_grpc,
    kill_pb2,
    kill_pb2_grpc,
    pipeline_pb2,
    pipeline_pb2_grpc,
    provenance_pb2,
    provenance_pb2_grpc,
    streamingproxy_pb2,
    streamingproxy_pb2_grpc,
    task_pb2,
)
from ._proto.workflowproto import pipeline_pb2 as workflow_pipeline_pb2  # noqa: F401
from ._proto.workflowproto import pipeline_pb2_grpc as workflow_pipeline_pb2_grpc  # noqa: F401

__all__ = [
    "analytic_pb2", "analytic_pb2_grpc", "fusion_pb2", "fusion_pb2_grpc", "kill_pb2", "kill_pb2_grpc",
    "pipeline_pb2", "pipeline_pb2_grpc", "provenance_pb2", "provenance_pb2_grpc", "streamingproxy_pb2",
    "streamingproxy_pb2_grpc", "task_pb2", "workflow_pipeline_pb2", "workflow_pipeline_pb2_grpc",
]
