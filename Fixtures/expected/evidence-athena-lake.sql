-- advisor evidence athena --engine cloudtrail-lake: Bedrock inference calls from 2026-11-01 to 2026-11-03 (UTC, both included),
-- counted per account, route, outcome, caller, SDK, retry mode and day.
-- Save the result as CSV and read it with: advisor ingest --format athena FILE
SELECT
  recipientAccountId AS account_id,
  awsRegion AS source_region,
  CASE WHEN eventSource = 'bedrock-mantle.amazonaws.com' THEN element_at(requestParameters, 'model')
       ELSE element_at(requestParameters, 'modelId') END AS model_id,
  COALESCE(element_at(additionalEventData, 'inferenceRegion'), awsRegion) AS inference_region,
  CASE WHEN eventSource = 'bedrock-mantle.amazonaws.com' THEN 'bedrock-mantle' ELSE 'bedrock-runtime' END AS endpoint,
  eventName AS operation,
  COALESCE(errorCode, '') AS error_code,
  COALESCE(regexp_extract(NULLIF(userIdentity.arn, ''), '^arn:[^/]*:assumed-role/[^/]+'), NULLIF(userIdentity.arn, ''), userIdentity.invokedby, '') AS caller,
  COALESCE(regexp_extract(userAgent, '^[A-Za-z0-9._-]{1,40}/[0-9]{1,6}'), '') AS sdk,
  CASE
    WHEN regexp_like(userAgent, '(^| )cfg/retry-mode#legacy( |$)') THEN 'legacy'
    WHEN regexp_like(userAgent, '(^| )cfg/retry-mode#standard( |$)') THEN 'standard'
    WHEN regexp_like(userAgent, '(^| )cfg/retry-mode#adaptive( |$)') THEN 'adaptive'
    WHEN regexp_like(userAgent, '(^| )m/([^ ]*,)?D(,| |$)') THEN 'legacy'
    WHEN regexp_like(userAgent, '(^| )m/([^ ]*,)?E(,| |$)') THEN 'standard'
    WHEN regexp_like(userAgent, '(^| )m/([^ ]*,)?F(,| |$)') THEN 'adaptive'
    ELSE '' END AS retry_mode,
  date_format(eventTime, '%Y-%m-%d') AS day,
  COUNT(*) AS calls,
  date_format(MIN(eventTime), '%Y-%m-%dT%H:%i:%sZ') AS first_seen,
  date_format(MAX(eventTime), '%Y-%m-%dT%H:%i:%sZ') AS last_seen
FROM EXAMPLE-f852-4e8f
WHERE ((eventSource = 'bedrock.amazonaws.com' AND eventName IN ('Converse', 'ConverseStream', 'InvokeModel', 'InvokeModelWithResponseStream'))
       OR (eventSource = 'bedrock-mantle.amazonaws.com' AND eventName IN ('CreateInference')))
  AND eventTime >= timestamp '2026-11-01 00:00:00'
  AND eventTime < timestamp '2026-11-04 00:00:00'
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
ORDER BY 11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
