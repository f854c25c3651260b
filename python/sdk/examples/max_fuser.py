"""Example MediFor fuser: the maximum score of the analytics that produced one (like the original example fuser).

Analytics that failed, opted out entirely or opted out of detection reach the fuser without a score
(`AnalyticResult.has_score` is false) and are left out; when none is left the fusion opts out.

Run:  python max_fuser.py --port 50052     (or MEDIFOR_ANALYTIC_PORT=50052)
Config entry for `medifor serve --config`:
    {"id": "max", "name": "Maximum", "description": "maximum of the analytic scores",
     "media": ["FUSION_IMAGE", "FUSION_VIDEO"], "address": "127.0.0.1:50052"}
"""
from __future__ import annotations

from typing import List, Optional, Union

from medifor_sdk import AnalyticResult, FuserServer, ImageResult, VideoResult

server = FuserServer(name="max")


def fuse_max(results: List[AnalyticResult], result_type: type) -> Union[ImageResult, VideoResult]:
    scored = [result for result in results if result.has_score]
    if not scored:
        return result_type.opt_out(f"none of the {len(results)} analytics produced a score")
    best = max(scored, key=lambda result: result.score)
    return result_type(score=best.score,
                       explanation=f"maximum of {len(scored)} scores, from {best.analytic_id}")


@server.image_manipulation
def fuse_images(results: List[AnalyticResult], request) -> ImageResult:
    return fuse_max(results, ImageResult)


@server.video_manipulation
def fuse_videos(results: List[AnalyticResult], request) -> VideoResult:
    return fuse_max(results, VideoResult)


def main(argv: Optional[List[str]] = None) -> None:
    server.main(argv)


if __name__ == "__main__":
    main()
