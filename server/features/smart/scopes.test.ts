import { describe, expect, it } from 'vitest';
import { scopeAllows } from './access';
import { DATA_SCOPES, scopeCodes } from './scopes';

describe('SMART scopes', () => {
  it('reads v2 and v1 forms, per type and for all types, and never widens a query-narrowed scope', () => {
    expect(scopeAllows(['patient/*.rs'], 'Observation', 'r')).toBe(true);
    expect(scopeAllows(['patient/*.rs'], 'Observation', 's')).toBe(true);
    expect(scopeAllows(['patient/Observation.r'], 'Observation', 's')).toBe(false);
    expect(scopeAllows(['patient/Observation.s'], 'Observation', 's')).toBe(true);
    expect(scopeAllows(['patient/Condition.rs'], 'Observation', 'r')).toBe(false);
    expect(scopeAllows(['patient/Observation.read'], 'Observation', 's')).toBe(true);
    expect(scopeAllows(['patient/*.read'], 'Patient', 'r')).toBe(true);
    expect(scopeAllows(['patient/Observation.rs?category=laboratory'], 'Observation', 'r')).toBe(false);
    expect(scopeAllows(['openid', 'launch/patient'], 'Patient', 'r')).toBe(false);
  });

  it('grants only reading scopes', () => {
    expect(DATA_SCOPES).toContain('patient/*.rs');
    expect(DATA_SCOPES).toContain('patient/Immunization.read');
    expect(DATA_SCOPES.filter((s) => /\.(c|u|d|cruds|write|\*)$/.test(s))).toEqual([]);
  });

  it('turns scopes into what the consent page says, most important first', () => {
    expect(scopeCodes(['launch/patient', 'openid', 'fhirUser', 'offline_access', 'patient/*.rs'])).toEqual(['all', 'identity', 'offline']);
    expect(scopeCodes(['patient/Observation.rs', 'patient/Observation.read', 'patient/Condition.rs', 'patient/Unknown.rs'])).toEqual(['Observation', 'Condition']);
    expect(scopeCodes(['launch/patient'])).toEqual([]);
  });
});
