-- advisor evidence athena: a CloudTrail table for Bedrock inference calls, with partition projection
-- (account, Region and day). Run it once in Athena (JsonSerDe ignores the CloudTrail fields not listed).
CREATE EXTERNAL TABLE IF NOT EXISTS cloudtrail_bedrock (
  useridentity STRUCT<type: STRING, arn: STRING, accountid: STRING, invokedby: STRING>,
  eventtime STRING,
  eventsource STRING,
  eventname STRING,
  awsregion STRING,
  useragent STRING,
  errorcode STRING,
  requestparameters STRING,
  additionaleventdata STRING,
  eventid STRING,
  recipientaccountid STRING
)
PARTITIONED BY (account STRING, region STRING, `timestamp` STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://trail-bucket/prefix/AWSLogs/o-a1b2c3d4e5/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.account.type'='enum',
  'projection.account.values'='111122223333,444455556666',
  'projection.region.type'='enum',
  'projection.region.values'='eu-central-1,us-east-1',
  'projection.timestamp.type'='date',
  'projection.timestamp.format'='yyyy/MM/dd',
  'projection.timestamp.interval'='1',
  'projection.timestamp.interval.unit'='DAYS',
  'projection.timestamp.range'='2026/10/31,NOW',
  'storage.location.template'='s3://trail-bucket/prefix/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${timestamp}'
);

-- advisor evidence athena: Bedrock inference calls from 2026-11-01 to 2026-11-03 (UTC, both included),
-- counted per account, route, outcome, caller, SDK, retry mode and day.
-- Save the result as CSV and read it with: advisor ingest --format athena FILE
SELECT
  recipientaccountid AS account_id,
  awsregion AS source_region,
  CASE WHEN eventsource = 'bedrock-mantle.amazonaws.com' THEN json_extract_scalar(requestparameters, '$.model')
       ELSE json_extract_scalar(requestparameters, '$.modelId') END AS model_id,
  COALESCE(json_extract_scalar(additionaleventdata, '$.inferenceRegion'), awsregion) AS inference_region,
  CASE WHEN eventsource = 'bedrock-mantle.amazonaws.com' THEN 'bedrock-mantle' ELSE 'bedrock-runtime' END AS endpoint,
  eventname AS operation,
  COALESCE(errorcode, '') AS error_code,
  COALESCE(regexp_extract(NULLIF(useridentity.arn, ''), '^arn:[^/]*:assumed-role/[^/]+'), NULLIF(useridentity.arn, ''), useridentity.invokedby, '') AS caller,
  COALESCE(regexp_extract(useragent, '^[A-Za-z0-9._-]{1,40}/[0-9]{1,6}'), '') AS sdk,
  CASE
    WHEN regexp_like(useragent, '(^| )cfg/retry-mode#legacy( |$)') THEN 'legacy'
    WHEN regexp_like(useragent, '(^| )cfg/retry-mode#standard( |$)') THEN 'standard'
    WHEN regexp_like(useragent, '(^| )cfg/retry-mode#adaptive( |$)') THEN 'adaptive'
    WHEN regexp_like(useragent, '(^| )m/([^ ]*,)?D(,| |$)') THEN 'legacy'
    WHEN regexp_like(useragent, '(^| )m/([^ ]*,)?E(,| |$)') THEN 'standard'
    WHEN regexp_like(useragent, '(^| )m/([^ ]*,)?F(,| |$)') THEN 'adaptive'
    ELSE '' END AS retry_mode,
  substr(eventtime, 1, 10) AS day,
  COUNT(*) AS calls,
  MIN(eventtime) AS first_seen,
  MAX(eventtime) AS last_seen
FROM cloudtrail_bedrock
WHERE ((eventsource = 'bedrock.amazonaws.com' AND eventname IN ('Converse', 'ConverseStream', 'InvokeModel', 'InvokeModelWithResponseStream'))
       OR (eventsource = 'bedrock-mantle.amazonaws.com' AND eventname IN ('CreateInference')))
  AND account IN ('111122223333', '444455556666')
  AND region IN ('eu-central-1', 'us-east-1')
  AND "timestamp" BETWEEN '2026/10/31' AND '2026/11/04'
  AND eventtime >= '2026-11-01T00:00:00Z'
  AND eventtime < '2026-11-04T00:00:00Z'
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
ORDER BY 11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
