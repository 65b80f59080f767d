import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * @seriousme/openapi-schema-validator is an ES module, which jest's CommonJS runtime cannot load:
 * it runs in a node child process, the document on its standard input.
 */
const SCRIPT = `
import { Validator } from '@seriousme/openapi-schema-validator';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const result = await new Validator().validate(JSON.parse(Buffer.concat(chunks).toString('utf8')));
process.stdout.write(JSON.stringify({ valid: result.valid, errors: result.errors ?? null }));
`;

export function validateOpenApi(document: unknown): { valid: boolean; errors: unknown } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: path.join(__dirname, '..', '..'),
    input: JSON.stringify(document),
  });
  return JSON.parse(out.toString('utf8')) as { valid: boolean; errors: unknown };
}
