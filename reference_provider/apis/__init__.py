"""One handler per list API, keyed by the stem of the spec it serves (specs/<stem>.yaml)."""

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
# Scopes a variant may name besides one API: every API, or the two that share Huawei's conventions.
API_GROUPS: dict[str, tuple[str, ...]] = {
    "all": API_NAMES,
    "huawei": ("huawei-service-instances", "huawei-endpoints"),
}

__all__ = ["API_GROUPS", "API_NAMES", "HANDLER_CLASSES"]
