"""moto_server, with the distributed Map's ResultWriter writing its result files as AWS does.

moto 5.2.1's ResultWriter (moto/stepfunctions/parser/asl/component/state/exec/state_map/result_writer/resource_eval/
resource_eval_s3.py, ResourceEvalS3._handle_put_object) writes only a manifest whose ResultFiles are empty and drops
the Map's results ("TODO: generate result files and upload them to s3"). AWS writes, beside the manifest, the child
executions grouped by status: SUCCEEDED_0.json and FAILED_0.json, each a JSON array of executions with their
ExecutionArn, Name, Status, Input and Output as JSON text (Error and Cause for a failed one), StartDate and StopDate,
named in the manifest's ResultFiles with their Key and Size.

This wrapper patches two places before it runs moto's own server main, with the same arguments as moto_server:
  - DistributedItemProcessorWorker._eval_input / _eval_job: each child's input (after ItemSelector), status, output
    or error are kept on the Map Run's record (moto runs the children in the parent's interpreter, not as executions);
  - ResourceEvalS3._handle_put_object: writes SUCCEEDED_0.json and FAILED_0.json from those records, then the manifest
    naming them.
Everything else is moto's. When moto writes the files itself (its handler no longer has the TODO), the patch stands
aside and says so on stderr: then drop this file and launch moto_server directly (see docs/moto-patches.md).

One more, in EventBridge: moto 5.2.1 hands every event put on a bus to the targets of the bus's schedule rules too (a
rule without an EventPattern matches everything in moto), and answers PutEvents with a 500 when such a target is a
state machine (Rule.send_to_targets: "Expr not defined"). On AWS a schedule rule matches no event. The stack's schedule
is such a rule, so the patch makes a rule with a ScheduleExpression and no EventPattern send no event to its targets.
"""
import copy
import datetime
import inspect
import json
import sys
import uuid

