"""The WSGI application: one port, the specs' list paths, 404/405/OPTIONS, response filters."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .apis import API_NAMES, HANDLER_CLASSES
from .config import ProviderConfig
from .contracts import served_routes, werkzeug_rule
from .data import Datasets
from .pipeline import TEXT_CONTENT_TYPE, ListHandler

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


def not_found_styles(routes: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Which API's error style answers an unknown path: the first API whose route shares its first segment."""
    styles: dict[str, str] = {}
    for api, route in routes.items():
        styles.setdefault("/" + route.strip("/").split("/")[0] + "/", api)
    return tuple(styles.items())


ALLOWED_METHODS = "GET, HEAD"

ResponseFilter = Callable[[Request, Response], Response]


class ProviderApp:
    """Routes requests to the per-API handlers; variants replace handler stages or add response filters."""

    def __init__(self, config: ProviderConfig, datasets: Datasets) -> None:
        self.config = config
        self.datasets = datasets
        self.handlers: dict[str, ListHandler] = {
            api: cls(config, datasets) for api, cls in HANDLER_CLASSES.items()
        }
        self.response_filters: list[ResponseFilter] = []
        self.variant: str | None = None
        # Added to every answer before it is sent (a staging behind a far gateway); a threaded server
        # overlaps the waits of concurrent requests, as a real network does.
        self.latency_seconds = 0.0
        # The paths come from the specs the handlers serve (specs/<stem>.yaml), not from this module.
        self.routes = served_routes(API_NAMES)
        self.not_found_styles = not_found_styles(self.routes)
        rules = [
            Rule(werkzeug_rule(route), endpoint=api, methods=["GET"]) for api, route in self.routes.items()
        ]
        self.url_map = Map(rules, strict_slashes=False, merge_slashes=False)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        response = self.dispatch(request)
        for response_filter in self.response_filters:
            response = response_filter(request, response)
        if self.latency_seconds > 0:
            time.sleep(self.latency_seconds)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        adapter = self.url_map.bind_to_environ(request.environ)
        try:
            api, path_args = adapter.match()
        except MethodNotAllowed:
            api, path_args = adapter.match(method="GET")
            return self.method_not_allowed(request, self.handlers[str(api)], path_args)
        except HTTPException:
            return self.not_found(request)
        return self.handlers[str(api)].handle(request, path_args)

    def method_not_allowed(
        self, request: Request, handler: ListHandler, path_args: dict[str, str]
    ) -> Response:
        ctx = handler.make_context(request, path_args)
        if request.method == "OPTIONS":
            return Response(status=204, headers={**handler.response_headers(ctx), "Allow": ALLOWED_METHODS})
        reply = handler.method_not_allowed_error(ctx)
        reply = dataclasses.replace(reply, headers={**reply.headers, "Allow": ALLOWED_METHODS})
        return handler.render_error(reply, ctx)

    def not_found(self, request: Request) -> Response:
        for prefix, api in self.not_found_styles:
            if request.path.startswith(prefix):
                handler = self.handlers[api]
                ctx = handler.make_context(request, {})
                return handler.render_error(handler.not_found_error(ctx), ctx)
        return Response(f"no list API at {request.path}", status=404, content_type=TEXT_CONTENT_TYPE)
