"""MediFor SDK: turn a Python function into a MediFor analytic or fuser gRPC server.

    from medifor_sdk import AnalyticServer, ImageResult

    server = AnalyticServer(name="my-detector")

    @server.image_manipulation
    def detect(image_path, out_dir, request):
        return ImageResult(score=0.7, explanation="...")

    if __name__ == "__main__":
        server.main()   # --port / $MEDIFOR_ANALYTIC_PORT, default 50051; SIGTERM stops gracefully

See README.md for the full contract.
"""
from .png import encode_mask
from .results import AnalyticError, AnalyticResult, ImageResult, OptOut, VideoOptOut, VideoResult
from .server import DEFAULT_PORT, AnalyticServer, FuserServer

__version__ = "0.1.0"

__all__ = [
    "AnalyticError",
    "AnalyticResult",
    "AnalyticServer",
    "DEFAULT_PORT",
    "FuserServer",
    "ImageResult",
    "OptOut",
    "VideoOptOut",
    "VideoResult",
    "encode_mask",
    "__version__",
]
