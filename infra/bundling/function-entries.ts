/*
 * Each Relais function's entry point, in a module of its own that imports nothing: the bundling settings
 * (esbuild-settings.ts, which the CDK app's bundling step reads) and the build settings (settings.ts)
 * both name functions by it.
 */

/** Each function's entry point, relative to the repository root, by function name. */
export const FUNCTION_ENTRIES = {
  api: 'functions/api/index.ts',
  web: 'functions/web/index.ts',
  links: 'functions/links/index.ts',
  notify: 'functions/notify/index.ts',
  project: 'functions/project/index.ts',
  publish: 'functions/publish/index.ts',
  sweep: 'functions/sweep/index.ts',
  bounces: 'functions/bounces/index.ts',
  'staff-claims': 'functions/staff-claims/index.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;
export const FUNCTION_NAMES = Object.keys(FUNCTION_ENTRIES) as FunctionName[];
