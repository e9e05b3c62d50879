/**
 * Pre-connect checks: problems a vendor would refuse (or silently mishandle) found before connecting,
 * each with the fix in words. Pure: the caller passes the clock and, where measured, the clock offset.
 * The kind-specific checks are in each kind's descriptor; TLS and clock checks are common.
 */
import type { Profile } from '../contract/profiles.contract';
import { part, renderPart, type ExplainPart } from './explain-part';
import { CLOCK_SKEW_MAX_MS, type Add, type CheckOptions, type Finding } from './check-support';
import { isMqttProfile, kindDescriptor } from './kinds';
import { EXPLAIN_EN } from './explain-en';

export * from './check-support';

function offsetPart(ms: number): ExplainPart {
  const s = Math.round(Math.abs(ms) / 1000);
  const dir = ms > 0 ? 'ahead' : 'behind';
  return s >= 120 ? part(`clock.${dir}.min`, { n: Math.round(s / 60) }) : part(`clock.${dir}.s`, { n: s });
}

function checkTls(profile: Profile, add: Add): void {
  const skipped = isMqttProfile(profile)
    ? (profile.transport === 'tls' || profile.transport === 'wss') && profile.tls.rejectUnauthorized === false
    : 'tlsOptions' in profile && profile.tls && profile.tlsOptions.rejectUnauthorized === false;
  if (skipped) add('warning', 'tls-verification-skipped', part('check.tls-verification-skipped'), part('check.tls-verification-skipped.fix'));
}

function checkClock(profile: Profile, opts: CheckOptions, add: Add): void {
  if (opts.clockOffsetMs === undefined || Math.abs(opts.clockOffsetMs) <= CLOCK_SKEW_MAX_MS) return;
  const signs = kindDescriptor(profile.kind).signsTimestamp === true;
  add(
    signs ? 'error' : 'warning',
    'clock-skew',
    part(signs ? 'check.clock-skew.signed' : 'check.clock-skew.unsigned', { offset: offsetPart(opts.clockOffsetMs) }),
    part('check.clock-skew.fix'),
  );
}

export function checkProfile(profile: Profile, opts: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const add: Add = (severity, code, message, fix) =>
    findings.push({ severity, code, message: renderPart(message, EXPLAIN_EN), fix: renderPart(fix, EXPLAIN_EN), text: { message, fix } });
  kindDescriptor(profile.kind).checks?.(profile, opts, add);
  checkTls(profile, add);
  checkClock(profile, opts, add);
  // Errors first: they block the connection; warnings do not.
  return findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
