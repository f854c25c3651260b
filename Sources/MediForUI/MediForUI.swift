/// The analysts' web UI: server-rendered pages, small ES modules and CSS, served by Hummingbird and talking to
/// the workflow over the Pipeline gRPC API.
public enum MediForUI {}
