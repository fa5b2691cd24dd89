"""The WSGI application: one port, the five documents' paths, 404/405/OPTIONS, response filters."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .apis import HANDLER_CLASSES
from .config import ProviderConfig
from .data import Datasets
from .pipeline import TEXT_CONTENT_TYPE, ListHandler

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

ROUTES: tuple[tuple[str, str], ...] = (
    ("/v1/workspaces/<workspace_id>/services/instances", "huawei-instances"),
    ("/v1/workspaces/<workspace_id>/endpoints", "huawei-endpoints"),
    ("/api/v2/services", "pai-eas"),
    ("/openapi/ha3/instances/<instanceId>/models", "ha3"),
    ("/zstack/v1/ai/model-services", "zstack"),
)
# Which API's error style answers an unknown path, by path prefix.
NOT_FOUND_STYLE: tuple[tuple[str, str], ...] = (
    ("/zstack/", "zstack"),
    ("/v1/", "huawei-instances"),
    ("/api/", "pai-eas"),
    ("/openapi/", "ha3"),
)
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
        rules = [Rule(path, endpoint=api, methods=["GET"]) for path, api in ROUTES]
        self.url_map = Map(rules, strict_slashes=False, merge_slashes=False)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        response = self.dispatch(request)
        for response_filter in self.response_filters:
            response = response_filter(request, response)
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
        for prefix, api in NOT_FOUND_STYLE:
            if request.path.startswith(prefix):
                handler = self.handlers[api]
                ctx = handler.make_context(request, {})
                return handler.render_error(handler.not_found_error(ctx), ctx)
        return Response(f"no list API at {request.path}", status=404, content_type=TEXT_CONTENT_TYPE)
