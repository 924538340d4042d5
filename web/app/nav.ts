import type { Role } from '../api/types';

export type NavItem = { to: string; label: string; roles: Role[] | 'all' };

const STAFF: Role[] = ['physician', 'nurse', 'medical_assistant', 'front_desk', 'billing', 'admin', 'researcher'];

/** The navigation skeleton. Features add their entries here as they land. */
export const NAV: NavItem[] = [
  { to: '/', label: 'Home', roles: 'all' },
  { to: '/results', label: 'Test results', roles: ['patient'] },
  { to: '/record', label: 'Health record', roles: ['patient'] },
  { to: '/glucose', label: 'Blood sugar log', roles: ['patient'] },
  { to: '/sharing', label: 'Share access', roles: ['patient'] },
];

export const navFor = (role: Role) => NAV.filter((n) => n.roles === 'all' || n.roles.includes(role));
export const isStaffRole = (role: Role) => STAFF.includes(role);
