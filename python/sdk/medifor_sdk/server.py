"""`AnalyticServer` and `FuserServer`: a MediFor gRPC server around plain Python functions."""
from __future__ import annotations

import argparse
import inspect
import logging
import math
import mimetypes
import numbers
import os
import shutil
import signal
import tempfile
import threading
import time
import urllib.parse
from concurrent import futures
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from . import png
from ._proto.medifor.v1 import analytic_pb2, analytic_pb2_grpc, fusion_pb2_grpc
from .results import AnalyticError, AnalyticResult, ImageResult, OptOut, VideoOptOut, VideoResult

__all__ = ["AnalyticServer", "FuserServer", "DEFAULT_PORT", "PORT_ENV", "HOST_ENV"]

DEFAULT_PORT = 50051
DEFAULT_HOST = "[::]"
PORT_ENV = "MEDIFOR_ANALYTIC_PORT"
HOST_ENV = "MEDIFOR_ANALYTIC_HOST"
LOG_LEVEL_ENV = "MEDIFOR_LOG_LEVEL"
MAX_MESSAGE_CHARS = 500

F = TypeVar("F", bound=Callable[..., Any])


class _InvalidResult(Exception):
    """The function returned something that cannot be answered (bad score, bad mask, …): INTERNAL."""


def _one_line(text: str) -> str:
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    return line if len(line) <= MAX_MESSAGE_CHARS else line[: MAX_MESSAGE_CHARS - 1] + "…"


def _exception_status(error: BaseException) -> Tuple[grpc.StatusCode, str]:
    """The gRPC status an exception raised by an analytic/fuser function maps to."""
    if isinstance(error, AnalyticError):
        return error.code, _one_line(error.message) or error.code.name
    if isinstance(error, NotImplementedError):
        return grpc.StatusCode.UNIMPLEMENTED, _one_line(str(error)) or "not implemented"
    if isinstance(error, FileNotFoundError):
        detail = error.strerror or str(error)
        if error.filename:
            detail = f"{detail}: {error.filename}"
        return grpc.StatusCode.NOT_FOUND, _one_line(detail) or "file not found"
    if isinstance(error, ValueError):
        return grpc.StatusCode.INVALID_ARGUMENT, _one_line(str(error)) or type(error).__name__
    detail = _one_line(str(error))
    return grpc.StatusCode.INTERNAL, f"{type(error).__name__}: {detail}" if detail else type(error).__name__


def _positional_arity(function: Callable[..., Any], maximum: int) -> int:
    """How many of the `maximum` positional arguments to pass: as many as the function declares."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # builtins without a signature: pass everything
        return maximum
    count = 0
    for parameter in parameters:
        if parameter.kind == inspect.Parameter.VAR_POSITIONAL:
            return maximum
        if parameter.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            count += 1
    if count == 0:
        raise TypeError(f"{getattr(function, '__name__', function)!r} must take at least one positional argument")
    return min(count, maximum)


def _path_of(uri: str) -> str:
    """A local path from a Resource URI: bare paths as they are, `file://` URIs decoded."""
    if uri.startswith("file://"):
        return urllib.parse.unquote(urllib.parse.urlparse(uri).path)
    return uri


def _is_remote(uri: str) -> bool:
    scheme = urllib.parse.urlparse(uri).scheme
    return len(scheme) > 1 and scheme != "file"  # one letter: a Windows drive


def _checked_unit(value: Any, what: str, role: str) -> float:
    """`value` as a finite float in [0, 1], else _InvalidResult("<role> returned an invalid <what>")."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _InvalidResult(f"{role} returned an invalid {what}: {value!r} is not a number in [0, 1]")
    number = float(value)
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise _InvalidResult(f"{role} returned an invalid {what}: {number!r} is not a finite number in [0, 1]")
    return number


def _enum_value(enum_type: Any, value: Any, prefix: str, what: str) -> int:
    if isinstance(value, str):
        name = value.upper()
        for candidate in (name, prefix + name):
            if candidate in enum_type.keys():
                return enum_type.Value(candidate)
        raise _InvalidResult(f"unknown {what} {value!r}")
    if isinstance(value, bool) or not isinstance(value, int) or value not in enum_type.values():
        raise _InvalidResult(f"unknown {what} {value!r}")
    return int(value)


