"""Command line: serve the reference provider (or one variant) on loopback until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import IO, NoReturn

from werkzeug.serving import WSGIRequestHandler, make_server

from .access_log import AccessLog
from .app import ProviderApp
from .factory import LATENCY_ENV, VARIANT_ENV, create_app
from .variants import VARIANTS

SHUTDOWN_POLL_SECONDS = 0.5


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse that reports a bad argument on one line (no usage block) and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


PROG = "python -m reference_provider"


def build_parser(prog: str = PROG) -> OneLineErrorParser:
    """The provider's options; `prog` is the command the user typed (`listapi-contracts serve`)."""
    parser = OneLineErrorParser(prog=prog, description=__doc__)
    parser.add_argument("--port", type=port_number, help="TCP port; 0 picks a free one")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--variant", help=f"serve a registered variant (default: ${VARIANT_ENV}, else none)")
    parser.add_argument(
        "--list-variants", action="store_true", help="print name, api, class, conformant, description"
    )
    parser.add_argument("--access-log", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--access-log-file",
        metavar="FILE",
        help="append one line per request to FILE: its arrival (UTC, milliseconds), client, request "
        "line, status and time to answer",
    )
    parser.add_argument(
        "--scale",
        type=positive_int,
        help="multiply every API's item count (default: $REFERENCE_PROVIDER_SCALE, else 1)",
    )
    parser.add_argument(
        "--latency-ms",
        type=non_negative_int,
        metavar="N",
        help=f"delay every answer by N milliseconds; concurrent requests wait in parallel "
        f"(default: ${LATENCY_ENV}, else 0)",
    )
    return parser


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"invalid scale {text!r}: a positive integer")
    return int(text)


def non_negative_int(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"invalid latency {text!r}: a non-negative integer of milliseconds")
    return int(text)


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid port {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 0..65535")
    return port


def main(argv: Sequence[str] | None = None, prog: str = PROG) -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if args.list_variants:
        return list_variants()
    if args.port is None:
        parser.error("--port is required")
    variant = args.variant or os.environ.get(VARIANT_ENV) or None
    if variant is not None and variant not in VARIANTS:
        parser.error(f"unknown variant {variant!r}; see --list-variants")
    try:
        app = create_app(variant=variant, scale=args.scale, latency_ms=args.latency_ms)
    except ValueError as error:  # a missing credential default, a bad $REFERENCE_PROVIDER_* value
        parser.error(str(error))
    if not args.access_log:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    if args.access_log_file is None:
        return serve(app, args.host, args.port)
    try:
        sink: IO[str] = open(args.access_log_file, "a", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as error:
        parser.error(f"cannot open the access log file: {error}")
    with sink:
        return serve(AccessLog(app, sink), args.host, args.port)


def list_variants() -> int:
    """Print one line per variant; a reader that stops early (`| head`) is not an error."""
    try:
        for variant in VARIANTS.values():
            print(variant.listing_line())
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


class KeepAliveHandler(WSGIRequestHandler):
    """HTTP/1.1: a client's connection is kept for its next request, as a real gateway keeps it
    (werkzeug's default, HTTP/1.0, costs a new connection per request)."""

    protocol_version = "HTTP/1.1"


def serve(app: ProviderApp | AccessLog, host: str, port: int) -> int:
    """Serve threaded until SIGTERM/SIGINT; 0 on a clean stop, 1 if the port cannot be bound."""
    try:
        server = make_server(host, port, app, threaded=True, request_handler=KeepAliveHandler)
    except SystemExit:  # werkzeug already printed why the port could not be bound
        return 1
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    worker = threading.Thread(target=server.serve_forever, name="reference-provider", daemon=True)
    worker.start()
    print(f"reference provider listening on http://{host}:{server.server_port}", flush=True)
    while not stop.wait(SHUTDOWN_POLL_SECONDS):  # ends on SIGTERM/SIGINT
        if not worker.is_alive():
            return 1
    server.shutdown()
    server.server_close()
    worker.join(timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
