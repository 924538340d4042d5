import { describe, expect, it } from 'vitest';
import { emergencyMatches, looksUrgent } from './emergency';

describe('emergency words', () => {
  it('flags phrases that suggest an emergency', () => {
    for (const t of ['I have chest pain since this morning', "I can't breathe well", 'I feel suicidal', 'my blood sugar is over 450', 'She passed out'])
      expect(looksUrgent(t), t).toBe(true);
  });
  it('does not flag ordinary messages', () => {
    for (const t of ['Please refill my metformin', 'My readings this week: 130, 142, 118', 'Can I move my appointment?'])
      expect(looksUrgent(t), t).toBe(false);
  });
  it('names what it found', () => {
    expect(emergencyMatches('chest pain and shortness of breath')).toEqual(['chest pain', 'shortness of breath']);
  });
});
