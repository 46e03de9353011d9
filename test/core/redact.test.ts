import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/core/redact.js';

describe('redacting secrets from log lines', () => {
  it('removes configured secrets and anything shaped like a key, token or database password', () => {
    const line = [
      'upstream said: Incorrect API key provided: sk-proj-AbCdEf1234567890.',
      'slack xoxb-1234-5678-abcdefgh, app xapp-1-A1-abcdefgh',
      'telegram 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9',
      'Authorization: Bearer abc.def.ghijk',
      'postgres://assistant:s3cr3t-pw@db:5432/app',
      'admin hunter2-token',
    ].join('\n');
    const out = redactSecrets(line, ['hunter2-token', undefined]);
    for (const secret of ['sk-proj-AbCdEf1234567890', 'xoxb-1234', 'xapp-1-A1', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9', 'abc.def.ghijk', 's3cr3t-pw', 'hunter2-token']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('Authorization: Bearer [redacted]');
    expect(out).toContain('postgres://assistant:[redacted]@db:5432/app');
    expect(redactSecrets('Where was the 6th conference held? 2018-09-11', [])).toBe('Where was the 6th conference held? 2018-09-11');
  });
});