PATCH = "moto_result_files"


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def patch():
    try:
        from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration.itemprocessor import (
            distributed_item_processor_worker as worker_module,
        )
        from moto.stepfunctions.parser.asl.component.state.exec.state_map.result_writer.resource_eval import (
            resource_eval_s3 as writer_module,
        )
        from moto.stepfunctions.parser.asl.eval.program_state import ProgramEnded, ProgramError, ProgramTimedOut
    except ImportError as error:
        print(f"{PATCH}: moto's Step Functions modules moved ({error}); not patched: locally, the distributed Map's"
              " results will be missing (see docs/moto-patches.md)", file=sys.stderr)
        return False
    writer = writer_module.ResourceEvalS3
    if "TODO: generate result files" not in inspect.getsource(writer._handle_put_object):
        print(f"{PATCH}: this moto writes ResultWriter's result files itself; the patch stands aside (drop it, see"
              " docs/moto-patches.md)", file=sys.stderr)
        return False
    worker = worker_module.DistributedItemProcessorWorker
    eval_input = worker._eval_input
    eval_job = worker._eval_job

    def _eval_input(self, env_frame):
        eval_input(self, env_frame)
        # The child's input as AWS records it: the item after ItemSelector.
        env_frame.result_files_input = copy.deepcopy(env_frame.states.get_input())

    def _eval_job(self, env, job):
        started = _now()
        eval_job(self, env, job)
        state = env.program_state()
        child = {
            "Input": json.dumps(getattr(env, "result_files_input", job.job_input)),
            "InputDetails": {"Included": True},
            "StartDate": started,
            "StopDate": _now(),
        }
        if isinstance(state, ProgramEnded):
            status = "SUCCEEDED"
            child["Output"] = json.dumps(job.job_output)
            child["OutputDetails"] = {"Included": True}
        elif isinstance(state, ProgramError):
            status = "FAILED"
            details = state.error or {}
            child["Error"] = details.get("error", "States.Runtime")
            if details.get("cause") is not None:
                child["Cause"] = details.get("cause")
        elif isinstance(state, ProgramTimedOut):
            status = "TIMED_OUT"
            child["Error"] = "States.Timeout"
        else:
            status = "FAILED"
            child["Error"] = "States.Runtime"
            child["Cause"] = f"moto ended the child in state {type(state).__name__}"
        child["Status"] = status
        records = self._map_run_record.__dict__.setdefault("result_files", [])
        records.append((job.job_index, child))

    def _handle_put_object(env, resource_runtime_part, state_credentials):
        parameters = env.stack.pop()
        env.stack.pop()  # the children's outputs: the records above hold them with their inputs
        s3_client = writer._get_s3_client(resource_runtime_part=resource_runtime_part, state_credentials=state_credentials)
        map_run_record = env.map_run_record_pool_manager.get_all().pop()
        map_run_uuid = map_run_record.map_run_arn.split(":")[-1]
        if parameters["Prefix"] != "" and not parameters["Prefix"].endswith("/"):
            parameters["Prefix"] += "/"
        directory = parameters["Prefix"] + map_run_uuid + "/"
        # arn:<partition>:states:<region>:<account>:mapRun:<state machine>/<label>:<uuid> -> the children's ARNs.
        base = map_run_record.map_run_arn.rsplit(":", 1)[0]
        children = [child for _, child in sorted(map_run_record.__dict__.get("result_files", []), key=lambda record: record[0])]
        for child in children:
            child["Name"] = str(uuid.uuid4())
            child["ExecutionArn"] = base.replace(":mapRun:", ":execution:") + ":" + child["Name"]
            child["StateMachineArn"] = base.replace(":mapRun:", ":stateMachine:")
        files = {"FAILED": [], "PENDING": [], "SUCCEEDED": []}
        for group, statuses in (("SUCCEEDED", ("SUCCEEDED",)), ("FAILED", ("FAILED", "TIMED_OUT", "ABORTED"))):
            entries = [dict(sorted(child.items())) for child in children if child["Status"] in statuses]
            if not entries:
                continue
            key = directory + group + "_0.json"
            body = json.dumps(entries).encode("utf8")
            s3_client.put_object(Bucket=parameters["Bucket"], Key=key, Body=body)
            files[group].append({"Key": key, "Size": len(body)})
        manifest = {"DestinationBucket": parameters["Bucket"], "MapRunArn": map_run_record.map_run_arn, "ResultFiles": files}
        key = directory + "manifest.json"
        s3_client.put_object(Bucket=parameters["Bucket"], Key=key, Body=json.dumps(manifest, indent=2).encode("utf8"))
        env.stack.append({"MapRunArn": map_run_record.map_run_arn, "ResultWriterDetails": {"Bucket": parameters["Bucket"], "Key": key}})

    worker._eval_input = _eval_input
    worker._eval_job = _eval_job
    writer._handle_put_object = staticmethod(_handle_put_object)
    print(f"{PATCH}: ResultWriter writes SUCCEEDED_0.json and FAILED_0.json (moto patched, see docs/moto-patches.md)",
          file=sys.stderr)
    return True


def patch_schedule_rules():
    try:
        from moto.events.models import Rule
    except ImportError as error:
        print(f"{PATCH}: moto's EventBridge moved ({error}); schedule rules not patched (see docs/moto-patches.md)", file=sys.stderr)
        return False
    send_to_targets = Rule.send_to_targets

    def _send_to_targets(self, *args, **kwargs):
        if getattr(self, "scheduled_expression", None) and not self.event_pattern.get_pattern():
            return None
        return send_to_targets(self, *args, **kwargs)

    Rule.send_to_targets = _send_to_targets
    print(f"{PATCH}: schedule rules receive no events put on their bus (moto patched, see docs/moto-patches.md)", file=sys.stderr)
    return True


if __name__ == "__main__":
    patch()
    patch_schedule_rules()
    from moto.server import main

    sys.argv[0] = "moto_server"
    sys.exit(main())