def _write_atomically(path: str, data: bytes) -> None:
    folder = os.path.dirname(path)
    handle, scratch = tempfile.mkstemp(dir=folder, prefix=".medifor-sdk-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(scratch, path)
    except BaseException:
        if os.path.exists(scratch):
            os.unlink(scratch)
        raise


def _inside(path: str, folder: str) -> bool:
    return os.path.realpath(path).startswith(os.path.join(os.path.realpath(folder), ""))


class _Output:
    """Writes the files of one result into the request's out_dir."""

    def __init__(self, out_dir: str, role: str, logger: logging.Logger):
        self.out_dir = out_dir
        self.role = role
        self.logger = logger

    def image(self, value: Any, file_name: str, what: str) -> str:
        """Stores a mask-like value as a PNG in out_dir; returns its absolute path."""
        if isinstance(value, (bytes, bytearray, memoryview)):
            data = bytes(value)
            self._check_png(data, what, "bytes")
            target = os.path.abspath(os.path.join(self.out_dir, file_name))
            _write_atomically(target, data)
            return target
        if isinstance(value, (str, os.PathLike)):
            source = os.path.abspath(os.fspath(value))
            if not os.path.isfile(source):
                raise _InvalidResult(f"{self.role} returned a {what} path that is not a file: {source}")
            with open(source, "rb") as handle:
                self._check_png(handle.read(64), what, source)
            return self._adopt(source)
        try:
            data = png.encode_mask(value)
        except ValueError as error:
            raise _InvalidResult(f"{self.role} returned an invalid {what}: {error}") from None
        target = os.path.abspath(os.path.join(self.out_dir, file_name))
        _write_atomically(target, data)
        return target

    def supplement(self, value: Any) -> analytic_pb2.Resource:
        if not isinstance(value, (str, os.PathLike)):
            raise _InvalidResult(f"{self.role} returned a supplement that is not a path: {value!r}")
        source = os.path.abspath(os.fspath(value))
        if not os.path.isfile(source):
            raise _InvalidResult(f"{self.role} returned a supplement path that is not a file: {source}")
        target = self._adopt(source)
        kind = mimetypes.guess_type(target)[0] or "application/octet-stream"
        return analytic_pb2.Resource(uri=target, type=kind)

    def _adopt(self, source: str) -> str:
        """`source` if it is already in out_dir, else the path of its copy in out_dir."""
        if _inside(source, self.out_dir):
            return source
        target = os.path.abspath(os.path.join(self.out_dir, os.path.basename(source)))
        shutil.copyfile(source, target)
        return target

    def _check_png(self, head: bytes, what: str, origin: str) -> None:
        info = png.png_info(head)
        if info is None:
            raise _InvalidResult(f"{self.role} returned an invalid {what}: {origin} is not a PNG")
        if not info.is_grey8:
            self.logger.warning("%s %s is a %s PNG; MediFor masks are 8-bit greyscale", self.role, what,
                                info.describe())


def _common_fields(message: Any, result: Any, output: _Output, role: str) -> None:
    message.explanation = str(result.explanation or "")
    if result.confidence is not None:
        message.confidence = _checked_unit(result.confidence, "confidence", role)
        message.has_confidence = True
    for name, value in dict(result.facets or {}).items():
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
            raise _InvalidResult(f"{role} returned an invalid facet {name!r}: {value!r}")
        message.facets[str(name)] = float(value)
    for kind in result.manipulation_types or ():
        message.manipulation_type.append(
            _enum_value(analytic_pb2.ManipulationType, kind, "MANIP_", "manipulation type"))
    if result.specificity is not None:
        message.specificity = _enum_value(analytic_pb2.SpecificityType, result.specificity, "SPEC_", "specificity")
    for path in result.supplement or ():
        message.supplement.append(output.supplement(path))


def _image_response(result: Any, output: _Output, role: str) -> analytic_pb2.ImageManipulation:
    if isinstance(result, analytic_pb2.ImageManipulation):
        _checked_unit(result.score, "score", role)
        return result
    if isinstance(result, numbers.Real) and not isinstance(result, bool):
        result = ImageResult(score=result)
    if not isinstance(result, ImageResult):
        raise _InvalidResult(f"{role} returned {type(result).__name__}, not an ImageResult")
    response = analytic_pb2.ImageManipulation()
    try:
        opt_out = OptOut(result.opt_out_type)
    except ValueError:
        raise _InvalidResult(f"{role} returned an invalid opt_out_type {result.opt_out_type!r}") from None
    if opt_out == OptOut.ALL:
        response.opt_out = analytic_pb2.OPT_OUT_ALL
        response.explanation = str(result.explanation or "")
        return response
    if opt_out == OptOut.NONE and result.score is None and result.mask is not None:
        opt_out = OptOut.DETECTION  # a mask without a score
    if opt_out == OptOut.DETECTION:
        if result.score is not None:
            raise _InvalidResult(f"{role} opted out of detection but returned a score")
    else:
        response.score = _checked_unit(result.score, "score", role)
    if opt_out == OptOut.LOCALIZATION and (result.mask is not None or result.mask_optout is not None):
        raise _InvalidResult(f"{role} opted out of localization but returned a mask")
    response.opt_out = int(opt_out)
    _common_fields(response, result, output, role)
    if result.mask is not None:
        response.localization.mask.CopyFrom(
            analytic_pb2.Resource(uri=output.image(result.mask, "mask.png", "mask"), type="image/png"))
    if result.mask_optout is not None:
        response.localization.mask_optout.CopyFrom(analytic_pb2.Resource(
            uri=output.image(result.mask_optout, "mask_optout.png", "opt-out mask"), type="image/png"))
    if result.mask_threshold is not None:
        threshold = result.mask_threshold
        if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or \
                not math.isfinite(float(threshold)):
            raise _InvalidResult(f"{role} returned an invalid mask threshold: {threshold!r}")
        response.localization.mask_threshold = float(threshold)
    return response


def _video_response(result: Any, output: _Output, role: str) -> analytic_pb2.VideoManipulation:
    if isinstance(result, analytic_pb2.VideoManipulation):
        _checked_unit(result.score, "score", role)
        return result
    if isinstance(result, numbers.Real) and not isinstance(result, bool):
        result = VideoResult(score=result)
    if not isinstance(result, VideoResult):
        raise _InvalidResult(f"{role} returned {type(result).__name__}, not a VideoResult")
    response = analytic_pb2.VideoManipulation()
    try:
        opt_outs = sorted({VideoOptOut(value) for value in result.opt_out_types or ()})
    except ValueError:
        raise _InvalidResult(f"{role} returned an invalid opt_out_types {result.opt_out_types!r}") from None
    response.opt_out.extend(int(value) for value in opt_outs)
    if VideoOptOut.DETECTION in opt_outs:
        if result.score is not None:
            raise _InvalidResult(f"{role} opted out of detection but returned a score")
    else:
        response.score = _checked_unit(result.score, "score", role)
    _common_fields(response, result, output, role)
    return response


def _annotated(entries: Sequence[Any], video: bool) -> List[AnalyticResult]:
    results = []
    for entry in entries:
        data = entry.data
        if video:
            opt_out: Any = tuple(VideoOptOut(value) for value in data.opt_out)
            mask = None
        else:
            opt_out = OptOut(data.opt_out) if data.opt_out in OptOut._value2member_map_ else OptOut.NONE
            mask = _path_of(data.localization.mask.uri) if data.localization.mask.uri else None
        results.append(AnalyticResult(
            name=entry.id, version=entry.version, score=data.score, explanation=data.explanation, opt_out=opt_out,
            mask=mask, confidence=data.confidence if data.has_confidence else None, facets=dict(data.facets),
            data=data))
    return results


class _Rpc:
    """How one RPC kind turns a request into function arguments and a result into a response."""

    def __init__(self, method: str, media: str, arguments: Callable[[Any, str], tuple],
                 media_uri: Callable[[Any], str], respond: Callable[[Any, _Output, str], Any], check_media: bool):
        self.method = method
        self.media = media
        self.arguments = arguments
        self.media_uri = media_uri
        self.respond = respond
        self.check_media = check_media


class _BaseServer:
    """What analytic and fuser servers share: registration, the call wrapper, health, start/stop/serve/main."""

    _service = ""
    _role = ""
    _max_arguments = 1
    _rpcs: Dict[str, _Rpc] = {}

    def __init__(self, name: str = "", *, max_workers: int = 10, max_concurrency: Optional[int] = None,
                 logger: Optional[logging.Logger] = None):
        if max_workers < 1:
            raise ValueError("max_workers must be at least 1")
        if max_concurrency is not None and max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1 (or None for no limit)")
        self.name = name or self._role
        self.max_workers = max_workers
        self.max_concurrency = max_concurrency
        self.logger = logger or logging.getLogger(f"medifor_sdk.{self.name}")
        self._handlers: Dict[str, Tuple[Callable[..., Any], int]] = {}
        self._server: Optional[grpc.Server] = None
        self._health: Optional[health.HealthServicer] = None
        self._port: Optional[int] = None
        self._limit: Optional[threading.BoundedSemaphore] = None
        self._lock = threading.Lock()

    # --- registration ------------------------------------------------------------------------------------------

    def _register(self, kind: str, function: F) -> F:
        if not callable(function):
            raise TypeError(f"@{kind} decorates a function, not {function!r}")
        if kind in self._handlers:
            raise ValueError(f"{self.name} already has a {kind} function")
        arity = _positional_arity(function, self._max_arguments)
        self._handlers[kind] = (function, arity)
        return function

    def image_manipulation(self, function: F) -> F:
        """Decorator: the function answering image manipulation requests (see the class documentation)."""
        return self._register("image_manipulation", function)

    def video_manipulation(self, function: F) -> F:
        """Decorator: the function answering video manipulation requests (see the class documentation)."""
        return self._register("video_manipulation", function)

    # --- one call ----------------------------------------------------------------------------------------------

    def _call(self, kind: str, request: Any, context: grpc.ServicerContext) -> Any:
        rpc = self._rpcs[kind]
        started = time.monotonic()
        request_id = getattr(request, "request_id", "")
        uri = rpc.media_uri(request)
        code, message, response = self._run(kind, rpc, request, uri)
        elapsed_ms = (time.monotonic() - started) * 1000.0
        if code == grpc.StatusCode.OK:
            summary = "opted out" if self._opted_out(response) else f"score={response.score:.6g}"
            self.logger.info("%s request_id=%s path=%s duration_ms=%.1f outcome=OK %s", rpc.method, request_id,
                             uri, elapsed_ms, summary)
            return response
        self.logger.warning("%s request_id=%s path=%s duration_ms=%.1f outcome=%s message=%r", rpc.method,
                            request_id, uri, elapsed_ms, code.name, message)
        context.abort(code, message)

    def _run(self, kind: str, rpc: _Rpc, request: Any, uri: str) -> Tuple[grpc.StatusCode, str, Any]:
        handler = self._handlers.get(kind)
        if handler is None:
            return grpc.StatusCode.UNIMPLEMENTED, f"{self.name} does not implement {rpc.method}", None
        function, arity = handler
        if rpc.check_media:
            if not uri:
                return grpc.StatusCode.INVALID_ARGUMENT, f"the request has no {rpc.media} uri", None
            if not _is_remote(uri) and not os.path.exists(_path_of(uri)):
                return grpc.StatusCode.NOT_FOUND, f"{rpc.media} not found: {_path_of(uri)}", None
        try:
            out_dir = self._out_dir(request)
        except OSError as error:
            self.logger.error("cannot create out_dir %r", request.out_dir, exc_info=True)
            return grpc.StatusCode.INTERNAL, _one_line(f"cannot create out_dir {request.out_dir}: {error}"), None
        arguments = rpc.arguments(request, out_dir)[:arity]
        try:
            if self._limit is not None:
                with self._limit:
                    result = function(*arguments)
            else:
                result = function(*arguments)
        except Exception as error:  # noqa: BLE001 - every exception becomes a clean status
            code, message = _exception_status(error)
            if code == grpc.StatusCode.INTERNAL and not isinstance(error, AnalyticError):
                self.logger.error("%s raised %s", getattr(function, "__name__", function), type(error).__name__,
                                  exc_info=True)
            return code, message, None
        try:
            return grpc.StatusCode.OK, "", rpc.respond(result, _Output(out_dir, self._role, self.logger), self._role)
        except _InvalidResult as error:
            return grpc.StatusCode.INTERNAL, _one_line(str(error)), None
        except Exception as error:  # noqa: BLE001 - e.g. a full disk while writing the mask
            self.logger.error("cannot build the response", exc_info=True)
            return grpc.StatusCode.INTERNAL, _one_line(f"cannot store the {self._role}'s result: {error}"), None

    def _out_dir(self, request: Any) -> str:
        if request.out_dir:
            out_dir = _path_of(request.out_dir)
            os.makedirs(out_dir, exist_ok=True)
            return out_dir
        out_dir = tempfile.mkdtemp(prefix=f"medifor-{self.name}-")
        self.logger.info("request_id=%s has no out_dir; writing into %s", request.request_id, out_dir)
        return out_dir

    @staticmethod
    def _opted_out(response: Any) -> bool:
        if isinstance(response, analytic_pb2.ImageManipulation):
            return response.opt_out in (analytic_pb2.OPT_OUT_ALL, analytic_pb2.OPT_OUT_DETECTION)
        return analytic_pb2.VIDEO_OPT_OUT_DETECTION in response.opt_out

    # --- lifecycle ---------------------------------------------------------------------------------------------

    def _add_service(self, server: grpc.Server) -> None:
        raise NotImplementedError

    @property
    def port(self) -> Optional[int]:
        """The port the server listens on once started, else None."""
        return self._port

    def start(self, port: Optional[int] = None, host: Optional[str] = None) -> int:
        """Starts serving in background threads and returns the bound port (`port=0` picks a free one).

        `port` defaults to $MEDIFOR_ANALYTIC_PORT, else 50051; `host` to $MEDIFOR_ANALYTIC_HOST, else all
        interfaces ("[::]").
        """
        with self._lock:
            if self._server is not None:
                raise RuntimeError(f"{self.name} is already serving on port {self._port}")
            if not self._handlers:
                raise RuntimeError(f"{self.name} has no function: decorate one with @server.image_manipulation")
            port = _default_port() if port is None else port
            host = host or os.environ.get(HOST_ENV) or DEFAULT_HOST
            server = grpc.server(futures.ThreadPoolExecutor(max_workers=self.max_workers,
                                                            thread_name_prefix=f"medifor-{self.name}"))
            self._add_service(server)
            health_servicer = health.HealthServicer()
            for service in ("", self._service):
                health_servicer.set(service, health_pb2.HealthCheckResponse.SERVING)
            health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
            address = f"{host}:{port}"
            try:
                bound = server.add_insecure_port(address)
            except RuntimeError as error:
                raise OSError(f"cannot listen on {address}: {error}") from None
            if not bound:
                raise OSError(f"cannot listen on {address}")
            self._limit = threading.BoundedSemaphore(self.max_concurrency) if self.max_concurrency else None
            server.start()
            self._server, self._health, self._port = server, health_servicer, bound
        kinds = ", ".join(sorted(self._handlers))
        self.logger.info("%s %s serving %s (%s) on %s:%d", self._role, self.name, self._service, kinds, host, bound)
        return bound

    def stop(self, grace: Optional[float] = 5.0) -> None:
        """Stops serving: health turns NOT_SERVING, new calls are refused, calls in flight get `grace` seconds."""
        with self._lock:
            server, health_servicer = self._server, self._health
            self._server = self._health = None
            self._port = None
        if server is None:
            return
        if health_servicer is not None:
            health_servicer.enter_graceful_shutdown()
        server.stop(grace).wait()
        self.logger.info("%s %s stopped", self._role, self.name)

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Blocks until the server stops (or `timeout` seconds pass); True if it stopped."""
        server = self._server
        if server is None:
            return True
        return server.wait_for_termination(timeout)

    def serve(self, port: Optional[int] = None, host: Optional[str] = None, *, grace: float = 10.0) -> None:
        """Starts and blocks until SIGTERM or SIGINT (Ctrl-C), then stops gracefully (`grace` seconds)."""
        stop = threading.Event()
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, lambda number, frame: stop.set())
        try:
            self.start(port, host)
            while not stop.wait(0.5):
                if self._server is None:  # stopped by someone else
                    return
            self.logger.info("%s %s received a stop signal; shutting down", self._role, self.name)
        finally:
            self.stop(grace)
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def main(self, argv: Optional[Sequence[str]] = None) -> None:
        """Command-line entry point: parses --port/--host/--max-workers/--log-level, sets up logging, serves.

        Defaults come from $MEDIFOR_ANALYTIC_PORT (else 50051), $MEDIFOR_ANALYTIC_HOST (else all interfaces) and
        $MEDIFOR_LOG_LEVEL (else INFO); a flag wins over its variable.
        """
        parser = argparse.ArgumentParser(description=f"Serve the MediFor {self._role} {self.name!r} over gRPC.")
        try:
            default_port = _default_port()
        except ValueError as error:
            parser.error(str(error))
        parser.add_argument("--port", type=int, default=default_port,
                            help=f"port to listen on, 0 for any (default ${PORT_ENV} or {DEFAULT_PORT})")
        parser.add_argument("--host", default=os.environ.get(HOST_ENV) or DEFAULT_HOST,
                            help=f"address to listen on (default ${HOST_ENV} or all interfaces)")
        parser.add_argument("--max-workers", type=int, default=self.max_workers,
                            help=f"gRPC worker threads (default {self.max_workers})")
        parser.add_argument("--log-level", default=os.environ.get(LOG_LEVEL_ENV, "INFO").upper(),
                            choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="logging level (default INFO)")
        args = parser.parse_args(argv)
        if args.max_workers < 1:
            parser.error("--max-workers must be at least 1")
        logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.max_workers = args.max_workers
        self.serve(port=args.port, host=args.host)


def _default_port() -> int:
    value = os.environ.get(PORT_ENV, "").strip()
    if not value:
        return DEFAULT_PORT
    try:
        port = int(value)
    except ValueError:
        raise ValueError(f"${PORT_ENV} must be a port number, not {value!r}") from None
    if not 0 <= port <= 65535:
        raise ValueError(f"${PORT_ENV} must be a port number, not {value!r}")
    return port


class AnalyticServer(_BaseServer):
    """A `mediforproto.Analytic` gRPC server (plus `grpc.health.v1.Health`) around your functions.

        server = AnalyticServer(name="my-detector")

        @server.image_manipulation
        def detect(image_path: str, out_dir: str, request) -> ImageResult:
            return ImageResult(score=0.7, mask=mask_array, explanation="...")

        server.main()   # or server.serve(port=50051)

    The function is called with `(media_path, out_dir, request)` — or only the first one or two of those if it
    declares fewer positional parameters. `out_dir` exists when it is called. RPCs without a function
    (splice, camera match, Kill, …) answer UNIMPLEMENTED.
    """

    _service = "mediforproto.Analytic"
    _role = "analytic"
    _max_arguments = 3
    _rpcs = {
        "image_manipulation": _Rpc(
            "DetectImageManipulation", "image",
            arguments=lambda request, out_dir: (_path_of(request.image.uri), out_dir, request),
            media_uri=lambda request: request.image.uri, respond=_image_response, check_media=True),
        "video_manipulation": _Rpc(
            "DetectVideoManipulation", "video",
            arguments=lambda request, out_dir: (_path_of(request.video.uri), out_dir, request),
            media_uri=lambda request: request.video.uri, respond=_video_response, check_media=True),
    }

    def _add_service(self, server: grpc.Server) -> None:
        analytic_pb2_grpc.add_AnalyticServicer_to_server(_AnalyticServicer(self), server)


class FuserServer(_BaseServer):
    """A `mediforproto.Fuser` gRPC server (plus `grpc.health.v1.Health`) around your functions.

        server = FuserServer(name="max")

        @server.image_manipulation
        def fuse(results: list[AnalyticResult], request) -> ImageResult:
            scored = [r.score for r in results if r.has_score]
            return ImageResult(score=max(scored)) if scored else ImageResult.opt_out("no scores")

    The function is called with `(results, request)` — or only `results` if it declares one positional
    parameter. `request.out_dir` exists when it is called; a returned mask is written there.
    """

    _service = "mediforproto.Fuser"
    _role = "fuser"
    _max_arguments = 2
    _rpcs = {
        "image_manipulation": _Rpc(
            "FuseImageManipulation", "image",
            arguments=lambda request, out_dir: (_annotated(request.img_manip, video=False), request),
            media_uri=lambda request: request.img_manip_req.image.uri, respond=_image_response, check_media=False),
        "video_manipulation": _Rpc(
            "FuseVideoManipulation", "video",
            arguments=lambda request, out_dir: (_annotated(request.vid_manip, video=True), request),
            media_uri=lambda request: request.vid_manip_req.video.uri, respond=_video_response, check_media=False),
    }

    def _add_service(self, server: grpc.Server) -> None:
        fusion_pb2_grpc.add_FuserServicer_to_server(_FuserServicer(self), server)


def _unimplemented(owner: _BaseServer, method: str, context: grpc.ServicerContext) -> None:
    owner.logger.info("%s outcome=UNIMPLEMENTED", method)
    context.abort(grpc.StatusCode.UNIMPLEMENTED, f"{owner.name} does not implement {method}")


class _AnalyticServicer(analytic_pb2_grpc.AnalyticServicer):
    def __init__(self, owner: AnalyticServer):
        self._owner = owner

    def DetectImageManipulation(self, request, context):  # noqa: N802 - gRPC method name
        return self._owner._call("image_manipulation", request, context)

    def DetectVideoManipulation(self, request, context):  # noqa: N802
        return self._owner._call("video_manipulation", request, context)

    def DetectImageSplice(self, request, context):  # noqa: N802
        _unimplemented(self._owner, "DetectImageSplice", context)

    def DetectImageCameraMatch(self, request, context):  # noqa: N802
        _unimplemented(self._owner, "DetectImageCameraMatch", context)

    def DetectImageCameras(self, request, context):  # noqa: N802
        _unimplemented(self._owner, "DetectImageCameras", context)

    def DetectVideoCameraMatch(self, request, context):  # noqa: N802
        _unimplemented(self._owner, "DetectVideoCameraMatch", context)

    def Kill(self, request, context):  # noqa: N802
        _unimplemented(self._owner, "Kill", context)


class _FuserServicer(fusion_pb2_grpc.FuserServicer):
    def __init__(self, owner: FuserServer):
        self._owner = owner

    def FuseImageManipulation(self, request, context):  # noqa: N802
        return self._owner._call("image_manipulation", request, context)

    def FuseVideoManipulation(self, request, context):  # noqa: N802
        return self._owner._call("video_manipulation", request, context)

    def FuseImageSplice(self, request, context):  # noqa: N802
        _unimplemented(self._owner, "FuseImageSplice", context)

    def FuseImageCameraMatch(self, request, context):  # noqa: N802
        _unimplemented(self._owner, "FuseImageCameraMatch", context)

    def FuseVideoCameraMatch(self, request, context):  # noqa: N802
        _unimplemented(self._owner, "FuseVideoCameraMatch", context)

    def Kill(self, request, context):  # noqa: N802
        _unimplemented(self._owner, "Kill", context)
