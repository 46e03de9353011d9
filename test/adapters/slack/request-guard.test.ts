import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_WINDOW_S, signatureProblem } from '../../../src/adapters/slack/request-guard.js';

const SECRET = 'unit-secret';
const body = Buffer.from('{"type":"event_callback"}');
const sign = (ts: number, raw = body, secret = SECRET) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:`).update(raw).digest('hex')}`;

describe('signatureProblem', () => {
  const now = 1_700_000_000;
  const at = (ts: number) => signatureProblem(SECRET, String(ts), sign(ts), body, now * 1000);

  it('accepts Slack’s signature up to exactly five minutes either side of our clock, and nothing beyond', () => {
    expect(at(now)).toBeNull();
    expect(at(now - SIGNATURE_WINDOW_S)).toBeNull();
    expect(at(now + SIGNATURE_WINDOW_S)).toBeNull();
    expect(at(now - SIGNATURE_WINDOW_S - 1)).toMatch(/5 minutes/u);
    expect(at(now + SIGNATURE_WINDOW_S + 1)).toMatch(/5 minutes/u);
  });

  it('refuses malformed headers, another secret and another body', () => {
    expect(signatureProblem(SECRET, undefined, sign(now), body, now * 1000)).toMatch(/timestamp/u);
    expect(signatureProblem(SECRET, '1e9', sign(now), body, now * 1000)).toMatch(/timestamp/u);
    expect(signatureProblem(SECRET, String(now), undefined, body, now * 1000)).toMatch(/signature/u);
    expect(signatureProblem(SECRET, String(now), 'v1=' + sign(now).slice(3), body, now * 1000)).toMatch(/signature/u);
    expect(signatureProblem(SECRET, String(now), sign(now, body, 'other'), body, now * 1000)).toBe('signature mismatch');
    expect(signatureProblem(SECRET, String(now), sign(now), Buffer.from('{}'), now * 1000)).toBe('signature mismatch');
  });
});
