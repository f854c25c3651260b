/// # EntroQProto
///
/// Swift types and gRPC stubs generated from `Protos/entroq/entroq.proto` (package `api`, service
/// `api.EntroQ`). Everything under `Generated/` is written by `scripts/gen-protos.sh` and never edited by hand.
public enum EntroQProtoInfo {
    /// The full name of the queue service.
    public static let serviceName = "api.EntroQ"
}
