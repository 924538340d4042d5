import type { Role } from '../api/types';

export type NavItem = { to: string; label: string; roles: Role[] | 'all' };

const STAFF: Role[] = ['physician', 'nurse', 'medical_assistant', 'front_desk', 'billing', 'admin', 'researcher'];

/** The navigation skeleton. Features add their entries here as they land. */
export const NAV: NavItem[] = [
  { to: '/', label: 'Home', roles: 'all' },
];

export const navFor = (role: Role) => NAV.filter((n) => n.roles === 'all' || n.roles.includes(role));
export const isStaffRole = (role: Role) => STAFF.includes(role);
