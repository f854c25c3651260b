/// The seeded synthetic forgery benchmark: host photos in, probes, reference masks and MediScore index and
/// reference files out, so every analytic and fuser can be scored the same way on material nobody tuned for.
public enum MediForBenchmark {}
