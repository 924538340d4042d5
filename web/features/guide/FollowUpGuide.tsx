import { api, newIdempotencyKey } from '../../api/client';

// "Ask the patient to message" (follow-up requests, web/features/chart/MySettings.tsx) can attach the messaging guide:
// the patient then also finds "How messaging works" on their home page with the same instructions. Staff screen: English.

export function AttachGuideField({ checked, onChange }: { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="field">
      <label><input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> Attach the “How messaging works” guide</label>
      <p className="hint">The patient sees the guide on their home page with your request.</p>
    </div>
  );
}

/** Explains messaging to the patient, linked to the follow-up request just made. */
export const attachGuide = (patientId: string, instructions: string, followUpId: string | null) =>
  api(`/api/patients/${patientId}/guide/explain`, {
    method: 'POST', body: { instructions: instructions.trim() || null, followUpId, idempotencyKey: newIdempotencyKey() } });
