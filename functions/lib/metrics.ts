/**
 * Custom metrics as CloudWatch Embedded Metric Format (EMF): fields added to a JSON log line, which
 * CloudWatch Logs turns into a metric. No SDK call, no extra permission, nothing to flush: the line the
 * function logs anyway is the data point. The CDK app (infra/constructs/alarms.ts) alarms on the same
 * names, imported from here.
 */

/** The namespace of Relais's own metrics. */
export const METRICS_NAMESPACE = 'Relais';

/** Items a timer sweep could not fire (neither fired nor a conflict); the next sweep tries them again. */
export const SWEEP_ITEMS_FAILED = 'SweepItemsFailed';

/**
 * The dimension that tells stages apart: the function's name (CDK names carry the stack, so the stage).
 * Lambda sets AWS_LAMBDA_FUNCTION_NAME; elsewhere (the local runtime, tests) the line is logged the same.
 */
export const FUNCTION_DIMENSION = 'FunctionName';

export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds';

/**
 * The EMF fields of one data point of `name`, with the function dimension: spread them into a log
 * line's fields. `now` is wall-clock epoch ms (the metric's timestamp), never the service clock, which
 * the local runtime can move.
 */
export function metricFields(
  name: string,
  value: number,
  unit: MetricUnit = 'Count',
  options: { readonly now?: number; readonly functionName?: string } = {},
): Record<string, unknown> {
  const functionName = options.functionName ?? process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? 'local';
  return {
    _aws: {
      Timestamp: options.now ?? Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[FUNCTION_DIMENSION]],
          Metrics: [{ Name: name, Unit: unit }],
        },
      ],
    },
    [FUNCTION_DIMENSION]: functionName,
    [name]: value,
  };
}
