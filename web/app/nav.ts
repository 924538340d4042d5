import type { Role } from '../api/types';

export type NavItem = { to: string; label: string; roles: Role[] | 'all' };

const STAFF: Role[] = ['physician', 'nurse', 'medical_assistant', 'front_desk', 'billing', 'admin', 'researcher'];

/** The navigation skeleton. Features add their entries here as they land. */
export const NAV: NavItem[] = [
  { to: '/', label: 'Home', roles: 'all' },
  { to: '/messages', label: 'Messages', roles: ['patient'] },
  { to: '/inbasket', label: 'In-basket', roles: ['physician', 'nurse', 'medical_assistant', 'front_desk', 'billing', 'admin'] },
  { to: '/inbasket/evisits', label: 'E-visits to bill', roles: ['billing', 'admin'] },
  { to: '/chart', label: 'Patient charts', roles: ['physician', 'nurse', 'medical_assistant', 'front_desk', 'admin'] },
  { to: '/staff/settings', label: 'My messaging settings', roles: ['physician', 'nurse', 'medical_assistant'] },
  { to: '/admin/inbasket', label: 'Message routing', roles: ['admin'] },
  { to: '/admin/audit', label: 'Audit reports', roles: ['admin'] },
  { to: '/admin/break-glass', label: 'Break-glass report', roles: ['admin'] },
  { to: '/results', label: 'Test results', roles: ['patient'] },
  { to: '/record', label: 'Health record', roles: ['patient'] },
  { to: '/glucose', label: 'Blood sugar log', roles: ['patient'] },
  { to: '/appointments', label: 'Appointments', roles: ['patient'] },
  { to: '/refills', label: 'Refills', roles: ['patient'] },
  { to: '/referrals', label: 'Referrals', roles: ['patient'] },
  { to: '/staff/scheduling', label: 'Scheduling', roles: ['front_desk', 'admin', 'physician', 'nurse', 'medical_assistant'] },
  { to: '/staff/availability', label: 'Availability', roles: ['physician', 'front_desk', 'admin'] },
  { to: '/staff/refills', label: 'Refills', roles: ['physician', 'nurse', 'medical_assistant'] },
  { to: '/staff/referrals', label: 'Referrals', roles: ['physician', 'nurse', 'medical_assistant'] },
  { to: '/billing', label: 'Billing', roles: ['patient'] },
  { to: '/insurance', label: 'Insurance', roles: ['patient'] },
  { to: '/sharing', label: 'Share access', roles: ['patient'] },
  { to: '/security', label: 'Sign-in security', roles: 'all' },
  { to: '/apps', label: 'Connected apps', roles: ['patient'] },
  { to: '/find-a-doctor', label: 'Find a doctor', roles: 'all' },
  { to: '/locations', label: 'Locations', roles: 'all' },
  { to: '/directory', label: 'Phone numbers', roles: 'all' },
  { to: '/billing/office', label: 'Billing office', roles: ['billing', 'admin'] },
  { to: '/insurance/requests', label: 'Insurance updates', roles: ['front_desk', 'billing', 'admin'] },
  { to: '/research', label: 'Research', roles: ['researcher', 'admin'] },
];

export const navFor = (role: Role) => NAV.filter((n) => n.roles === 'all' || n.roles.includes(role));
export const isStaffRole = (role: Role) => STAFF.includes(role);
