/// # MediForProto
///
/// Swift types and gRPC stubs generated from `Protos/` for the MediFor v1 contract (`mediforproto`), the
/// Pipeline service under its second package name (`workflowproto`), `google.rpc.Status` and gRPC health.
/// Everything under `Generated/` is written by `scripts/gen-protos.sh` and never edited by hand; helpers for the
/// generated types live beside it.
public enum MediForProtoInfo {
    /// The full names under which the Pipeline service is served.
    public static let pipelineServiceNames = ["mediforproto.Pipeline", "workflowproto.Pipeline"]
}
