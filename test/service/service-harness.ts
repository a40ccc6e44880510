import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { pino } from 'pino';
import { NodeRegistry } from '../../engine/index.ts';
import type { NodeDefinition } from '../../engine/index.ts';
import { builtinNodes } from '../../nodes/index.ts';
import { createService } from '../../service/runtime/create-service.ts';
import type { PipewrightService } from '../../service/runtime/create-service.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export async function fixture(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(FIXTURES, `${name}.json`), 'utf8'));
}

export interface TestService extends PipewrightService {
  /** Every pino line the service wrote, parsed. */
  logs: Record<string, unknown>[];
  dataFolder: string;
  close(): Promise<void>;
}

/** A service in this process with a throw-away data folder and its log lines captured. */
export async function testService(
  workflow: unknown,
  options: { env?: Record<string, string>; kinds?: NodeDefinition<never>[] } = {},
): Promise<TestService> {
  const dataFolder = await mkdtemp(join(tmpdir(), 'pw-service-'));
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const service = await createService({
    workflow,
    registry: new NodeRegistry([...builtinNodes, ...(options.kinds ?? [])]),
    env: { ...options.env },
    dataFolder,
    logger: pino({ level: 'info' }, sink),
  });
  return Object.assign(service, {
    logs,
    dataFolder,
    async close() {
      await service.shutdown();
      await rm(dataFolder, { recursive: true, force: true });
    },
  });
}

/** Checks a body against a schema of the service's own contract document. */
export function contractValidator(contract: object) {
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ ...contract, $id: 'https://contract.test/openapi.json' });
  return (schemaName: string, body: unknown) => {
    const validate = ajv.getSchema(
      `https://contract.test/openapi.json#/components/schemas/${schemaName}`,
    )!;
    const ok = validate(body);
    return { ok, errors: validate.errors };
  };
}
