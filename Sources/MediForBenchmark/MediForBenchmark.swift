// # MediForBenchmark
//
// The seeded synthetic forgery benchmark: host photos in; probes, reference masks, and MediScore index and
// reference files out (``BenchmarkGenerator``), so every analytic and fuser is scored the same way on material
// nobody tuned for. Host normalisation (`Hosts/`), the plan of target–control pairs (`Plan/`), pixel operations on
// contiguous RGB buffers (`Pixels/`), the manipulations (`Render/`) and the files with their EXIF (`Output/`).
//
// Depends on MediForImaging (JPEG and PNG codecs) and MediForEval (the pipe-table writers); it knows nothing of
// analytics, queues or gRPC. Randomness comes only from ``SeededRandom``; the system generator is never used.
