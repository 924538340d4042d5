import type { Db } from '../../db/client';
import type { FeatureCommand } from '../../cli/feature-commands';

// Appointment reminders: a notification a configurable time before the visit (sched_settings.reminder_lead_hours, per
// organization). It says only that there is an upcoming appointment and links to Portico: no clinician, clinic, specialty
// or reason, because the email may be read by someone else. The reminder row (primary key appointment + lead time) and the
// outbox dedupe key make the job idempotent: running it twice, or in two processes, sends one reminder.

export const REMINDER_SUBJECT = 'Reminder: you have an upcoming appointment';

export function reminderBody(link: string) {
  return `You have an appointment coming up soon.\n\nSign in to Portico to see the date, time and how to prepare:\n${link}\n\n`
    + 'If you cannot come, please let the clinic know. This email has no details on purpose, to keep your health information private.';
}

export async function sendAppointmentReminders(db: Db, opts: { publicUrl: string; now?: Date; leadHours?: number }): Promise<number> {
  const now = opts.now ?? new Date();
  const due = await db.query<{ id: string; patient_id: string; lead_hours: number }>(
    `select a.id, a.patient_id, coalesce($2::int, s.reminder_lead_hours, 48) as lead_hours
       from appointment a left join sched_settings s on s.org_id = a.org_id
      where a.status = 'booked' and a.start_at > $1::timestamptz
        and a.start_at <= $1::timestamptz + make_interval(hours => coalesce($2::int, s.reminder_lead_hours, 48))
        and not exists (select 1 from appointment_reminder r where r.appointment_id = a.id
                         and r.lead_hours = coalesce($2::int, s.reminder_lead_hours, 48))
      order by a.start_at limit 1000`, [now.toISOString(), opts.leadHours ?? null]);
  let sent = 0;
  for (const a of due) {
    await db.tx(async (q) => {
      const claimed = await q.query('insert into appointment_reminder (appointment_id, lead_hours) values ($1,$2) on conflict do nothing returning appointment_id',
        [a.id, a.lead_hours]);
      if (!claimed.length) return;
      const users = await q.query<{ id: string; email: string }>("select id, email from app_user where patient_id = $1 and role = 'patient' and not disabled", [a.patient_id]);
      for (const u of users) {
        const link = `${opts.publicUrl}/appointments/${a.id}`;
        const key = `appt-reminder:${a.id}:${a.lead_hours}:${u.id}`;
        // Same outbox as messaging, own subject and body: only "you have an upcoming appointment".
        await q.query(
          `insert into outbox_email (to_address, subject, body, dedupe_key) values ($1,$2,$3,$4) on conflict (dedupe_key) do nothing`,
          [u.email, REMINDER_SUBJECT, reminderBody(link), key]);
      }
      sent++;
    });
  }
  return sent;
}

/** Runs the reminder job every few minutes in the server process; stops with the app. */
export function startReminderJob(db: Db, publicUrl: string, everyMs = 5 * 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sendAppointmentReminders(db, { publicUrl });
    } catch {
      // The next tick retries; the reminder table keeps what was already sent.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export const remindersCommand: FeatureCommand = {
  help: 'appointment-reminders [--lead-hours N]   queue reminder emails for upcoming appointments (idempotent)',
  needsDb: true,
  async run(db, args, io) {
    const i = args.indexOf('--lead-hours');
    const leadHours = i >= 0 ? Number(args[i + 1]) : undefined;
    if (leadHours !== undefined && !(leadHours > 0)) {
      io.stderr('--lead-hours must be a positive number\n');
      return 2;
    }
    const n = await sendAppointmentReminders(db, { publicUrl: process.env.PORTICO_PUBLIC_URL ?? 'http://localhost:3000', leadHours });
    io.stdout(`Queued reminders for ${n} appointment(s).\n`);
    return 0;
  },
};
