#!/usr/bin/env python3
"""An S3 bucket whose uploads are announced through SNS to an HTTP endpoint, on moto's server.

Used by the service tests: starts moto on a free loopback port and prints `endpoint URL`; then reads
the hook URL from stdin, creates a topic subscribed to it and a bucket that notifies the topic of
new objects, uploads the file given as argv[1], and prints `uploaded s3://BUCKET/KEY`. It keeps
serving (the package source is read from this S3) until stdin closes.
"""
import sys

import boto3
from moto.server import ThreadedMotoServer

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
endpoint = f"http://{host}:{port}"
print(f"endpoint {endpoint}", flush=True)

hook_url = sys.stdin.readline().strip()
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
sns = session.client("sns", endpoint_url=endpoint)
s3 = session.client("s3", endpoint_url=endpoint)
topic = sns.create_topic(Name="uploads")["TopicArn"]
sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=hook_url)
s3.create_bucket(Bucket="uploads")
s3.put_bucket_notification_configuration(
    Bucket="uploads",
    NotificationConfiguration={"TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectCreated:*"]}]},
)
key = "incoming/new talk (1).mp4"
with open(sys.argv[1], "rb") as source:
    s3.put_object(Bucket="uploads", Key=key, Body=source.read(), ContentType="video/mp4")
print(f"uploaded s3://uploads/{key}", flush=True)

sys.stdin.read()
server.stop()
