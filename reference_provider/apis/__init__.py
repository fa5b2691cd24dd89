"""One handler per list API, keyed by the API name variants and routes use."""

from __future__ import annotations

from ..pipeline import ListHandler
from .ha3 import Ha3ModelsHandler
from .huawei_endpoints import HuaweiEndpointsHandler
from .huawei_instances import HuaweiInstancesHandler
from .pai_eas import PaiEasServicesHandler
from .zstack import ZStackModelServicesHandler

HANDLER_CLASSES: dict[str, type[ListHandler]] = {
    handler.api: handler
    for handler in (
        HuaweiInstancesHandler,
        HuaweiEndpointsHandler,
        PaiEasServicesHandler,
        Ha3ModelsHandler,
        ZStackModelServicesHandler,
    )
}
API_NAMES: tuple[str, ...] = tuple(HANDLER_CLASSES)

__all__ = ["API_NAMES", "HANDLER_CLASSES"]
