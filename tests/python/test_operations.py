"""Every operation of the model through boto3: the client-compatibility table.

`tests/clients/operations.json`, shared with the JS suite, holds a call per operation of
`fixtures/model/pinpoint-service-2.json` that must succeed, and per family a call that must raise
its modelled exception. The rules themselves belong to the store tests and golden files; here
only that boto3 serialises and signs each request and reads each answer and each error.
"""

import json
import re
import uuid

import botocore.session
import pytest
from botocore import xform_name

from conftest import REPO, make_client

TABLE = json.loads((REPO / "tests" / "clients" / "operations.json").read_text())
MODEL = json.loads((REPO / "fixtures" / "model" / "pinpoint-service-2.json").read_text())
# The families of issue 24, each with a modelled error in the table.
FAMILIES = {
    "apps", "endpoints", "users", "events", "channels", "templates", "messages", "segments",
    "campaigns", "journeys", "jobs", "recommenders", "tags", "kpis", "settings", "event stream",
    "phone",
}
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


def fill(value, saved):
    """The table's value with each ${name} replaced and each {"$map": …} expanded."""
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: saved[m.group(1)], value)
    if isinstance(value, list):
        return [fill(v, saved) for v in value]
    if isinstance(value, dict):
        if "$map" in value:
            return {fill(value["key"], {**saved, "i": str(i)}): fill(value["value"], saved)
                    for i in range(value["$map"])}
        return {k: fill(v, saved) for k, v in value.items()}
    return value


def dig(out, path):
    for part in path.split("."):
        out = out[int(part)] if isinstance(out, list) else out[part]
    return out


def call(client, step, saved):
    out = getattr(client, xform_name(step["op"]))(**fill(step["input"], saved))
    for name, path in step.get("save", {}).items():
        saved[name] = dig(out, path)
    return out


@pytest.fixture(scope="module")
def world(server):
    """The table's world, in a private account (docs/behaviour.md#scope-account), which the
    per-test cleanup of the default account leaves alone."""
    client = make_client(server, access_key=str(uuid.uuid4().int)[:11] + "7")
    saved = {"fresh": uuid.uuid4().hex[:12]}
    for step in TABLE["world"]:
        call(client, step, saved)
    return client, saved


def test_the_table_calls_every_operation_of_the_model_once():
    ops = MODEL["operations"]
    assert sorted(TABLE["calls"]) == sorted(ops)
    boto3_ops = botocore.session.get_session().get_service_model("pinpoint").operation_names
    assert not set(ops) - set(boto3_ops), "boto3 lacks operations of the model"
    assert set(TABLE["errors"]) == FAMILIES
    for family, row in TABLE["errors"].items():
        modelled = [e["shape"] for e in ops[row["op"]].get("errors", [])]
        # The tag operations model no errors: boto3 still maps the code to the service's class.
        assert row["error"] in modelled or not modelled, family
        assert MODEL["shapes"][row["error"]]["error"]["httpStatusCode"] == row["status"], family


@pytest.mark.parametrize("op", sorted(TABLE["calls"]))
def test_each_operation_succeeds_through_boto3(world, op):
    client, saved = world
    row, saved = TABLE["calls"][op], dict(saved)
    for step in row.get("setup", []):
        call(client, step, saved)
    out = call(client, {"op": op, "input": row["input"]}, saved)
    model = MODEL["operations"][op]
    meta = out["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == model["http"].get("responseCode", 200)
    assert meta["RequestId"]
    if "output" in model:
        payload = MODEL["shapes"][model["output"]["shape"]]["payload"]
        assert isinstance(out.get(payload), dict), out


@pytest.mark.parametrize("family", sorted(TABLE["errors"]))
def test_each_family_raises_its_modelled_exception(world, family):
    client, saved = world
    row = TABLE["errors"][family]
    with pytest.raises(getattr(client.exceptions, row["error"])) as exc:
        call(client, row, dict(saved))
    resp = exc.value.response
    assert (resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"]) == (row["error"], row["status"])
    assert resp["Error"]["Message"]
    assert resp["ResponseMetadata"]["RequestId"]
