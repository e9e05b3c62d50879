import { describe, expect, it } from 'vitest';
import { describeIssues, jsonSyntaxProblem } from './quiet-file-errors';

function problem(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return jsonSyntaxProblem(text, err);
  }
  throw new Error('parsed');
}

describe('quiet file errors', () => {
  it('says where JSON breaks without quoting it', () => {
    expect(problem('root:x:0:0:root:/root:/bin/bash\n')).toBe('not valid JSON at line 1, column 1');
    expect(problem('{\n  "a": 1,\n  secret-word\n}')).toBe('not valid JSON at line 3, column 3');
    expect(problem('{"a": [1, 2')).toBe('not complete JSON: it ends in the middle of a value');
    expect(problem('   ')).toMatch(/^(empty|not complete JSON)/);
    for (const t of ['root:x:0:0', '{"k": secret-word}', '\u0000secret-word']) expect(problem(t)).not.toMatch(/root|secret/);
  });

  it('counts unknown keys instead of naming them, and lists the known ones', () => {
    const text = describeIssues(
      [
        { code: 'unrecognized_keys', path: [], message: 'Unrecognized keys: "secret-key"', keys: ['secret-key', 'other'] },
        { code: 'invalid_type', path: ['fleet', 'devices'], message: 'Invalid input: expected number, received string' },
      ],
      (p) => (p.length === 0 ? ['seed', 'fleet'] : undefined),
    );
    expect(text).toBe(
      'top level: 2 fields this version does not know (known fields: seed, fleet); fleet.devices: Invalid input: expected number, received string',
    );
  });
});
