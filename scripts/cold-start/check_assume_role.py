"""The original walkthrough's function, written again for the cold-start benchmark (scripts/cold-start.sh).

It does what the published Python 3.8 function did, without its weaknesses that would change the timing: take
{"TargetAccountId": "123456789012"}, assume the Control Tower execution role there (partition from the region, not a
hard-coded arn:aws), call sts:GetCallerIdentity with the new credentials, log the account and ARN, and answer
{"status": "success"} with them. A bad event raises (the caller learns why) instead of exit(). The STS client is
built once per process, outside the handler, as the Java function builds its clients.
"""
import json
import logging
import os
import re

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)

ROLE_NAME = os.environ.get("EXECUTION_ROLE_NAME", "aws-controltower-AdministratorExecutionRole")
SESSION_NAME = "CROSS_ACCOUNT_ACCESS_FROM_CTAUDIT"
ACCOUNT_ID = re.compile(r"\d{12}")

_session = boto3.session.Session()
_sts = _session.client("sts")
_partition = _session.get_partition_for_region(_session.region_name)


def lambda_handler(event, context):
    account_id = event.get("TargetAccountId") if isinstance(event, dict) else None
    if not isinstance(account_id, str) or not ACCOUNT_ID.fullmatch(account_id):
        raise ValueError(f"TargetAccountId: {account_id!r} is not an AWS account id; "
                         'use the 12 digits, as a string, for example "123456789012"')
    role_arn = f"arn:{_partition}:iam::{account_id}:role/{ROLE_NAME}"
    credentials = _sts.assume_role(RoleArn=role_arn, RoleSessionName=SESSION_NAME, DurationSeconds=900)["Credentials"]
    member = _session.client("sts",
                             aws_access_key_id=credentials["AccessKeyId"],
                             aws_secret_access_key=credentials["SecretAccessKey"],
                             aws_session_token=credentials["SessionToken"])
    identity = member.get_caller_identity()
    logger.info(json.dumps({"event": "assumed", "account": identity["Account"], "arn": identity["Arn"]}))
    return {"status": "success", "accountId": identity["Account"], "arn": identity["Arn"]}
