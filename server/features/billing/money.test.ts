import { describe, expect, it } from 'vitest';
import { addMonths, formatCents, parseDollars, planSchedule, splitInstallments } from './money';
import { cardBrand, luhnValid, TEST_CARDS } from './gateway';
import { sniffImageType } from './magic';

describe('money in cents', () => {
  it('formats cents without floating point drift', () => {
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(123456789)).toBe('$1,234,567.89');
    expect(formatCents(-1050)).toBe('-$10.50');
    expect(() => formatCents(10.5)).toThrow();
  });

  it('parses dollar strings to exact cents (0.1 + 0.2 style errors impossible)', () => {
    expect(parseDollars('0.29')).toBe(29);
    expect(parseDollars('$1,200.5')).toBe(120050);
    expect(parseDollars('19.99')).toBe(1999);
    expect(parseDollars('12.345')).toBeNull();
    expect(parseDollars('-5')).toBeNull();
    expect(parseDollars('abc')).toBeNull();
  });

  it('splits installments that always add up to the total', () => {
    for (const [total, n] of [[10000, 3], [1, 2], [99999, 12], [40001, 7]]) {
      const parts = splitInstallments(total, n);
      expect(parts).toHaveLength(n);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(Math.max(...parts) - Math.min(...parts)).toBeLessThan(n);
    }
  });

  it('adds months keeping the day where the month allows', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
  });

  it('marks installments paid as payments cover them', () => {
    const s = planSchedule(30000, 3, '2025-01-01', 10000, '2025-01-15');
    expect(s.map((i) => i.status)).toEqual(['paid', 'due', 'upcoming']);
    const late = planSchedule(30000, 3, '2025-01-01', 10000, '2025-02-10');
    expect(late.map((i) => i.status)).toEqual(['paid', 'late', 'due']);
    const t = planSchedule(30000, 3, '2025-02-01', 0, '2025-01-15');
    expect(t.map((i) => i.status)).toEqual(['due', 'upcoming', 'upcoming']);
  });
});

describe('cards and files', () => {
  it('the documented test cards are valid card numbers with the right brand', () => {
    for (const n of Object.keys(TEST_CARDS)) expect(luhnValid(n), n).toBe(true);
    expect(cardBrand('4242424242424242')).toBe('Visa');
    expect(cardBrand('5555555555554444')).toBe('Mastercard');
    expect(luhnValid('4242424242424241')).toBe(false);
  });

  it('recognises images by their first bytes, not their name', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffImageType(Buffer.from('<svg onload=alert(1)>'))).toBeNull();
    expect(sniffImageType(Buffer.from('MZ\x90\x00'))).toBeNull();
  });
});
