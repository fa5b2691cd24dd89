"""The provider's --scale knob: every API's item count multiplies, and the same scale gives the same items."""

from __future__ import annotations

import pytest

from reference_provider.cli import main
from reference_provider.config import ProviderConfig
from reference_provider.data import build_datasets, datasets_for


def test_scale_multiplies_every_count_deterministically() -> None:
    config = ProviderConfig.local()
    one, three = datasets_for(config), datasets_for(config, scale=3)
    assert len(three.zstack_model_services) == 3 * len(one.zstack_model_services)
    assert len(three.pai_eas_services) == 3 * len(one.pai_eas_services)
    workspace = config.huawei_workspace_id
    assert len(three.huawei_endpoints[workspace]) == 3 * len(one.huawei_endpoints[workspace])
    assert len(three.huawei_instances[workspace]) == 3 * len(one.huawei_instances[workspace])
    assert len(three.ha3_models[config.ha3_instance_id]) == 3 * len(one.ha3_models[config.ha3_instance_id])
    build_datasets.cache_clear()
    again = datasets_for(config, scale=3)
    assert [r.doc for r in again.pai_eas_services] == [r.doc for r in three.pai_eas_services]
    ids = [r.doc["ServiceId"] for r in three.pai_eas_services]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_a_bad_scale_is_a_one_line_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--port", "0", "--scale", value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "scale" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
