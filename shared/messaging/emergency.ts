// Words that suggest an emergency. Used by the composer (to warn before sending) and by the server (which refuses
// a message with these words unless the patient confirmed they saw the warning). Kept broad on purpose: a false
// warning costs a click; a missed one can cost a life.
const PATTERNS: RegExp[] = [
  /chest\s+(pain|pressure|tightness)/i,
  /can'?n?o?t\s+breathe|cannot\s+breathe|can\s*not\s+breathe|trouble\s+breathing|short(ness)?\s+of\s+breath|not\s+breathing/i,
  /suicid|kill\s+my\s*self|end\s+my\s+life|want\s+to\s+die|hurt\s+my\s*self/i,
  /stroke|face\s+(is\s+)?droop|slurred\s+speech|can'?t\s+move\s+my\s+(arm|leg)/i,
  /pass(ed)?\s+out|faint(ed|ing)|unconscious|seizure/i,
  /severe\s+bleeding|bleeding\s+(a\s+lot|heavily|won'?t\s+stop)|vomiting\s+blood/i,
  /overdose|anaphyla|throat\s+(is\s+)?(closing|swelling)/i,
  /blood\s+sugar\s+(is\s+)?(over|above)\s+[4-9]\d\d|sugar\s+(is\s+)?(under|below)\s+[1-5]\d\b/i,
];

/** The phrases found, in the order of the patterns; empty when nothing suggests an emergency. */
export function emergencyMatches(text: string): string[] {
  const found: string[] = [];
  for (const p of PATTERNS) {
    const m = text.match(p);
    if (m) found.push(m[0]);
  }
  return found;
}

export const looksUrgent = (text: string) => emergencyMatches(text).length > 0;
