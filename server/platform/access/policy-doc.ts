import { ROLES } from './actor';
import { PERMISSIONS, ruleFor, type Rule } from './policy';

const cell = (rule: Rule | null): string => {
  if (!rule) return '—';
  if (rule.scope === 'self') return 'own';
  if (rule.scope === 'any') return 'yes';
  if (rule.scope === 'break-glass') return 'break-glass';
  return rule.categories ? `org (${rule.categories.join(', ')})` : 'org';
};

/** The role × permission table of policy.ts as Markdown (docs/security.md "Access policy" shows it). */
export function policyMarkdown(): string {
  const head = `| Permission | ${ROLES.join(' | ')} |\n|---|${ROLES.map(() => '---').join('|')}|`;
  const rows = PERMISSIONS.map((p) => `| \`${p}\` | ${ROLES.map((r) => cell(ruleFor(r, p))).join(' | ')} |`);
  return [head, ...rows].join('\n');
}
