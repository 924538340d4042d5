import type { AppointmentOutT } from './presenters';

// An iCalendar (RFC 5545) event for one appointment, so a patient can add it to any calendar app.

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
/** Text values escape backslash, semicolon, comma and newlines. */
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Lines longer than 75 octets are folded (continued on the next line after a space). */
function fold(line: string): string {
  const out: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > 75) {
    let cut = 74;
    while (Buffer.byteLength(rest.slice(0, cut)) > 74) cut--;
    out.push(rest.slice(0, cut));
    rest = ` ${rest.slice(cut)}`;
  }
  out.push(rest);
  return out.join('\r\n');
}

export function appointmentIcs(a: AppointmentOutT, publicUrl: string, now = new Date()): string {
  const where = a.modality === 'in_person' ? `${a.location.name}, ${a.location.address}` : a.modalityText;
  const description = [
    `${a.visitType.name} with ${a.clinician.displayName} (${a.modalityText}).`,
    a.prepare ? `How to prepare: ${a.prepare}` : '',
    a.checkin ? `Check-in: ${a.checkin}` : '',
    a.clinic.phone ? `Questions: call ${a.clinic.phone}.` : '',
    `Details: ${publicUrl}/appointments/${a.id}`,
  ].filter(Boolean).join('\n');
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Portico//Appointments//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${a.id}@portico`,
    `DTSTAMP:${stamp(now.toISOString())}`,
    `DTSTART:${stamp(a.startAt)}`,
    `DTEND:${stamp(a.endAt)}`,
    `SUMMARY:${esc(`Appointment with ${a.clinician.displayName}`)}`,
    `LOCATION:${esc(where)}`,
    `DESCRIPTION:${esc(description)}`,
    `STATUS:${a.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:Appointment reminder', 'TRIGGER:-PT2H', 'END:VALARM',
    'END:VEVENT', 'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
